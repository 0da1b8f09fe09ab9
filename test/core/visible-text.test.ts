import { describe, expect, test } from 'vitest';
import { HARD_BREAK, visibleText } from '../../src/core/visible-text.ts';

/** Each visible character with the raw text it came from. */
function sources(raw: string): [string, string][] {
  const seen = visibleText(raw);
  // By UTF-16 unit, not by code point: the map is per unit.
  return Array.from({ length: seen.text.length }, (_, i) => [
    seen.text[i] as string,
    raw.slice(seen.rawStart[i], seen.rawEnd[i]),
  ]);
}

describe('visibleText', () => {
  test('reads HTML the way a person sees it', () => {
    const raw =
      '<p>Hi&nbsp;<b>Bob</b>,</p><p>see&#160;the <a href="https://x.example/?a=1&amp;b=2">doc</a> &amp; notes</p>';
    expect(visibleText(raw).text).toBe(
      `${HARD_BREAK}Hi Bob,${HARD_BREAK}${HARD_BREAK}see the doc & notes${HARD_BREAK}`,
    );
  });

  test('turns line-breaking tags into hard breaks and keeps source newlines soft', () => {
    expect(visibleText('a<br>b<br/>c<BR />d\ne\r\nf').text).toBe(`a${HARD_BREAK}b${HARD_BREAK}c${HARD_BREAK}d\ne \nf`);
  });

  test('maps every visible character back to the raw text it came from', () => {
    expect(sources('a&#61;<i>b</i>&equals;')).toEqual([
      ['a', 'a'],
      ['=', '&#61;'],
      ['b', 'b'],
      ['=', '&equals;'],
    ]);
  });

  test('decodes an emoji entity to both of its UTF-16 units, each mapped to the entity', () => {
    expect(sources('&#x1F680;!')).toEqual([
      ['\ud83d', '&#x1F680;'],
      ['\ude80', '&#x1F680;'],
      ['!', '!'],
    ]);
  });

  test('decodes an entity only once, so escaped markup stays text', () => {
    expect(visibleText('&amp;#61; &lt;b&gt;').text).toBe('&#61; <b>');
    expect(visibleText('&lt;b&gt;').tags).toEqual([]);
  });

  test('leaves unknown entities, lone ampersands and non-tags as written', () => {
    expect(visibleText('AT&T &bogus; a < b <3 &#0;').text).toBe('AT&T &bogus; a < b <3 &#0;');
  });

  test('lists tags with their kind, keeping a ">" inside a quoted attribute', () => {
    const raw = '<a title="x > y" href=\'z\'>t</a><br><img src=x/><p/>';
    expect(visibleText(raw).tags.map(({ name, kind }) => `${kind}:${name}`)).toEqual([
      'open:a',
      'close:a',
      'void:br',
      'void:img',
      'void:p',
    ]);
    expect(visibleText(raw).text).toBe(`t${HARD_BREAK}${HARD_BREAK}`);
  });

  test('reads comments as text, since calendars drop them', () => {
    expect(visibleText('a<!-- b -->c').text).toBe('a<!-- b -->c');
  });
});
