/**
 * The one block Carryover owns inside a calendar event's description. Everything outside the block belongs to people
 * (join links, notes, dial-ins) and is never changed by a single byte; the block is found by its markers even after a
 * calendar has rewritten the markup around and inside them.
 *
 * The block heals whatever a person did to it. Extra copies go; a marker whose partner was deleted goes too, with the
 * lines next to it that are recognisably ours (stale-half.ts): the next `replaceBlock` leaves exactly one block, and
 * `removeBlock` none of our lines. Lines that are not ours — even ones typed right next to ours — stay as they are.
 */
import { type BlockWording, blockLines, staleHalfEnd, staleHalfStart, words } from './stale-half.ts';
import type { DescriptionFormat } from './types.ts';
import { visibleText } from './visible-text.ts';
import { indexTags, type TagIndex, widenOverWrappers } from './wrapper-tags.ts';

/** What the block says: where the agenda lives, what is carried into the next meeting, and when it was written. */
export interface BlockContent {
  agendaUrl: string;
  /** Commitments still open, most pressing first; `due` as people read it ("Fri 11 Dec"), or null. */
  carried: readonly { text: string; ownerName: string; due: string | null; overdue: boolean }[];
  /** When this snapshot was taken, as people read it ("Tue 24 Nov, 10:31"): the invite is a snapshot. */
  asOf: string;
  /** At most this many commitments are listed; the rest are counted ("… and 3 more on the agenda"). */
  maxItems?: number;
}

/** A block's place in a description: `description.slice(start, end)` is the whole block, markers included. */
export interface BlockRange {
  readonly start: number;
  readonly end: number;
}

// Pure ASCII, because calendars may send non-ASCII back entity-encoded. Short, so they read as a heading and a rule
// rather than as machinery; the note line above the end says what the block is.
/** The first line of the block. */
export const BLOCK_BEGIN = '=== Carryover 1:1 agenda ===';
/** The last line of the block. */
export const BLOCK_END = '=== End of Carryover agenda ===';
/** Begin markers blocks were written with before: still found, replaced and healed in invites that have them. */
const OLD_BEGINS = ['=== Carryover 1:1 agenda (updated automatically, edit outside these lines) ==='];

/** Commitments listed in the invite before the rest are only counted. */
export const DEFAULT_MAX_ITEMS = 5;

const SEPARATOR: Record<DescriptionFormat, string> = { text: '\n\n', html: '<br><br>' };
// What the block says, in one place so the wording can change without touching layout.
const SAY = {
  agenda: 'Open the 1:1 agenda',
  carried: 'Carried from earlier 1:1s:',
  none: 'No open commitments.',
  note: (asOf: string) =>
    `Updated by Carryover on ${asOf}. Edit outside these lines; the agenda page is always current.`,
  more: (count: number) => `\u2026 and ${count} more on the agenda`,
  itemPrefix: '\u2022 ',
};
// Every wording blocks were written with, newest first. When the wording changes, put the new one in front and keep
// the old: stale halves written with it must still heal.
const WORDINGS: readonly BlockWording[] = [
  {
    agenda: `${words(SAY.agenda)}:?`,
    urlLine: true,
    carried: words(SAY.carried),
    none: words(SAY.none),
    note: `${words('Updated by Carryover on')}[ \\n]+.{1,80}?\\.[ \\n]+${words('Edit outside these lines; the agenda page is always current.')}`,
    more: `(?:\u2026|\\.\\.\\.)[ \\n]*${words('and')}[ \\n]+\\d+[ \\n]+${words('more on the agenda')}`,
    itemPrefix: SAY.itemPrefix,
  },
  {
    agenda: `${words('Agenda and talking points:')}[ \\n]+\\S+`,
    carried: words('Carried from earlier 1:1s:'),
    none: words('No open commitments.'),
    note: words('This block is updated automatically by Carryover; anything outside it is left alone.'),
    itemPrefix: '- ',
  },
];
const OUR_LINES = blockLines(WORDINGS);

/**
 * A marker in visible text, in any letter case, with any run of spaces (or none) between its words and at most one
 * source newline (Outlook wraps its HTML source) — but never a blank line or a line-breaking tag, so a fragment
 * before our separator cannot reach into the block we appended after it.
 */
