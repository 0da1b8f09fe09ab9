/**
 * The highlighted snippet of a search result. ts_headline marks each matched word with a start and a stop marker;
 * its output is the person's own text and is never used as HTML: it is split here into plain text and matches,
 * which the page renders as escaped text and <mark> elements.
 */

/** Marks where a match starts. A private-use character, taken out of the text before ts_headline sees it. */
export const MATCH_START = '\uE000';
/** Marks where a match stops (a private-use character, as MATCH_START). */
export const MATCH_STOP = '\uE001';
/**
 * Stands in for "<" in the text given to ts_headline: its parser takes `<…>` for markup and drops it from some
 * snippets, so a talking point about "<Project X>" would lose words. Put back by `snippetParts`.
 */
export const ANGLE_STAND_IN = '\uE002';

/** One piece of a snippet: plain text, or a word (or phrase) that matched the search. */
export interface SnippetPart {
  readonly text: string;
  readonly match: boolean;
}

/**
 * Splits ts_headline's output into plain and matched parts, with "<" put back. Empty parts are left out.
 *
 * @example snippetParts('We are \uE000hiring\uE001') // [{ text: 'We are ', match: false }, { text: 'hiring', match: true }]
 */
export function snippetParts(headline: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let match = false;
  let text = '';
  const flush = () => {
    if (text !== '') parts.push({ text: text.replaceAll(ANGLE_STAND_IN, '<'), match });
    text = '';
  };
  for (const char of headline) {
    if (char === MATCH_START || char === MATCH_STOP) {
      flush();
      match = char === MATCH_START;
    } else {
      text += char;
    }
  }
  flush();
  return parts;
}

/** A snippet's words without the highlighting. */
export function snippetText(parts: readonly SnippetPart[]): string {
  return parts.map((part) => part.text).join('');
}
