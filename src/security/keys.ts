// All keys come from the one SECRET_KEY through HKDF with distinct `info` labels, so the secret box, the link
// tokens and the address digests never share key material: a weakness in how one is used can't leak another.

/** The service's working keys, derived once at start from SECRET_KEY. Neither can be exported. */
export interface Keys {
  /** AES-256-GCM, encrypts OAuth tokens at rest (see secret-box.ts). */
  readonly secretBox: CryptoKey;
  /** HMAC-SHA256, derives agenda link tokens from their stored nonces (see link-token.ts). */
  readonly linkToken: CryptoKey;
  /** HMAC-SHA256, the keyed digest of an address that asked to be forgotten (see address-digest.ts). */
  readonly addressDigest: CryptoKey;
}

const SECRET_BOX_INFO = 'carryover secret-box v1';
const LINK_TOKEN_INFO = 'carryover link-token v1';
const ADDRESS_DIGEST_INFO = 'carryover address-digest v1';

/** Derives the secret-box and link-token keys from SECRET_KEY (UTF-8) with HKDF-SHA256. */
export async function deriveKeys(secretKey: string): Promise<Keys> {
  const subtle = globalThis.crypto.subtle;
  const ikm = await subtle.importKey('raw', new TextEncoder().encode(secretKey), 'HKDF', false, ['deriveBits']);
  // deriveBits + importKey rather than deriveKey: every runtime we target (Node, workerd) supports HKDF deriveBits,
  // and it makes the key length explicit in one place.
  const bits = (info: string) =>
    subtle.deriveBits(
      // An empty salt is RFC 5869's default; SECRET_KEY is required to be long and random, so none is needed.
      { name: 'HKDF', hash: 'SHA-256', salt: new Uint8Array(0), info: new TextEncoder().encode(info) },
      ikm,
      256,
    );
  const [boxBits, linkBits, addressBits] = await Promise.all([
    bits(SECRET_BOX_INFO),
    bits(LINK_TOKEN_INFO),
    bits(ADDRESS_DIGEST_INFO),
  ]);
  const hmac = (raw: ArrayBuffer) =>
    subtle.importKey('raw', raw, { name: 'HMAC', hash: 'SHA-256', length: 256 }, false, ['sign']);
  const [secretBox, linkToken, addressDigest] = await Promise.all([
    subtle.importKey('raw', boxBits, { name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']),
    hmac(linkBits),
    hmac(addressBits),
  ]);
  return { secretBox, linkToken, addressDigest };
}
