/**
 * What is left of a block whose other marker is gone: a person deleted the end marker's line (or the begin's), or
 * pasted part of an old block. The rest is recognised by our own lines — the wording `renderBlock` writes, in the
 * order it writes it — never by guessing: walking away from the orphaned marker, the first line that is not one of
 * ours, in its place, ends the half. Lines are read on visible text, so calendar markup does not matter.
 */
import { HARD_BREAK, type VisibleText } from './visible-text.ts';
import type { TagIndex } from './wrapper-tags.ts';

/**
 * The lines `renderBlock` writes between the markers, each as a pattern (a regular expression source matched against a
 * whole line of visible text, case-insensitively; build fixed wording with `words`).
 */
export interface BlockWording {
  /** The agenda line (its link follows on the same line, or alone on the next when `urlLine`). */
  readonly agenda: string;
  /** Whether the agenda's bare URL may sit alone on the line after the agenda line (plain text). */
  readonly urlLine?: boolean;
  /** The heading over the carried commitments. */
  readonly carried: string;
  /** Stands in for the commitments when none is open. */
  readonly none: string;
  /** The line just above the end marker. */
  readonly note: string;
  /** The line that closes a shortened list ("… and 3 more on the agenda"), read as one of the items. */
  readonly more?: string;
  /** Starts each commitment line in plain text (in HTML each commitment is a list item). */
  readonly itemPrefix: string;
}

/** A line of our block, or one of its markers. */
export type LineKind = 'begin' | 'agenda' | 'url' | 'carried' | 'item' | 'none' | 'note' | 'end';

