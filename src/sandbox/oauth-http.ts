/**
 * OAuth 2.0 mechanics the provider emulators' authorization and token endpoints share (RFC 6749, RFC 7636). What
 * differs — parameter checks, error bodies and wording — stays in each provider's routes.
 */
import type { Context } from 'hono';
import { encodeBase64url } from '../security/base64url.ts';

/** A URL with query parameters set (the authorization redirect's `code`, `state` or `error`). */
export function withQuery(base: string, query: Record<string, string>): string {
  const url = new URL(base);
  for (const [name, value] of Object.entries(query)) url.searchParams.set(name, value);
  return url.toString();
}

/** The client id of an `Authorization: Basic` header (RFC 6749 §2.3.1), if there is one. */
export function basicClientId(authorization: string | undefined): string | undefined {
  const match = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
  if (!match?.[1]) return undefined;
  try {
    return decodeURIComponent(atob(match[1]).split(':')[0] ?? '') || undefined;
  } catch {
    // Not base64: no client id from this header; the endpoint then answers as for a missing client id.
    return undefined;
  }
}

/** The token endpoint's success answer; tokens must not be cached (RFC 6749 §5.1). */
export function tokenResponse(c: Context, body: object): Response {
  c.header('Cache-Control', 'no-store');
  return c.json(body);
}

/** The PKCE challenge an authorization code was bound to. */
export interface PkceChallenge {
  readonly codeChallenge?: string;
  readonly codeChallengeMethod?: 'S256' | 'plain';
}

/** Whether a verifier answers the code's challenge (RFC 7636 §4.6); the caller handles codes without one. */
export async function pkceMatches(code: PkceChallenge, verifier: string): Promise<boolean> {
  const expected =
    code.codeChallengeMethod === 'S256'
      ? encodeBase64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))))
      : verifier;
  return expected === code.codeChallenge;
}
