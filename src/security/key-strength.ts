/**
 * How much a SECRET_KEY would cost a guesser, estimated from its text: config refuses a key made by hand outside
 * sandbox mode (src/config.ts), because every token, sealed secret and link is derived from it.
 */

// How the estimate reads a key. Random output (openssl rand -base64 32: 44 characters, -hex 32: 64) scores far above
// 128 bits (about 250 and 235 on average, never under 195 in 20,000 draws of each; test/config.test.ts draws 200),
// while a key made by hand loses the characters a guesser gets for free: a repeat of earlier text, the next step of a
// run (0123, aceg, zyx), the next key on a keyboard row. A word-list passphrase still scores high: the estimate
// refuses patterns, not every key a person made up.
const MIN_REPEAT = 3;
const MAX_ESTIMATED_LENGTH = 1024; // enough for any key; keeps the quadratic repeat search bounded
const KEYBOARD_ROWS = ['`1234567890-=', 'qwertyuiop[]\\', "asdfghjkl;'", 'zxcvbnm,./'];

/**
 * Estimated entropy of a key, in bits: each character costs log2 of the alphabet the key draws from (hex, base64, or
 * the character classes it uses), except a character that continues a run or a keyboard row (1 bit: go on or not)
 * and a repeat of earlier text of 3 or more characters (where it starts and how long it is, as LZ77 would code it).
 *
 * @example estimatedKeyBits('ab'.repeat(16)) // about 14
 */
export function estimatedKeyBits(key: string): number {
  const text = key.slice(0, MAX_ESTIMATED_LENGTH);
  const perCharacter = Math.log2(alphabetSize(text));
  let bits = 0;
  let i = 0;
  while (i < text.length) {
    const repeat = longestRepeat(text, i);
    if (repeat >= MIN_REPEAT) {
      bits += Math.log2(i) + Math.log2(repeat);
      i += repeat;
      continue;
    }
    bits += continuesPattern(text, i) ? 1 : perCharacter;
    i++;
  }
  return bits;
}

function alphabetSize(text: string): number {
  if (/^[0-9a-f]+$/.test(text) || /^[0-9A-F]+$/.test(text)) return 16;
  const classes = [/[0-9]/, /[a-z]/, /[A-Z]/, /[^0-9a-zA-Z]/];
  const sizes = [10, 26, 26, 33]; // the last: printable ASCII punctuation and space, and anything beyond ASCII
  const size = classes.reduce((sum, pattern, k) => (pattern.test(text) ? sum + sizes[k]! : sum), 0);
  return /^[A-Za-z0-9+/=_-]+$/.test(text) ? Math.min(size, 64) : size;
}

/** The length of the longest earlier copy of the text at `i` (it may overlap, as in "aaaa"). */
function longestRepeat(text: string, i: number): number {
  let best = 0;
  for (let j = 0; j < i; j++) {
    let length = 0;
    while (i + length < text.length && text[j + length] === text[i + length]) length++;
    if (length > best) best = length;
  }
  return best;
}

/**
 * Whether the character at `i` is the next step of a run (the same difference as the step before, also between every
 * other character, as in "aAbBcC") or of a keyboard row.
 */
function continuesPattern(text: string, i: number): boolean {
  const step = (from: number, lag: number) => text.charCodeAt(from) - text.charCodeAt(from - lag);
  for (const lag of [1, 2]) if (i >= 2 * lag && step(i, lag) === step(i - lag, lag)) return true;
  if (i < 1) return false;
  const previous = text[i - 1]!.toLowerCase();
  const current = text[i]!.toLowerCase();
  return KEYBOARD_ROWS.some((row) => {
    const at = row.indexOf(previous);
    return at >= 0 && (row[at + 1] === current || (at > 0 && row[at - 1] === current));
  });
}
