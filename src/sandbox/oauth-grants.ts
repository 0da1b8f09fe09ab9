/**
 * The bookkeeping of a sandbox OAuth server, shared by the provider emulators: authorization codes (single use,
 * 10 minutes), grants per user and client, refresh tokens and access tokens that live 3600 s by the sandbox clock.
 * Revoking any token of a grant — or the user revoking the app — kills the whole grant. Providers choose the token
 * shapes, when a refresh token is issued, and whether using one spends it (`rotateRefreshTokens`: Microsoft rotates,
 * Google does not); their endpoints choose how refusals are worded.
 */

import { type Persistent, refill } from './persistence.ts';

/** Who an authorization code was issued to; providers add what their consent carried. */
export interface CodeRequest {
  readonly email: string;
  readonly clientId: string;
}

/** An issued authorization code. */
export type StoredCode<R extends CodeRequest> = R & {
  readonly code: string;
  readonly expires: number;
  used: boolean;
};

/** A user's authorization of one client. */
export interface Grant {
  readonly email: string;
  readonly clientId: string;
  readonly scopes: Set<string>;
  revoked: boolean;
}

/** A live access token: its grant, the scopes it was minted with, and when it dies (ms). */
export interface AccessTokenEntry {
  readonly grant: Grant;
  readonly scopes: ReadonlySet<string>;
  readonly expires: number;
}

/** Why a refresh token is refused. */
export type RefreshRefusal = 'revoked' | 'unknown' | 'client';

/** The OAuth server's state. */
export interface GrantStore<R extends CodeRequest> {
  readonly now: () => number;
  /** Codes, grants and tokens, for a standalone sandbox's state file. */
  readonly persistent: Persistent;
  /** Stores a code (in the provider's format) for what the user agreed to. */
  issueCode(code: string, request: R): string;
  /** The code, whether still usable or already redeemed / expired. */
  code(code: string): StoredCode<R> | undefined;
  /** The code while it is unused and unexpired. */
  usableCode(code: string): StoredCode<R> | undefined;
  /** Spends a (checked) code: the user's live grant of that client, or a new one when none is live. */
  redeem(code: StoredCode<R>): Grant;
  /** Records an access token (in the provider's format); returns when it dies (ms). */
  addAccessToken(token: string, grant: Grant, scopes: ReadonlySet<string>): number;
  /** An access token while it and its grant are alive. */
  liveAccessToken(token: string): AccessTokenEntry | undefined;
  addRefreshToken(token: string, grant: Grant): void;
  /** Whether a grant was ever given a refresh token. */
  hasRefreshToken(grant: Grant): boolean;
  /** The user a refresh token was issued to, if it was. */
  ownerOfRefreshToken(token: string): string | undefined;
  /** The grant a refresh token stands for, checked (and spent, when tokens rotate), or why not. */
  useRefreshToken(token: string, clientId?: string): Grant | RefreshRefusal;
  /** Revokes the grant a refresh or access token belongs to; false when the token is unknown or already dead. */
  revokeToken(token: string): boolean;
  /** Revokes every grant of a user (the user removing the app's access). Returns how many. */
  revokeUser(email: string): number;
}

const CODE_LIFETIME_MS = 10 * 60_000;
export const ACCESS_TOKEN_LIFETIME_S = 3600;

/** Creates an empty OAuth server state on a clock. */
export function createGrantStore<R extends CodeRequest>(
  clock: () => Date,
  options: { readonly rotateRefreshTokens: boolean },
): GrantStore<R> {
  const codes = new Map<string, StoredCode<R>>();
  const grants = new Map<string, Grant>();
  const refreshTokens = new Map<string, { grant: Grant; live: boolean }>();
  const accessTokens = new Map<string, AccessTokenEntry>();
  const now = () => clock().getTime();

  return {
    now,
    persistent: {
      save: () => ({ codes, grants, refreshTokens, accessTokens }),
      load(saved) {
        const state = saved as { codes: unknown; grants: unknown; refreshTokens: unknown; accessTokens: unknown };
        refill(codes, state.codes);
        refill(grants, state.grants);
        refill(refreshTokens, state.refreshTokens);
        refill(accessTokens, state.accessTokens);
      },
    },
    issueCode(code, request) {
      codes.set(code, { ...request, code, expires: now() + CODE_LIFETIME_MS, used: false });
      return code;
    },
    code: (code) => codes.get(code),
    usableCode(code) {
      const found = codes.get(code);
      return found && !found.used && now() < found.expires ? found : undefined;
    },
    redeem(code) {
      code.used = true;
      const key = `${code.email} ${code.clientId}`;
      let grant = grants.get(key);
      if (!grant || grant.revoked) {
        grant = { email: code.email, clientId: code.clientId, scopes: new Set(), revoked: false };
        grants.set(key, grant);
      }
      return grant;
    },
    addAccessToken(token, grant, scopes) {
      const expires = now() + ACCESS_TOKEN_LIFETIME_S * 1000;
      accessTokens.set(token, { grant, scopes, expires });
      return expires;
    },
    liveAccessToken(token) {
      const access = accessTokens.get(token);
      return !access || access.grant.revoked || now() >= access.expires ? undefined : access;
    },
    addRefreshToken(token, grant) {
      refreshTokens.set(token, { grant, live: true });
    },
    hasRefreshToken(grant) {
      for (const entry of refreshTokens.values()) if (entry.grant === grant) return true;
      return false;
    },
    ownerOfRefreshToken: (token) => refreshTokens.get(token)?.grant.email,
    useRefreshToken(token, clientId) {
      const entry = refreshTokens.get(token);
      if (!entry?.live) return 'unknown';
      if (entry.grant.revoked) return 'revoked';
      if (clientId !== undefined && entry.grant.clientId !== clientId) return 'client';
      if (options.rotateRefreshTokens) entry.live = false;
      return entry.grant;
    },
    revokeToken(token) {
      const grant = refreshTokens.get(token)?.grant ?? accessTokens.get(token)?.grant;
      if (!grant || grant.revoked) return false;
      grant.revoked = true;
      return true;
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
