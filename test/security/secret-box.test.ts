import { beforeAll, describe, expect, it } from 'vitest';
import { deriveKeys, type Keys } from '../../src/security/keys.ts';
import { open, SecretBoxError, seal } from '../../src/security/secret-box.ts';

let keys: Keys;
let otherKeys: Keys;

beforeAll(async () => {
  keys = await deriveKeys('a-test-secret-key-that-is-long-enough-for-config');
  otherKeys = await deriveKeys('another-test-secret-key-that-is-long-enough-too');
});

async function openError(sealed: string, with_: Keys = keys): Promise<SecretBoxError> {
  const error = await open(with_, sealed).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SecretBoxError);
  return error as SecretBoxError;
}

/** Flips one bit of one byte of the ciphertext part, re-encoding so the string stays well-formed. */
function tamperCiphertext(sealed: string, index: number): string {
  const [version, iv, ciphertext] = sealed.split('.') as [string, string, string];
  const bytes = Uint8Array.from(atob(ciphertext.replaceAll('-', '+').replaceAll('_', '/')), (c) => c.charCodeAt(0));
  bytes[index % bytes.length]! ^= 0x01;
  const text = btoa(String.fromCharCode(...bytes))
    .replaceAll('+', '-')
    .replaceAll('/', '_')
    .replace(/=+$/, '');
  return `${version}.${iv}.${text}`;
}

describe('secret box', () => {
  it('opens what it sealed', async () => {
    const token = 'ya29.a0AfB_byC-an-oauth-access-token';
    const sealed = await seal(keys, token);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]+$/);
    expect(sealed).not.toContain(token);
    expect(await open(keys, sealed)).toBe(token);
  });

  it('round-trips non-ASCII text and the empty string', async () => {
    const text = 'Ünïcødé 1:1 notes — ✅ shipped 🎉👩🏽‍💻';
    expect(await open(keys, await seal(keys, text))).toBe(text);
    expect(await open(keys, await seal(keys, ''))).toBe('');
  });

  it('uses a fresh IV each time, so the same plaintext seals differently', async () => {
    const a = await seal(keys, 'same');
    const b = await seal(keys, 'same');
    expect(a.split('.')[1]).not.toBe(b.split('.')[1]);
    expect(a).not.toBe(b);
  });

  it('will not open with a key derived from a different secret', async () => {
    const error = await openError(await seal(keys, 'refresh-token'), otherKeys);
    expect(error.kind).toBe('unauthentic');
    expect(error.cause).toBeDefined();
  });

  it('rejects a ciphertext with any single byte changed, including the tag', async () => {
    const sealed = await seal(keys, 'refresh-token');
    for (const index of [0, 5, 12, 20, 28]) {
      const error = await openError(tamperCiphertext(sealed, index));
      expect(error.kind).toBe('unauthentic');
    }
  });

  it('rejects a changed IV', async () => {
    const sealed = await seal(keys, 'refresh-token');
    const [version, iv, ciphertext] = sealed.split('.') as [string, string, string];
    const otherIv = iv.startsWith('A') ? `B${iv.slice(1)}` : `A${iv.slice(1)}`;
    expect((await openError(`${version}.${otherIv}.${ciphertext}`)).kind).toBe('unauthentic');
  });

  it('says a malformed value is malformed', async () => {
    const sealed = await seal(keys, 'x');
    const [, iv, ciphertext] = sealed.split('.') as [string, string, string];
    const cases: Array<[string, RegExp]> = [
      ['', /parts/],
      ['plaintext-token', /parts/],
      [`v2.${iv}.${ciphertext}`, /version "v2"/],
      [`v1.${iv}.${ciphertext}.extra`, /parts/],
      [`v1.${iv}=.${ciphertext}`, /IV is not base64url/],
      [`v1.${iv}.${ciphertext}!`, /ciphertext is not base64url/],
      [`v1.AAAA.${ciphertext}`, /IV is 3 bytes/],
      [`v1.${iv}.AAAA`, /shorter than its tag/],
    ];
    for (const [value, message] of cases) {
      const error = await openError(value);
      expect(error.kind, value).toBe('malformed');
      expect(error.message, value).toMatch(message);
    }
    expect((await openError(`v1.${iv}=.${ciphertext}`)).cause).toBeDefined();
  });
});
