/**
 * The Microsoft identity platform emulator's state ("OAuth 2.0 authorization code flow"): authorization codes
 * (single use, 10 minutes, optionally PKCE-bound), grants per user and client, refresh tokens issued when
 * `offline_access` is asked for and rotated on every use — "Refresh tokens replace themselves with a fresh token upon
 * every use": the sandbox enforces it, the old one stops working — and access tokens living 3600 s by the sandbox
 * clock. Access tokens are JWT-shaped like Entra's (clients must treat them as opaque); the sandbox only looks them up.
 */

import { encodeBase64url } from '../../../security/base64url.ts';
import type { TokenIdentity } from '../../users.ts';
import { userIdOf } from '../calendar/store.ts';
import { randomToken, SANDBOX_TENANT_ID } from '../ids.ts';

/** What a user agreed to, waiting to be exchanged. */
export interface AuthorizationCode {
  readonly code: string;
  readonly email: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly codeChallenge?: string;
  readonly codeChallengeMethod?: 'S256' | 'plain';
  readonly expires: number;
  used: boolean;
}

/** A user's authorization of one client. */
export interface Grant {
  readonly email: string;
  readonly clientId: string;
  readonly scopes: Set<string>;
  revoked: boolean;
}

/** The token endpoint's answer ("Successful response"). */
export interface TokenResponse {
  readonly token_type: 'Bearer';
  readonly scope: string;
  readonly expires_in: number;
  readonly ext_expires_in: number;
  readonly access_token: string;
  readonly refresh_token?: string;
}

/** Why a refresh token is refused. */
export type RefreshRefusal = 'revoked' | 'unknown' | 'client';

/** The identity server's state. */
export interface Grants {
  issueCode(request: Omit<AuthorizationCode, 'code' | 'expires' | 'used'>): string;
  /** The code, whether still usable or already redeemed / expired (the endpoint tells those apart). */
  code(code: string): AuthorizationCode | undefined;
  exchange(code: AuthorizationCode): TokenResponse;
  /** Rotates a refresh token: a new access and refresh token, or why not. */
  refresh(token: string, clientId: string): TokenResponse | RefreshRefusal;
  /** The user a refresh token was issued to, if it was. */
  ownerOfRefreshToken(token: string): string | undefined;
  resolveAccessToken(token: string): (TokenIdentity & { readonly clientId: string }) | undefined;
  /** The user revokes the app: every grant, refresh and access token of theirs dies. Returns how many grants. */
  revokeUser(email: string): number;
}

const CODE_LIFETIME_MS = 10 * 60_000;
export const ACCESS_TOKEN_LIFETIME_S = 3600;
const GRAPH_RESOURCE = 'https://graph.microsoft.com/';
/** Scopes that are about the sign-in itself, not Graph permissions. */
const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

/** A scope as Graph permissions are named: `https://graph.microsoft.com/Calendars.ReadWrite` → `Calendars.ReadWrite`. */
export function shortScope(scope: string): string {
  return scope.toLowerCase().startsWith(GRAPH_RESOURCE) ? scope.slice(GRAPH_RESOURCE.length) : scope;
}

/** Creates an empty identity server state on a clock. */
export function createGrants(clock: () => Date): Grants {
  const codes = new Map<string, AuthorizationCode>();
  const grants = new Map<string, Grant>();
  const refreshTokens = new Map<string, { grant: Grant; live: boolean }>();
  const accessTokens = new Map<string, { grant: Grant; expires: number }>();
  const now = () => clock().getTime();

  function mint(grant: Grant): TokenResponse {
    const issued = Math.floor(now() / 1000);
    const scopes = [...grant.scopes].filter((s) => !OIDC_SCOPES.includes(s.toLowerCase()));
    const json = (value: object) => encodeBase64url(new TextEncoder().encode(JSON.stringify(value)));
    const token = [
      json({ typ: 'JWT', alg: 'RS256', kid: 'sandbox' }),
      json({
        aud: '00000003-0000-0000-c000-000000000000',
        iss: `https://sts.windows.net/${SANDBOX_TENANT_ID}/`,
        iat: issued,
        nbf: issued,
        exp: issued + ACCESS_TOKEN_LIFETIME_S,
        appid: grant.clientId,
        scp: scopes.join(' '),
        tid: SANDBOX_TENANT_ID,
        oid: userIdOf(grant.email),
        upn: grant.email,
        unique_name: grant.email,
      }),
      randomToken(43),
    ].join('.');
    accessTokens.set(token, { grant, expires: now() + ACCESS_TOKEN_LIFETIME_S * 1000 });
    const response: TokenResponse = {
      token_type: 'Bearer',
      scope: scopes.join(' '),
      expires_in: ACCESS_TOKEN_LIFETIME_S,
      ext_expires_in: ACCESS_TOKEN_LIFETIME_S,
      access_token: token,
    };
    if (![...grant.scopes].some((s) => s.toLowerCase() === 'offline_access')) return response;
    const refreshToken = `M.C5_sandbox.${randomToken(80)}`;
    refreshTokens.set(refreshToken, { grant, live: true });
    return { ...response, refresh_token: refreshToken };
  }

  return {
    issueCode(request) {
      const code = `M.C5_BAY.2.U.${randomToken(64)}`;
      codes.set(code, { ...request, code, expires: now() + CODE_LIFETIME_MS, used: false });
      return code;
    },
    code: (code) => codes.get(code),
    exchange(code) {
      code.used = true;
      const key = `${code.email} ${code.clientId}`;
      let grant = grants.get(key);
      if (!grant || grant.revoked) {
        grant = { email: code.email, clientId: code.clientId, scopes: new Set(), revoked: false };
        grants.set(key, grant);
      }
      for (const scope of code.scopes) grant.scopes.add(shortScope(scope));
      return mint(grant);
    },
    refresh(token, clientId) {
      const entry = refreshTokens.get(token);
      if (!entry?.live) return 'unknown';
      if (entry.grant.revoked) return 'revoked';
      if (entry.grant.clientId !== clientId) return 'client';
      entry.live = false;
      return mint(entry.grant);
    },
    ownerOfRefreshToken: (token) => refreshTokens.get(token)?.grant.email,
    resolveAccessToken(token) {
      const access = accessTokens.get(token);
      if (!access || access.grant.revoked || now() >= access.expires) return undefined;
      return {
        email: access.grant.email,
        scopes: new Set([...access.grant.scopes].map((s) => s.toLowerCase())),
        clientId: access.grant.clientId,
      };
    },
    revokeUser(email) {
      let count = 0;
      for (const grant of grants.values()) {
        if (grant.email === email && !grant.revoked) {
          grant.revoked = true;
          count += 1;
        }
      }
      return count;
    },
  };
}