function markerSource(marker: string): string {
  return marker
    .split(' ')
    .map((word) => word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join(' *(?:\n *)?');
}
// A lookahead reports every position a marker starts at, overlapping ones included (see `markersIn`).
const BEGINS = [BLOCK_BEGIN, ...OLD_BEGINS].map(markerSource).join('|');
const MARKERS = new RegExp(`(?=(${BEGINS})|(${markerSource(BLOCK_END)}))`, 'gi');
const ANY_MARKER = new RegExp(`${BEGINS}|${markerSource(BLOCK_END)}`, 'i');

interface Marker {
  readonly begin: boolean;
  readonly start: number;
  readonly end: number;
}

/**
 * The markers in visible text, in order. Two can share a '===' when a person's text runs into one of ours; then the
 * earlier keeps it — except that of two begin markers both stay, and the nearer one opens the block. Our own markers
 * sit on lines of their own where we write them, so a clash means a fragment typed onto the same line.
 */
function markersIn(visible: string): Marker[] {
  const markers: Marker[] = [];
  for (const match of visible.matchAll(MARKERS)) {
    const text = match[1] ?? match[2] ?? '';
    const marker = { begin: match[1] !== undefined, start: match.index, end: match.index + text.length };
    let clash = false;
    for (let at = markers.length - 1; at >= 0; at--) {
      const kept = markers[at] as Marker;
      if (kept.end <= marker.start) break;
      if (!(kept.begin && marker.begin)) clash = true;
    }
    if (!clash) markers.push(marker);
  }
  return markers;
}

function containsMarker(visible: string): boolean {
  return ANY_MARKER.test(visible);
}

const ZERO_WIDTH_SPACE = '\u200b';

/**
 * Commitment text as one line that can never pass for a marker. Text that would (someone pasted a marker into a
 * commitment) gets an invisible zero-width space after every '=', '&' and '<', so no tag, entity or '===' survives.
 */
function userLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').trim();
  const seen = visibleText(line).text;
  if (!containsMarker(line) && !containsMarker(seen)) return line;
  return seen.replace(/\s+/g, ' ').replace(/[=&<]/g, (ch) => ch + ZERO_WIDTH_SPACE);
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch] ?? ch);
}

function commitmentLine(item: BlockContent['carried'][number], escapeText: (text: string) => string, overdue: string) {
  const owner = userLine(item.ownerName);
  const due = item.due === null ? '' : userLine(item.due);
  const details = [due ? `due ${escapeText(due)}` : '', item.overdue ? overdue : ''].filter(Boolean).join(', ');
  return `${escapeText(userLine(item.text))}${owner ? ` \u2014 ${escapeText(owner)}` : ''}${details ? `, ${details}` : ''}`;
}

/**
 * The block, markers included: plain text lines (what Apple Calendar, Thunderbird and other CalDAV clients show as is,
 * the agenda's bare URL on a line of its own so every client can open it), or HTML that Google Calendar's editor and
 * Outlook keep (the link reads "Open the 1:1 agenda"). At most `maxItems` commitments, the rest counted.
 */
export function renderBlock(content: BlockContent, format: DescriptionFormat): string {
  // The URL is ours (base URL plus token), so it is not defused like people's text; it is only kept to one line.
  const url = content.agendaUrl.replace(/\s+/g, '');
  const max = content.maxItems ?? DEFAULT_MAX_ITEMS;
  const shown = content.carried.slice(0, max);
  const hidden = content.carried.length - shown.length;
  const note = SAY.note(userLine(content.asOf));
  if (format === 'text') {
    const items = shown.map((item) => SAY.itemPrefix + commitmentLine(item, (t) => t, 'overdue'));
    return [
      BLOCK_BEGIN,
      `${SAY.agenda}:`,
      url,
      SAY.carried,
      ...(items.length > 0 ? items : [SAY.none]),
      ...(hidden > 0 ? [SAY.more(hidden)] : []),
      note,
      BLOCK_END,
    ].join('\n');
  }
  const href = escapeHtml(url);
  const items = shown.map((item) => `<li>${commitmentLine(item, escapeHtml, '<b>overdue</b>')}</li>`);
  const carried =
    shown.length > 0
      ? `<ul>${items.join('')}</ul>${hidden > 0 ? `${SAY.more(hidden)}<br>` : ''}`
      : `<br>${SAY.none}<br>`;
  return (
    `${BLOCK_BEGIN}<br><a href="${href}">${SAY.agenda}</a><br>` +
    `<b>${SAY.carried}</b>${carried}${escapeHtml(note)}<br>${BLOCK_END}`
  );
}

