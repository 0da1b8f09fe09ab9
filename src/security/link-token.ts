import { encodeBase64url } from './base64url.ts';
import type { Keys } from './keys.ts';

// Agenda link tokens are never stored. A link row keeps a random nonce (to re-derive the token when an invite or
// email needs it again) and the SHA-256 of the token (to find the row when someone opens it). A database leak thus
// yields neither working links nor anything to brute-force: the token is HMAC(linkKey, nonce) and the key is not
// in the database.

const NONCE_BYTES = 16;
const TOKEN_LENGTH = 43; // 32 HMAC bytes in unpadded base64url
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** A fresh random nonce for a new link row: 16 bytes, base64url. */
export function newNonce(): string {
  return encodeBase64url(globalThis.crypto.getRandomValues(new Uint8Array(NONCE_BYTES)));
}

/** The link token for a nonce: the full 32-byte HMAC-SHA256 of the nonce's text, base64url (43 chars, 256 bits). */
export async function deriveLinkToken(keys: Keys, nonce: string): Promise<string> {
  const mac = await globalThis.crypto.subtle.sign('HMAC', keys.linkToken, new TextEncoder().encode(nonce));
  return encodeBase64url(new Uint8Array(mac));
}

/** SHA-256 of a token, as lowercase hex: what a link row stores and is looked up by. */
export async function hashToken(token: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(token));
  let hex = '';
  for (const byte of new Uint8Array(digest)) hex += byte.toString(16).padStart(2, '0');
  return hex;
}

/** Compares two hex digests in time independent of where they differ; unequal lengths are simply unequal. */
export function sameDigest(a: string, b: string): boolean {
  // Walk the longer string in full and fold every difference into one accumulator, so neither the position of the
  // first mismatch nor a length mismatch ends the loop early. Past the shorter string, charCodeAt gives NaN, which
  // `| 0` turns into 0; the length term already makes the result false there.
  let diff = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

/** Whether `s` has the shape of a link token (exactly 43 base64url chars), so routes can 404 junk without a query. */
export function looksLikeToken(s: string): boolean {
  return s.length === TOKEN_LENGTH && TOKEN_PATTERN.test(s);
}
