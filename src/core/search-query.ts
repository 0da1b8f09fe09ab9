import { textProblem } from './storable-text.ts';

/**
 * What a person typed into the history search, made into what the database is asked. Postgres parses the words
 * itself (`websearch_to_tsquery`: "quoted phrases", `-word` to leave out, `or`), and never fails on them; this only
 * takes out the characters that are operators in tsquery syntax, and says whether the last word is still being
 * typed, so it also matches as the start of a word ("hir" finds "hiring"; src/db/history-search.ts).
 */

/** Longest search accepted, in characters (code points). */
export const MAX_SEARCH_LENGTH = 200;

/** A search to run, as the database is asked it. */
export interface SearchQuery {
  /** The search as typed, trimmed: what the page shows back. */
  readonly text: string;
  /** The words for `websearch_to_tsquery`, without tsquery operators; quotes, `-word` and `or` kept. */
  readonly words: string;
  /**
   * The last word when it is a plain one (not in quotes, not left out): it also matches as the start of a word, as it
   * may still be being typed. Null when the search ends otherwise.
   */
  readonly lastWord: string | null;
}

/** A search to run, none (nothing but spaces was typed: the page shows the form only), or why it is refused. */
export type SearchQueryResult =
  | { readonly ok: true; readonly query: SearchQuery | null }
  | { readonly ok: false; readonly message: string };

// tsquery's operators and quoting (& | ! : * ( ) < > and its ' and \): websearch_to_tsquery reads them as spaces
// already; taking them out here keeps even a future change of parser from seeing an operator a person typed.
const OPERATORS = /[&|!:*()<>'\\]/g;

/**
 * Reads a search as typed. Refused: over MAX_SEARCH_LENGTH characters, or text that can't be searched (a NUL
 * character, half a surrogate pair). Whitespace alone is no search.
 *
 * @example parseSearchQuery(' hiring pl') // { ok: true, query: { text: 'hiring pl', words: 'hiring pl', lastWord: 'pl' } }
 */
export function parseSearchQuery(raw: string): SearchQueryResult {
  const problem = textProblem(raw);
  if (problem) return { ok: false, message: `The search ${problem.message}.` };
  const length = [...raw].length;
  if (length > MAX_SEARCH_LENGTH) {
    return {
      ok: false,
      message: `A search is at most ${MAX_SEARCH_LENGTH} characters; this one has ${length}. Try fewer words.`,
    };
  }
  const text = raw.trim();
  if (text === '') return { ok: true, query: null };
  const words = text.replace(OPERATORS, ' ').replace(/\s+/g, ' ').trim();
  return { ok: true, query: { text, words, lastWord: plainLastWord(words) } };
}

/**
 * The last word, when the words end in a plain one: not inside quotes (an odd number of them before it), not left
 * out with `-`, not the word `or` (an operator to websearch_to_tsquery), and ending in a letter or digit (a word
 * followed by a full stop is finished).
 */
function plainLastWord(words: string): string | null {
  const quotes = words.match(/"/g)?.length ?? 0;
  const last = words.slice(words.lastIndexOf(' ') + 1);
  if (quotes % 2 !== 0 || last.includes('"') || last.startsWith('-') || last.toLowerCase() === 'or') return null;
  return /[\p{L}\p{N}\p{M}]$/u.test(last) ? last : null;
}
