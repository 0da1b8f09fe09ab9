// Hand-rolled on top of btoa/atob because Workers has no Buffer and Uint8Array.fromBase64 is not everywhere yet.

/** Thrown by `decodeBase64url` for text that is not canonical, unpadded base64url. */
export class Base64urlError extends Error {
  constructor(message: string, options?: { cause: unknown }) {
    super(message, options);
    this.name = 'Base64urlError';
  }
}

/** Encodes bytes as base64url (RFC 4648 §5) without padding. */
export function encodeBase64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');
}

/** Decodes unpadded base64url to bytes; throws `Base64urlError` on anything else. */
export function decodeBase64url(text: string): Uint8Array<ArrayBuffer> {
  // A length of 1 mod 4 can't come from any byte string; atob would reject it too, but less clearly.
  if (!/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new Base64urlError('not unpadded base64url text');
  }
  const binary = atob(text.replaceAll('-', '+').replaceAll('_', '/'));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  // atob ignores non-zero bits in the last character, so two strings could decode to the same bytes. Requiring the
  // canonical form keeps "one changed character" from ever meaning "the same value" (tamper checks rely on that).
  if (encodeBase64url(bytes) !== text) throw new Base64urlError('not canonical base64url (stray trailing bits)');
  return bytes;
}
