/**
 * The text a person sees in a description, with a map back to the raw characters. Calendars rewrite descriptions
 * freely — wrapping words in tags, turning newlines into `<br>`, encoding punctuation as entities — so matching text
 * has to happen on what is visible, while edits have to happen on the raw string.
 */

/** One tag in the raw description. `void` tags (`<br>`, `<img>`) open nothing. */
export interface MarkupTag {
  readonly start: number;
  readonly end: number;
  /** Lower-cased element name. */
  readonly name: string;
  readonly kind: 'open' | 'close' | 'void';
}

/**
 * Stands for a tag that always breaks the line (`<br>`, `<p>`, `<li>`). A newline in the source stays '\n': it breaks
 * the line in plain text but is only a space in HTML, and Outlook wraps long lines of its HTML source.
 */
export const HARD_BREAK = '\u2029';

/** A description as seen: `text[i]` came from `raw.slice(rawStart[i], rawEnd[i])`. */
export interface VisibleText {
  /** Tags dropped (line-breaking ones become HARD_BREAK), entities decoded, newlines '\n', other whitespace ' '. */
  readonly text: string;
  readonly rawStart: Int32Array;
  readonly rawEnd: Int32Array;
  /** Every tag of the raw description, in order. */
  readonly tags: readonly MarkupTag[];
}

// Elements that start a new line when shown; anything else (span, b, font, a, …) flows inline.
const LINE_BREAKING = new Set([
  'address',
  'article',
  'blockquote',
  'br',
  'dd',
  'div',
  'dl',
  'dt',
  'footer',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'td',
  'th',
  'tr',
  'ul',
]);
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'wbr']);

// Named entities a calendar may use for the characters of our markers and text; others are left as written.
const NAMED: Record<string, string> = {
  amp: '&',
  apos: "'",
  colon: ':',
  comma: ',',
  equals: '=',
  excl: '!',
  gt: '>',
  hyphen: '\u2010',
  lowbar: '_',
  lpar: '(',
  lt: '<',
  mdash: '\u2014',
  nbsp: ' ',
  ndash: '\u2013',
  num: '#',
  period: '.',
  quest: '?',
  quot: '"',
  rpar: ')',
  semi: ';',
  sol: '/',
};

// Attribute values may contain '>' inside quotes, so quoted values are consumed whole. Comments are read as text:
// calendars drop them, and hiding text inside one would let a stray '-->' decide what is a marker.
const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/y;
const ENTITY = /&(?:#(\d{1,7})|#[xX]([0-9a-fA-F]{1,6})|([a-zA-Z][a-zA-Z0-9]{1,31}));/y;
const WHITESPACE = /\s/;
const SPECIAL = /[<&]/g;
const SPACES = /[^\S\n\u2028\u2029]/g;
const NEWLINES = /[\u2028\u2029]/g;

function decodeEntity(match: RegExpExecArray): string | undefined {
  const [, decimal, hex, name] = match;
  if (name !== undefined) return NAMED[name.toLowerCase()];
  const code = decimal !== undefined ? Number.parseInt(decimal, 10) : Number.parseInt(hex ?? '', 16);
  if (code === 0 || code > 0x10ffff) return undefined;
  return String.fromCodePoint(code);
}

/** What a person sees in `raw`, whether it is HTML or plain text, with offsets back into `raw`. */
export function visibleText(raw: string): VisibleText {
  const rawStart = new Int32Array(raw.length);
  const rawEnd = new Int32Array(raw.length);
  const tags: MarkupTag[] = [];
  let text = '';
  // An astral character decoded from an entity is two UTF-16 units; both map to the whole entity.
  const emit = (chars: string, start: number, end: number): void => {
    for (let unit = 0; unit < chars.length; unit++) {
      rawStart[text.length + unit] = start;
      rawEnd[text.length + unit] = end;
    }
    text += chars;
  };

  let i = 0;
  while (i < raw.length) {
    // Most of a description is ordinary text: copy it in one piece up to the next tag or entity. Tabs, non-breaking
    // spaces and the '\r' of CRLF all read as spaces.
    SPECIAL.lastIndex = i;
    const next = SPECIAL.exec(raw)?.index ?? raw.length;
    if (next > i) {
      for (let at = i; at < next; at++) {
        rawStart[text.length + at - i] = at;
        rawEnd[text.length + at - i] = at + 1;
      }
      text += raw.slice(i, next).replace(SPACES, ' ').replace(NEWLINES, '\n');
      i = next;
      continue;
    }
    const ch = raw[i] as string;
    if (ch === '<') {
      TAG.lastIndex = i;
      const tag = TAG.exec(raw);
      if (tag) {
        const name = (tag[2] as string).toLowerCase();
        const selfClosing = (tag[3] ?? '').trimEnd().endsWith('/');
        const kind = tag[1] === '/' ? 'close' : VOID.has(name) || selfClosing ? 'void' : 'open';
        tags.push({ start: i, end: TAG.lastIndex, name, kind });
        if (LINE_BREAKING.has(name)) emit(HARD_BREAK, i, TAG.lastIndex);
        i = TAG.lastIndex;
        continue;
      }
    } else if (ch === '&') {
      ENTITY.lastIndex = i;
      const entity = ENTITY.exec(raw);
      const decoded = entity ? decodeEntity(entity) : undefined;
      if (decoded !== undefined) {
        // An encoded space never breaks a line: only tags do, so a marker cannot be split by text a person typed.
        emit(WHITESPACE.test(decoded) ? ' ' : decoded, i, ENTITY.lastIndex);
        i = ENTITY.lastIndex;
        continue;
      }
    }
    // A '<' or '&' that starts no tag or entity is just text.
    emit(ch, i, i + 1);
    i += 1;
  }
  return { text, rawStart, rawEnd, tags };
}
