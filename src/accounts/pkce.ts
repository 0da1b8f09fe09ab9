import { encodeBase64url } from '../security/base64url.ts';

/** A PKCE verifier (RFC 7636): 32 random bytes, base64url (43 characters). */
export function newCodeVerifier(): string {
  return encodeBase64url(crypto.getRandomValues(new Uint8Array(32)));
}

/** The S256 challenge of a verifier. */
export async function codeChallenge(verifier: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return encodeBase64url(new Uint8Array(digest));
}