/** Tells which of our lines, if any, a line of visible text is. */
export interface BlockLines {
  readonly patterns: readonly { readonly kind: LineKind; readonly pattern: RegExp }[];
  readonly itemPrefixes: readonly string[];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A pattern for fixed wording: its words parted by any run of spaces, or a source newline where Outlook wrapped. */
export const words = (text: string) => text.trim().split(/\s+/).map(escapeRegExp).join('[ \\n]+');

/**
 * Recognises the lines written with any of `wordings`: keep every wording a block was ever written with, newest
 * first, so a stale half written before a rewording still heals.
 */
export function blockLines(wordings: readonly BlockWording[]): BlockLines {
  const whole = (kind: LineKind, source: string) => ({ kind, pattern: new RegExp(`^${source}$`, 'i') });
  return {
    patterns: wordings.flatMap((wording) => [
      whole('agenda', wording.agenda),
      ...(wording.urlLine ? [whole('url', 'https?://\\S+')] : []),
      whole('carried', wording.carried),
      whole('none', wording.none),
      whole('note', wording.note),
      ...(wording.more ? [whole('item', wording.more)] : []),
    ]),
    itemPrefixes: wordings.map((wording) => wording.itemPrefix),
  };
}

// Each line's place in a block, top to bottom. A person may have deleted any line, so a line may follow any line
// placed above it — except a commitment item, which only follows our heading or another item.
const PLACE: Record<LineKind, number> = { begin: 0, agenda: 1, url: 2, carried: 3, item: 4, none: 4, note: 5, end: 6 };

/** Whether line `below` may come right after line `above` in what is left of a block. */
function canFollow(above: LineKind, below: LineKind): boolean {
  if (below === 'item') return above === 'carried' || above === 'item';
  // A bare URL is ours only right under our agenda line.
  if (below === 'url') return above === 'agenda';
  return PLACE[above] < PLACE[below];
}

/**
 * Where the stale half after an orphaned begin marker ends: `from` is the marker's end in `seen.text` and `limit`
 * where the next marker starts (or the text's length).
 */
export function staleHalfEnd(seen: VisibleText, from: number, limit: number, lines: BlockLines, tags: TagIndex) {
  return walk(seen, from, limit, 1, lines, tags);
}

/**
 * Where the stale half before an orphaned end marker starts: `to` is the marker's start in `seen.text` and `limit`
 * where the marker before it ends (or 0).
 */
export function staleHalfStart(seen: VisibleText, to: number, limit: number, lines: BlockLines, tags: TagIndex) {
  return walk(seen, to, limit, -1, lines, tags);
}

const WHITE = new Set([' ', '\n', HARD_BREAK]);

/**
 * Walks line by line from a marker at `at` towards `limit` (`step` 1 down the text, -1 up it) while each line is
 * one of ours in its place; returns how far the half reaches. Nothing in a commitment's wording says it is ours, so
 * commitment items count only once the walk is past them: under our heading and over our note (or end marker).
 *
 * Lines are parted by line-breaking tags; a source newline parts them too, unless the tags already do (then the
 * description is HTML and a newline is where Outlook wrapped its source). A blank line (two newlines in plain text,
 * two `<br>` in HTML) ends the half: our block has none, so what is past it is a paragraph of the person's.
 */
function walk(seen: VisibleText, at: number, limit: number, step: 1 | -1, lines: BlockLines, tags: TagIndex) {
  const { text } = seen;
  const ahead = (cursor: number) => (step === 1 ? text[cursor] : text[cursor - 1]) ?? '';
  const inside = (cursor: number) => (step === 1 ? cursor < limit : cursor > limit);
  const isBreak = (ch: string, html: boolean) => ch === HARD_BREAK || (!html && ch === '\n');
  let reached = at;
  let cursor = at;
  let last: LineKind = step === 1 ? 'begin' : 'end';
  let html: boolean | undefined;
  for (;;) {
    let hard = 0;
    let soft = 0;
    let brs = 0;
    for (let ch = ahead(cursor); inside(cursor) && WHITE.has(ch); cursor += step, ch = ahead(cursor)) {
      if (ch === '\n') soft += 1;
      else if (ch === HARD_BREAK) {
        hard += 1;
        if (tagAt(seen, tags, step === 1 ? cursor : cursor - 1)?.name === 'br') brs += 1;
      }
    }
    html ??= hard > 0;
    const breaks = html ? hard : hard + soft;
    if (breaks === 0 || !inside(cursor) || (html ? brs > 1 : breaks > 1)) break;

    const near = cursor;
    while (inside(cursor) && !isBreak(ahead(cursor), html)) cursor += step;
    // Our lines sit on lines of their own, so a line that runs into the next marker is the person's.
    if (!inside(cursor) && limit !== (step === 1 ? text.length : 0)) break;
    const [start, end] = step === 1 ? [near, cursor] : [cursor, near];
    const line = text.slice(start, end);
    const lineStart = start + line.length - line.trimStart().length;
    const lineEnd = end - (line.length - line.trimEnd().length);
    const kind = kindOf(text.slice(lineStart, lineEnd), opensListItem(seen, tags, lineStart), lines);
    if (kind === undefined || !(step === 1 ? canFollow(last, kind) : canFollow(kind, last))) break;
    last = kind;
    cursor = step === 1 ? lineEnd : lineStart;
    if (kind !== 'item') reached = cursor;
  }
  return reached;
}

function kindOf(line: string, listItem: boolean, lines: BlockLines): LineKind | undefined {
  // In HTML only commitments are list items, so a list item is one whatever it says.
  if (listItem) return 'item';
  for (const { kind, pattern } of lines.patterns) if (pattern.test(line)) return kind;
  return lines.itemPrefixes.some((prefix) => line.startsWith(prefix)) ? 'item' : undefined;
}

/** Whether the line starting at visible `lineStart` was opened by an `<li>`. */
function opensListItem(seen: VisibleText, tags: TagIndex, lineStart: number): boolean {
  let at = lineStart - 1;
  while (at >= 0 && (seen.text[at] === ' ' || seen.text[at] === '\n')) at -= 1;
  if (seen.text[at] !== HARD_BREAK) return false;
  const tag = tagAt(seen, tags, at);
  return tag?.name === 'li' && tag.kind === 'open';
}

/** The tag a hard break in visible text stands for. */
function tagAt(seen: VisibleText, tags: TagIndex, at: number) {
  const index = tags.byStart.get(seen.rawStart[at] as number);
  return index === undefined ? undefined : tags.tags[index];
}
