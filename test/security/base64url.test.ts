import { describe, expect, it } from 'vitest';
import { Base64urlError, decodeBase64url, encodeBase64url } from '../../src/security/base64url.ts';

describe('base64url', () => {
  it('round-trips every length around the padding boundaries', () => {
    for (let length = 0; length <= 34; length++) {
      const bytes = crypto.getRandomValues(new Uint8Array(length));
      const text = encodeBase64url(bytes);
      expect(text).toMatch(/^[A-Za-z0-9_-]*$/);
      expect(decodeBase64url(text)).toEqual(bytes);
    }
  });

  it('uses the URL-safe alphabet and no padding', () => {
    expect(encodeBase64url(new Uint8Array([0xfb, 0xff, 0xfe]))).toBe('-__-');
    expect(encodeBase64url(new Uint8Array([0x61]))).toBe('YQ');
  });

  it('rejects padding, the standard alphabet, impossible lengths and stray trailing bits', () => {
    for (const bad of ['YQ==', '+/8', 'abcde', 'YR', 'a b']) {
      expect(() => decodeBase64url(bad), bad).toThrow(Base64urlError);
    }
  });
});