/**
 * Our blocks in `description`, in order, stale halves included. A block runs from a begin marker to the next end
 * marker; of two begins before one end, the nearer opens it. A begin with no end after it, or an end with no begin
 * before it, is half of a block whose other marker a person deleted (or of a copy they pasted): the half is the
 * marker and the lines next to it — after a begin, before an end — that are recognisably ours, up to the first line
 * that is not (see stale-half.ts). A begin that shares its '===' with the next marker is a person's text.
 */
export function findBlocks(description: string): BlockRange[] {
  const seen = visibleText(description);
  const markers = markersIn(seen.text);
  let index: TagIndex | undefined;
  const tags = () => (index ??= indexTags(seen.tags));
  const spans: { start: number; end: number }[] = [];
  const orphanBegin = (at: number) => {
    const { start, end } = markers[at] as Marker;
    const limit = markers[at + 1]?.start ?? seen.text.length;
    if (limit >= end) spans.push({ start, end: staleHalfEnd(seen, end, limit, OUR_LINES, tags()) });
  };
  // markersIn lets only two begins overlap, so an end never overlaps the marker before it.
  let open: number | undefined;
  markers.forEach((marker, at) => {
    if (marker.begin) {
      if (open !== undefined) orphanBegin(open);
      open = at;
    } else if (open !== undefined) {
      spans.push({ start: (markers[open] as Marker).start, end: marker.end });
      open = undefined;
    } else {
      const limit = markers[at - 1]?.end ?? 0;
      spans.push({ start: staleHalfStart(seen, marker.start, limit, OUR_LINES, tags()), end: marker.end });
    }
  });
  if (open !== undefined) orphanBegin(open);

  // Spans never overlap (a half stops short of the next marker), and widening takes closing tags after a span and
  // opening tags before one, never the same tag twice, so the blocks stay apart too.
  return spans.map(({ start, end }) =>
    widenOverWrappers(seen.rawStart[start] as number, seen.rawEnd[end - 1] as number, tags()),
  );
}

/**
 * Splices `replacement` over each block: the first block gets it, later ones get nothing. A removed block also takes
 * the separator in front of it, the one `replaceBlock` put there when it appended — unless only whitespace precedes,
 * in which case there was no separator to take.
 */
function spliceBlocks(description: string, blocks: readonly BlockRange[], first: string, format: DescriptionFormat) {
  const separator = SEPARATOR[format];
  // The output is kept in parts: reading the end of a string grown by `+=` copies all of it, and a description may
  // hold thousands of stray markers, each a range to splice.
  const out: string[] = [];
  let length = 0;
  let firstText = -1; // where the output's first non-blank character is, once there is one
  const append = (part: string) => {
    if (part === '') return;
    const text = part.search(/\S/);
    if (firstText === -1 && text !== -1) firstText = length + text;
    out.push(part);
    length += part.length;
  };
  const endsWithSeparator = () => {
    let tail = '';
    for (let at = out.length - 1; at >= 0 && tail.length < separator.length; at--) tail = out[at] + tail;
    return tail.endsWith(separator);
  };
  const dropSeparator = () => {
    for (let drop = separator.length; drop > 0; ) {
      const last = out.pop() as string;
      if (last.length > drop) out.push(last.slice(0, -drop));
      drop -= Math.min(drop, last.length);
    }
    length -= separator.length;
  };
  let cursor = 0;
  blocks.forEach((block, index) => {
    append(description.slice(cursor, block.start));
    const replacement = index === 0 ? first : '';
    if (replacement === '' && endsWithSeparator() && firstText !== -1 && firstText < length - separator.length) {
      dropSeparator();
    }
    append(replacement);
    cursor = block.end;
  });
  append(description.slice(cursor));
  return out.join('');
}

/**
 * Puts `block` into `description`: over the existing block (extra copies removed), or appended after a separator when
 * there is none. Nothing outside the block changes, and doing it twice changes nothing more.
 */
