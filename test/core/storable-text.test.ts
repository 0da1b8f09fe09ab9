import { describe, expect, test } from 'vitest';
import { STORED_LENGTH, storableText, textProblem } from '../../src/core/storable-text.ts';

const codePoints = (text: string) => [...text].length;

describe('storableText', () => {
  test('keeps ordinary text, emoji and non-Latin scripts exactly as they are', () => {
    for (const text of ['Maya / Sam', '1:1 👩🏽‍💻 Zoë · 山田', 'Tab\there\r\nnext line', '']) {
      expect(storableText(text, 300)).toBe(text);
    }
  });

  test('removes NUL and the other C0 control characters, keeping tab, newline and carriage return', () => {
    expect(storableText('1:1\u0000 Maya\u0000 / Sam', 300)).toBe('1:1 Maya / Sam');
    expect(storableText('a\u0001b\u0007c\u000bd\u001be\u001ff\tg\nh\ri', 300)).toBe('abcdef\tg\nh\ri');
    expect(storableText('\u0000\u0000', 300)).toBe('');
  });

  test('leaves DEL and C1 characters, which Postgres stores', () => {
    expect(storableText('a\u007fb\u0085c', 300)).toBe('a\u007fb\u0085c');
  });

  test('replaces an unpaired surrogate with U+FFFD, keeping the words apart', () => {
    expect(storableText('Maya\ud83d/Sam', 300)).toBe('Maya\ufffd/Sam');
    expect(storableText('\ude00 at the start, at the end \ud83d', 300)).toBe('\ufffd at the start, at the end \ufffd');
    // Two highs in a row: the first is alone, the second pairs with the low after it.
    expect(storableText('\ud83d\ud83d\ude00', 300)).toBe('\ufffd😀');
    // A low before its high is two lone halves.
    expect(storableText('\ude00\ud83d', 300)).toBe('\ufffd\ufffd');
  });

  test('caps long text at the maximum in code points, ending in an ellipsis', () => {
    const capped = storableText('x'.repeat(2000), 300);
    expect(capped).toBe(`${'x'.repeat(299)}…`);
    expect(codePoints(capped)).toBe(300);
    expect(storableText('x'.repeat(300), 300)).toBe('x'.repeat(300));
    expect(storableText('abcd', 1)).toBe('…');
  });

  test('never cuts an emoji in half, and counts it as one', () => {
    const emoji = '😀'.repeat(10);
    expect(storableText(emoji, 10)).toBe(emoji);
    const capped = storableText(emoji, 5);
    expect(capped).toBe('😀😀😀😀…');
    expect(capped.length).toBe(9);
    expect(storableText(`ab${'😀'.repeat(5)}`, 4)).toBe('ab😀…');
  });

  test('cuts after removing what cannot be stored, and drops the space before the ellipsis', () => {
    expect(storableText(`${'\u0000'.repeat(10)}abc`, 3)).toBe('abc');
    expect(storableText('Maya and Sam', 6)).toBe('Maya…');
  });

  test('gives text that survives UTF-8 unchanged and that a person could send back', () => {
    const nasty = ['\u0000', '\ud800', '\udfff', 'a\ud83d\u0000\ude00b', '😀'.repeat(400), `${'x'.repeat(299)}😀😀`];
    for (const text of nasty) {
      const stored = storableText(text, 300);
      expect(new TextDecoder().decode(new TextEncoder().encode(stored))).toBe(stored);
      expect(textProblem(stored)).toBeUndefined();
      expect(codePoints(stored)).toBeLessThanOrEqual(300);
    }
  });

  test('refuses a maximum below one', () => {
    expect(() => storableText('x', 0)).toThrow(RangeError);
    expect(() => storableText('x', 1.5)).toThrow(RangeError);
  });

  test('has caps long enough for real titles, names, addresses and zones', () => {
    expect(STORED_LENGTH).toMatchObject({ title: 300, name: 200, email: 320 });
    expect(storableText('America/Argentina/ComodRivadavia', STORED_LENGTH.timeZone)).toBe(
      'America/Argentina/ComodRivadavia',
    );
  });
});

describe('textProblem', () => {
  test('finds nothing wrong with ordinary text, control characters other than NUL included', () => {
    for (const text of ['Career growth', '😀 Zoë', 'a\tb\nc\u0007', '']) expect(textProblem(text)).toBeUndefined();
  });

  test('names a NUL byte and says to remove it', () => {
    expect(textProblem('Budget\u0000')).toEqual({
      kind: 'nul',
      message: "contains a NUL character (U+0000), which can't be stored; remove it",
    });
  });

  test('names an unpaired surrogate, high or low', () => {
    for (const text of ['half \ud83d', '\ude00 half', '\ude00\ud83d']) {
      expect(textProblem(text)).toMatchObject({
        kind: 'unpaired-surrogate',
        message: expect.stringContaining('unpaired UTF-16 surrogate'),
      });
    }
  });

  test('reports NUL first when both are present', () => {
    expect(textProblem('\ud83d\u0000')?.kind).toBe('nul');
  });
});
