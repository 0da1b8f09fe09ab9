import { describe, expect, it } from 'vitest';
import { deriveKeys } from '../../src/security/keys.ts';

const SECRET = 'a-test-secret-key-that-is-long-enough-for-config';

describe('deriveKeys', () => {
  it('derives a non-extractable AES-256-GCM key and a non-extractable HMAC-SHA256 key', async () => {
    const keys = await deriveKeys(SECRET);
    expect(keys.secretBox.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    expect(keys.secretBox.extractable).toBe(false);
    expect([...keys.secretBox.usages].sort()).toEqual(['decrypt', 'encrypt']);
    expect(keys.linkToken.algorithm).toMatchObject({ name: 'HMAC', hash: { name: 'SHA-256' }, length: 256 });
    expect(keys.linkToken.extractable).toBe(false);
    expect(keys.linkToken.usages).toEqual(['sign']);
    await expect(crypto.subtle.exportKey('raw', keys.secretBox)).rejects.toThrow();
  });
});