export function replaceBlock(description: string, block: string, format: DescriptionFormat): string {
  const blocks = findBlocks(description);
  if (blocks.length === 0) {
    // An empty or blank description gets no separator, but its whitespace is kept so removeBlock can restore it.
    if (description.trim() === '') return description + block;
    // A whole HTML document (Exchange stores bodies so) takes the block at the end of its <body>, not after </html>.
    const document = format === 'html' && /^\s*(?:<!doctype[^>]*>\s*)?<html[\s>][\s\S]*<\/html>\s*$/i.test(description);
    const bodyEnd = document ? description.search(/<\/body\s*>(?![\s\S]*<\/body\s*>)/i) : -1;
    if (bodyEnd !== -1) {
      return `${description.slice(0, bodyEnd)}${SEPARATOR[format]}${block}${description.slice(bodyEnd)}`;
    }
    return description + SEPARATOR[format] + block;
  }
  let out = spliceBlocks(description, blocks, block, format);
  if (blocks.length === 1) return out;
  // Taking out a copy or a stale half joins the text on either side of it, which can (rarely) spell a marker afresh or
  // bring a wrapper tag pair to the block's edges. Settling that now keeps the promise that a second call changes
  // nothing. The first block is ours from here on, so each round only removes text, and the loop ends.
  for (let again = findBlocks(out); !isExactly(out, again, block); again = findBlocks(out)) {
    const next = spliceBlocks(out, again, block, format);
    if (next === out) break;
    out = next;
  }
  return out;
}

function isExactly(description: string, blocks: readonly BlockRange[], block: string): boolean {
  const [only] = blocks;
  return blocks.length === 1 && only !== undefined && description.slice(only.start, only.end) === block;
}

/** Takes every block of ours out of `description`, with the separator `replaceBlock` added before an appended one. */
export function removeBlock(description: string, format: DescriptionFormat): string {
  return spliceBlocks(description, findBlocks(description), '', format);
}

/** A fast 64-bit FNV-1a hash of the UTF-8 bytes, as 16 hex digits: tells whether a block changed, not a secret. */
export function fingerprint(text: string): string {
  // Two 32-bit lanes: multiplying by the FNV prime 2^40 + 0x1b3 is `h * 0x1b3 + (h << 40)`, done per lane.
  let hi = 0xcbf29ce4;
  let lo = 0x84222325;
  for (const byte of new TextEncoder().encode(text)) {
    lo ^= byte;
    const loProduct = (lo >>> 0) * 0x1b3;
    hi = (Math.imul(hi, 0x1b3) + Math.floor(loProduct / 0x100000000) + (lo << 8)) >>> 0;
    lo = loProduct >>> 0;
  }
  return hi.toString(16).padStart(8, '0') + lo.toString(16).padStart(8, '0');
}

/**
 * What a block says, as a person reads it: its visible words, whitespace and markup aside, and without the time it was
 * written. Two blocks that say the same need no write, however a calendar rewrote the markup of the one it holds.
 */
export function blockSays(block: string): string {
  const words = visibleText(block)
    .text.replace(/[\s\u2029]+/g, ' ')
    .replace(
      /Updated by Carryover on .{1,80}?\. Edit outside these lines/i,
      'Updated by Carryover. Edit outside these lines',
    )
    .trim();
  // Where the link goes is part of what it says (a new shared link must reach the invite), though not visible text.
  // Decoded, so a link a mail filter wrapped in its own redirect still reads as ours.
  const links = [...block.matchAll(/href\s*=\s*["']([^"']*)["']/gi)].map((match) => {
    const href = (match[1] ?? '').replaceAll('&amp;', '&');
    try {
      return decodeURIComponent(href);
    } catch {
      // A malformed escape: compare it as written.
      return href;
    }
  });
  return [words, ...links].join(' ');
}

/**
 * Whether writing `block` into `description` would change what a person sees of our block: true when the description
 * holds no block, several (or a stale half), or one that says something else.
 */
export function blockChanges(description: string, block: string): boolean {
  const blocks = findBlocks(description);
  const [only] = blocks;
  if (blocks.length !== 1 || !only) return true;
  return blockSays(description.slice(only.start, only.end)) !== blockSays(block);
}

/**
 * The form a description is in: HTML when it holds markup, else plain text. A calendar that keeps either (Google) gets
 * the block in the description's own form: text reads well in every client, HTML only where it is rendered.
 */
export function formatOf(description: string): DescriptionFormat {
  return /<\/?[a-z][a-z0-9-]*(?:\s[^<>]*)?\/?>/i.test(description) ? 'html' : 'text';
}
