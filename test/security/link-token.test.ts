import { beforeAll, describe, expect, it } from 'vitest';
import { decodeBase64url } from '../../src/security/base64url.ts';
import { deriveKeys, type Keys } from '../../src/security/keys.ts';
import { deriveLinkToken, hashToken, looksLikeToken, newNonce, sameDigest } from '../../src/security/link-token.ts';

let keys: Keys;
let otherKeys: Keys;

beforeAll(async () => {
  keys = await deriveKeys('a-test-secret-key-that-is-long-enough-for-config');
  otherKeys = await deriveKeys('another-test-secret-key-that-is-long-enough-too');
});

describe('link tokens', () => {
  it('makes 16-byte random nonces', () => {
    const nonce = newNonce();
    expect(decodeBase64url(nonce)).toHaveLength(16);
    expect(newNonce()).not.toBe(nonce);
  });

  it('derives 256-bit tokens: 43 base64url chars from 32 bytes', async () => {
    const token = await deriveLinkToken(keys, newNonce());
    expect(token).toHaveLength(43);
    expect(decodeBase64url(token)).toHaveLength(32);
    expect(looksLikeToken(token)).toBe(true);
  });

  it('derives the same token for the same nonce and key', async () => {
    const nonce = newNonce();
    expect(await deriveLinkToken(keys, nonce)).toBe(await deriveLinkToken(keys, nonce));
    const rederived = await deriveKeys('a-test-secret-key-that-is-long-enough-for-config');
    expect(await deriveLinkToken(rederived, nonce)).toBe(await deriveLinkToken(keys, nonce));
  });

  it('derives different tokens for different nonces and for different keys', async () => {
    const nonce = newNonce();
    const token = await deriveLinkToken(keys, nonce);
    expect(await deriveLinkToken(keys, newNonce())).not.toBe(token);
    expect(await deriveLinkToken(otherKeys, nonce)).not.toBe(token);
  });
});

describe('hashToken', () => {
  it('is lowercase hex SHA-256 (64 chars), stable for a token', async () => {
    const hash = await hashToken('abc');
    expect(hash).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const token = await deriveLinkToken(keys, newNonce());
    expect(await hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(await hashToken(token)).toBe(await hashToken(token));
  });
});

describe('sameDigest', () => {
  it('is true for equal digests', async () => {
    const hash = await hashToken('token');
    expect(sameDigest(hash, `${hash}`)).toBe(true);
    expect(sameDigest('', '')).toBe(true);
  });

  it('is false when any character differs, first or last', async () => {
    const hash = await hashToken('token');
    const flip = (c: string) => (c === '0' ? '1' : '0');
    expect(sameDigest(hash, flip(hash[0]!) + hash.slice(1))).toBe(false);
    expect(sameDigest(hash, hash.slice(0, -1) + flip(hash.at(-1)!))).toBe(false);
    expect(sameDigest(hash, await hashToken('other'))).toBe(false);
  });

  it('is false for unequal lengths, even when one is a prefix of the other', async () => {
    const hash = await hashToken('token');
    expect(sameDigest(hash, hash.slice(0, 63))).toBe(false);
    expect(sameDigest(hash.slice(0, 63), hash)).toBe(false);
    expect(sameDigest(hash, `${hash}0`)).toBe(false);
    expect(sameDigest(hash, '')).toBe(false);
  });
});

describe('looksLikeToken', () => {
  it('accepts exactly 43 base64url chars and nothing else', () => {
    expect(looksLikeToken('a'.repeat(43))).toBe(true);
    expect(looksLikeToken('-_09AZaz'.padEnd(43, 'x'))).toBe(true);
    expect(looksLikeToken('a'.repeat(42))).toBe(false);
    expect(looksLikeToken('a'.repeat(44))).toBe(false);
    expect(looksLikeToken(`${'a'.repeat(42)}=`)).toBe(false);
    expect(looksLikeToken(`${'a'.repeat(42)}+`)).toBe(false);
    expect(looksLikeToken(`${'a'.repeat(42)}\n`)).toBe(false);
    expect(looksLikeToken('')).toBe(false);
    expect(looksLikeToken('favicon.ico')).toBe(false);
  });
});
