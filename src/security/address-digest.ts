import { encodeBase64url } from './base64url.ts';
import type { Keys } from './keys.ts';

// A person who deleted their data is remembered only as HMAC(addressKey, address): enough to recognise the address
// when a calendar brings it back, nothing to read it from. Without SECRET_KEY a leaked digest cannot even be checked
// against a guessed address.

/** The keyed digest of an email address (case and surrounding space ignored), base64url. */
export async function addressDigest(keys: Keys, email: string): Promise<string> {
  const data = new TextEncoder().encode(email.trim().toLowerCase());
  return encodeBase64url(new Uint8Array(await globalThis.crypto.subtle.sign('HMAC', keys.addressDigest, data)));
}
