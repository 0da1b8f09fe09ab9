/**
 * Identifiers shaped like Google's: event ids in lowercase base32hex (Calendar v3: "characters allowed are those
 * used in base32hex encoding, i.e. lowercase letters a-v and digits 0-9", 5–1024 characters), opaque tokens in
 * base64url.
 */

const BASE32HEX = '0123456789abcdefghijklmnopqrstuv';

/** A new 26-character event id. */
export function newEventId(): string {
  return randomString(BASE32HEX, 26);
}

/** Whether a client-chosen event id is acceptable. */
export function isValidEventId(id: string): boolean {
  return /^[0-9a-v]{5,1024}$/.test(id);
}

/** An opaque token (sync, page, resource ids), `length` random characters of base64url. */
export function newOpaqueToken(length = 24): string {
  return randomString('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_', length);
}

function randomString(alphabet: string, length: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  // 256 is a multiple of 32 and 64, so taking the byte modulo the alphabet size keeps every character equally likely.
  for (const byte of bytes) out += alphabet[byte % alphabet.length];
  return out;
}
