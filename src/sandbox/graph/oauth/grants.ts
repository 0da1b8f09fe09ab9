/**
 * The Microsoft identity platform emulator's side of the sandbox OAuth server ("OAuth 2.0 authorization code flow"),
 * on the shared grant store: refresh tokens issued when `offline_access` is asked for and rotated on every use —
 * "Refresh tokens replace themselves with a fresh token upon every use": the sandbox enforces it, the old one stops
 * working. Access tokens are JWT-shaped like Entra's (clients must treat them as opaque); the sandbox only looks
 * them up.
 */

import { encodeBase64url } from '../../../security/base64url.ts';
import {
  ACCESS_TOKEN_LIFETIME_S,
  createGrantStore,
  type Grant,
  type RefreshRefusal,
  type CodeRequest as StoreCodeRequest,
  type StoredCode,
} from '../../oauth-grants.ts';
import type { Persistent } from '../../persistence.ts';
import type { TokenIdentity } from '../../users.ts';
import { userIdOf } from '../calendar/store.ts';
import { randomToken, SANDBOX_TENANT_ID } from '../ids.ts';

/** What a user agreed to. */
interface CodeRequest extends StoreCodeRequest {
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly codeChallenge?: string;
  readonly codeChallengeMethod?: 'S256' | 'plain';
}

/** What a user agreed to, waiting to be exchanged. */
export type AuthorizationCode = StoredCode<CodeRequest>;

export type { Grant, RefreshRefusal };
export { ACCESS_TOKEN_LIFETIME_S };

/** The token endpoint's answer ("Successful response"). */
export interface TokenResponse {
  readonly token_type: 'Bearer';
  readonly scope: string;
  readonly expires_in: number;
  readonly ext_expires_in: number;
  readonly access_token: string;
  readonly refresh_token?: string;
}

/** The identity server's state. */
export interface Grants {
  /** Codes, grants and tokens, for a standalone sandbox's state file. */
  readonly persistent: Persistent;
  issueCode(request: CodeRequest): string;
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
  /** How many access and refresh tokens the server holds (see `GrantStore.tokenCounts`). */
  tokenCounts(): { readonly accessTokens: number; readonly refreshTokens: number };
}

const GRAPH_RESOURCE = 'https://graph.microsoft.com/';
/** Scopes that are about the sign-in itself, not Graph permissions. */
const OIDC_SCOPES = ['openid', 'profile', 'email', 'offline_access'];

/** A scope as Graph permissions are named: `https://graph.microsoft.com/Calendars.ReadWrite` → `Calendars.ReadWrite`. */
export function shortScope(scope: string): string {
  return scope.toLowerCase().startsWith(GRAPH_RESOURCE) ? scope.slice(GRAPH_RESOURCE.length) : scope;
}

/** Creates an empty identity server state on a clock. */
export function createGrants(clock: () => Date): Grants {
  const store = createGrantStore<CodeRequest>(clock, { rotateRefreshTokens: true });

  function mint(grant: Grant): TokenResponse {
    const issued = Math.floor(store.now() / 1000);
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
    store.addAccessToken(token, grant, grant.scopes);
    const response: TokenResponse = {
      token_type: 'Bearer',
      scope: scopes.join(' '),
      expires_in: ACCESS_TOKEN_LIFETIME_S,
      ext_expires_in: ACCESS_TOKEN_LIFETIME_S,
      access_token: token,
    };
    if (![...grant.scopes].some((s) => s.toLowerCase() === 'offline_access')) return response;
    const refreshToken = `M.C5_sandbox.${randomToken(80)}`;
    store.addRefreshToken(refreshToken, grant);
    return { ...response, refresh_token: refreshToken };
  }

  return {
    persistent: store.persistent,
    issueCode: (request) => store.issueCode(`M.C5_BAY.2.U.${randomToken(64)}`, request),
    code: (code) => store.code(code),
    exchange(code) {
      const grant = store.redeem(code);
      for (const scope of code.scopes) grant.scopes.add(shortScope(scope));
      return mint(grant);
    },
    refresh(token, clientId) {
      const grant = store.useRefreshToken(token, clientId);
      return typeof grant === 'string' ? grant : mint(grant);
    },
    ownerOfRefreshToken: (token) => store.ownerOfRefreshToken(token),
    resolveAccessToken(token) {
      const access = store.liveAccessToken(token);
      if (!access) return undefined;
      return {
        email: access.grant.email,
        scopes: new Set([...access.grant.scopes].map((s) => s.toLowerCase())),
        clientId: access.grant.clientId,
      };
    },
    revokeUser: (email) => store.revokeUser(email),
    tokenCounts: () => store.tokenCounts(),
  };
}
