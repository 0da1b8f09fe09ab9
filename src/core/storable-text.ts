/**
 * Text Postgres will store, and a person can read. Postgres refuses U+0000 in `text` (`invalid byte sequence for
 * encoding "UTF8": 0x00`), and a UTF-16 surrogate without its partner has no UTF-8 form at all (drivers quietly turn
 * it into U+FFFD). Text from a calendar is made storable at the provider edge; text a person sends us is refused with
 * a reason instead, since silently changing what they typed would be worse than asking.
 */

/** How long stored provider text may be, in code points. */
export const STORED_LENGTH = {
  /** A series' title: longer than any title a person reads in a calendar. */
  title: 300,
  /** A display name. */
  name: 200,
  /** RFC 5321 allows 64 + 1 + 255 characters. */
  email: 320,
  /**
   * An iCalendar UID (Google's and Outlook's are under 200). It is indexed: 500 code points stay under Postgres's
   * b-tree entry limit (about 2,700 bytes) even at four UTF-8 bytes each.
   */
  uid: 500,
  /** An IANA or Windows time zone name (the longest are about 40). */
  timeZone: 100,
} as const;

const ELLIPSIS = '…';
const REPLACEMENT = '\uFFFD';

const isHigh = (unit: number) => unit >= 0xd800 && unit <= 0xdbff;
const isLow = (unit: number) => unit >= 0xdc00 && unit <= 0xdfff;
// Tab, line feed and carriage return are ordinary whitespace (a pasted title may carry a newline).
const isDroppedControl = (unit: number) => unit < 0x20 && unit !== 0x09 && unit !== 0x0a && unit !== 0x0d;

/**
 * Provider text made storable: C0 control characters other than tab, newline and carriage return are removed (U+0000
 * is refused by Postgres; the rest are invisible, never meant in a title or name, and not allowed in XML 1.0), an
 * unpaired surrogate becomes U+FFFD (what every UTF-8 encoder makes of it, and a visible sign that a character was
 * lost, where removing it could join two words), and text longer than `max` code points is cut on a code-point
 * boundary and ends in "…", `max` code points in all.
 *
 * @example storableText('1:1\u0000 Maya / Sam', 300) // '1:1 Maya / Sam'
 */
export function storableText(text: string, max: number): string {
  if (!Number.isInteger(max) || max < 1) throw new RangeError(`max must be a whole number of at least 1, not ${max}`);
  const clean = cleanCharacters(text);
  // Code units never undercount code points, so a string this short needs no cut.
  if (clean.length <= max) return clean;
  let points = 0;
  let end = 0;
  let cut = 0;
  while (end < clean.length) {
    if (points === max) return `${clean.slice(0, cut).trimEnd()}${ELLIPSIS}`;
    if (points === max - 1) cut = end;
    end += isHigh(clean.charCodeAt(end)) ? 2 : 1;
    points++;
  }
  return clean;
}

/** The text without dropped control characters, with unpaired surrogates replaced. */
function cleanCharacters(text: string): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (isHigh(unit) && isLow(text.charCodeAt(i + 1))) {
      i++;
      continue;
    }
    const lone = isHigh(unit) || isLow(unit);
    if (!lone && !isDroppedControl(unit)) continue;
    out += text.slice(from, i) + (lone ? REPLACEMENT : '');
    from = i + 1;
  }
  return from === 0 ? text : out + text.slice(from);
}

/** What makes a person's text impossible to store as they sent it. */
export interface TextProblem {
  readonly kind: 'nul' | 'unpaired-surrogate';
  /** Says what is wrong and what to do, to follow a field name: "text: contains …". */
  readonly message: string;
}

/**
 * Why text a person sent can't be stored, or undefined when it can. Only what Postgres refuses or UTF-8 can't say
 * is a problem here; other control characters are stored as sent.
 */
export function textProblem(text: string): TextProblem | undefined {
  if (text.includes('\u0000')) {
    return { kind: 'nul', message: "contains a NUL character (U+0000), which can't be stored; remove it" };
  }
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (isHigh(unit) && isLow(text.charCodeAt(i + 1))) {
      i++;
    } else if (isHigh(unit) || isLow(unit)) {
      return {
        kind: 'unpaired-surrogate',
        message:
          "contains an unpaired UTF-16 surrogate (half of a character, e.g. \\ud83d on its own), which can't be stored; send well-formed Unicode text",
      };
    }
  }
  return undefined;
}
