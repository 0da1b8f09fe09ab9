import { decodeBase64url, encodeBase64url } from './base64url.ts';
import type { Keys } from './keys.ts';

// Format: `v1.<iv>.<ciphertext+tag>`, both base64url. The version prefix lets a later format (or key rotation)
// coexist with rows sealed by this one.
const VERSION = 'v1';
const IV_BYTES = 12; // 96 bits: the IV length AES-GCM is specified for
const TAG_BYTES = 16; // WebCrypto's default AES-GCM tag, appended to the ciphertext

/**
 * Why a sealed string would not open. GCM can't tell a tampered ciphertext from the wrong key — both fail the same
 * authentication check — so they share one kind.
 */
export type SecretBoxErrorKind = 'malformed' | 'unauthentic';

/** Thrown by `open` when a sealed string is malformed, or was tampered with or sealed under another key. */
export class SecretBoxError extends Error {
  constructor(
    readonly kind: SecretBoxErrorKind,
    message: string,
    options?: { cause: unknown },
  ) {
    super(message, options);
    this.name = 'SecretBoxError';
  }
}

/** Encrypts and authenticates `plaintext` under a fresh random IV; returns `v1.<iv>.<ciphertext>`. */
export async function seal(keys: Keys, plaintext: string): Promise<string> {
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const ciphertext = await globalThis.crypto.subtle.encrypt(
    { name: 'AES-GCM', iv },
    keys.secretBox,
    new TextEncoder().encode(plaintext),
  );
  return `${VERSION}.${encodeBase64url(iv)}.${encodeBase64url(new Uint8Array(ciphertext))}`;
}

/** Decrypts a string made by `seal`; throws `SecretBoxError` if it is malformed, tampered or from another key. */
export async function open(keys: Keys, sealed: string): Promise<string> {
  const parts = sealed.split('.');
  if (parts.length !== 3) throw new SecretBoxError('malformed', `sealed value has ${parts.length} parts, expected 3`);
  const [version, ivText, ciphertextText] = parts as [string, string, string];
  if (version !== VERSION) throw new SecretBoxError('malformed', `unsupported sealed value version "${version}"`);
  const iv = decodePart(ivText, 'IV');
  const ciphertext = decodePart(ciphertextText, 'ciphertext');
  if (iv.length !== IV_BYTES) throw new SecretBoxError('malformed', `IV is ${iv.length} bytes, expected ${IV_BYTES}`);
  if (ciphertext.length < TAG_BYTES) {
    throw new SecretBoxError('malformed', `ciphertext is ${ciphertext.length} bytes, shorter than its tag`);
  }
  let plaintext: ArrayBuffer;
  try {
    plaintext = await globalThis.crypto.subtle.decrypt({ name: 'AES-GCM', iv }, keys.secretBox, ciphertext);
  } catch (error) {
    throw new SecretBoxError(
      'unauthentic',
      'sealed value failed authentication: tampered, or sealed with another key',
      {
        cause: error,
      },
    );
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(plaintext);
  } catch (error) {
    // Only reachable if something sealed non-UTF-8 bytes under our key; seal() never does.
    throw new SecretBoxError('malformed', 'sealed value decrypted to invalid UTF-8', { cause: error });
  }
}

function decodePart(text: string, what: string): Uint8Array<ArrayBuffer> {
  try {
    return decodeBase64url(text);
  } catch (error) {
    throw new SecretBoxError('malformed', `sealed value's ${what} is not base64url`, { cause: error });
  }
}
