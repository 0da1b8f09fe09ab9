import { describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../src/core/search-query.ts';
import { snippetParts } from '../../src/core/search-snippet.ts';

const query = (raw: string) => {
  const parsed = parseSearchQuery(raw);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.query;
};

describe('reading a search as typed', () => {
  it('takes the last plain word as one still being typed', () => {
    expect(query('  hiring pl ')).toEqual({ text: 'hiring pl', words: 'hiring pl', lastWord: 'pl' });
    expect(query('follow-u')?.lastWord).toBe('follow-u');
    expect(query('café')?.lastWord).toBe('café');
  });

  it('leaves the last word whole after a phrase, an exclusion, "or", a full stop or inside open quotes', () => {
    for (const raw of ['"code review"', 'review -process', 'hiring or', 'hiring.', '"code rev']) {
      expect(query(raw)?.lastWord).toBeNull();
    }
  });

  it("takes out tsquery's operators, keeping quotes, minus signs and words", () => {
    expect(query("a & b | !c :* (d) <-> 'e' \\f")?.words).toBe('a b c d - e f');
    expect(query('"code review" -hiring or budget')?.words).toBe('"code review" -hiring or budget');
  });

  it('makes no search of spaces alone', () => {
    expect(parseSearchQuery(' \t\n ')).toEqual({ ok: true, query: null });
    expect(parseSearchQuery('')).toEqual({ ok: true, query: null });
  });

  it('refuses a NUL character and more than 200 characters, saying why', () => {
    expect(parseSearchQuery('a\u0000b')).toMatchObject({ ok: false, message: expect.stringContaining('NUL') });
    expect(parseSearchQuery('x'.repeat(201))).toMatchObject({ ok: false, message: expect.stringContaining('200') });
    // Characters, not UTF-16 units: 200 emoji are 200 characters.
    expect(parseSearchQuery('🎉'.repeat(200)).ok).toBe(true);
  });
});

describe('a snippet from ts_headline', () => {
  it('splits matches from plain text and puts back what stood in for "<"', () => {
    expect(snippetParts('\uE002Project X> \uE000rollout\uE001 & more')).toEqual([
      { text: '<Project X> ', match: false },
      { text: 'rollout', match: true },
      { text: ' & more', match: false },
    ]);
    expect(snippetParts('')).toEqual([]);
  });
});
