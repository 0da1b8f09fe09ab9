/**
 * The bookkeeping of a sandbox OAuth server, shared by the provider emulators: authorization codes (single use,
 * 10 minutes), grants per user and client, refresh tokens and access tokens that live 3600 s by the sandbox clock.
 * Revoking any token of a grant — or the user revoking the app — kills the whole grant. Providers choose the token
 * shapes, when a refresh token is issued, and whether using one spends it (`rotateRefreshTokens`: Microsoft rotates,
 * Google does not); their endpoints choose how refusals are worded.
 *
 * The store holds only what can still be used, so a sandbox refreshing all day stays small: an access token is
 * forgotten once it has expired (then it is unknown, which every endpoint already answers as it answers an expired
 * one), and a grant keeps only its newest few spent refresh tokens.
 */

import { createBoundedTokens } from './bounded-tokens.ts';
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
  /** How many access and refresh tokens are held (live ones, and the few spent refresh tokens kept). */
  tokenCounts(): { readonly accessTokens: number; readonly refreshTokens: number };
}

const CODE_LIFETIME_MS = 10 * 60_000;
export const ACCESS_TOKEN_LIFETIME_S = 3600;

/**
 * How many spent (rotated) refresh tokens each grant remembers: its newest. A spent token is refused exactly like one never
 * issued; remembering a few only keeps a replay of a recent one attributed to its user (stats, `fail-token`), e.g. a
 * client retrying a refresh whose answer it lost. Rotation spends one per refresh, so without a bound they pile up.
 */
const SPENT_REFRESH_TOKENS_PER_GRANT = 8;

interface RefreshEntry {
  readonly grant: Grant;
  live: boolean;
}

/** Creates an empty OAuth server state on a clock. */
export function createGrantStore<R extends CodeRequest>(
  clock: () => Date,
  options: { readonly rotateRefreshTokens: boolean },
): GrantStore<R> {
  const codes = new Map<string, StoredCode<R>>();
  const grants = new Map<string, Grant>();
  const refreshTokens = new Map<string, RefreshEntry>();
  const spentRefreshTokens = createBoundedTokens<RefreshEntry>({
    perOwner: SPENT_REFRESH_TOKENS_PER_GRANT,
    ownerOf: (entry) => `${entry.grant.email} ${entry.grant.clientId}`,
  });
  // In the order issued, which is the order they expire in: every token lives ACCESS_TOKEN_LIFETIME_S and the sandbox
  // clock moves forward, so the expired ones are at the front. (A test setting its clock back only delays the sweep:
  // `liveAccessToken` checks each token's own expiry.)
  const accessTokens = new Map<string, AccessTokenEntry>();
  const now = () => clock().getTime();
  const refreshEntry = (token: string) => refreshTokens.get(token) ?? spentRefreshTokens.get(token);

  /** Forgets the access tokens that have expired: once dead, a token is answered as unknown anyway. */
  function dropExpiredAccessTokens(at: number): void {
    for (const [token, access] of accessTokens) {
      if (at < access.expires) break;
      accessTokens.delete(token);
    }
  }

  return {
    now,
    persistent: {
      // One map of refresh tokens, live and spent, as before the spent ones were bounded.
      save: () => ({
        codes,
        grants,
        refreshTokens: new Map([...spentRefreshTokens.entries(), ...refreshTokens]),
        accessTokens,
      }),
      load(saved) {
        const state = saved as {
          codes: unknown;
          grants: unknown;
          refreshTokens: Map<string, RefreshEntry>;
          accessTokens: unknown;
        };
        refill(codes, state.codes);
        refill(grants, state.grants);
        refill(
          refreshTokens,
          [...state.refreshTokens].filter(([, entry]) => entry.live),
        );
        spentRefreshTokens.load([...state.refreshTokens].filter(([, entry]) => !entry.live));
        refill(accessTokens, state.accessTokens);
        dropExpiredAccessTokens(now());
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
      dropExpiredAccessTokens(now());
      const expires = now() + ACCESS_TOKEN_LIFETIME_S * 1000;
      accessTokens.set(token, { grant, scopes, expires });
      return expires;
    },
    liveAccessToken(token) {
      const access = accessTokens.get(token);
      if (access && now() >= access.expires) {
        accessTokens.delete(token);
        return undefined;
      }
      return !access || access.grant.revoked ? undefined : access;
    },
    addRefreshToken(token, grant) {
      refreshTokens.set(token, { grant, live: true });
    },
    hasRefreshToken(grant) {
      for (const entry of refreshTokens.values()) if (entry.grant === grant) return true;
      for (const entry of spentRefreshTokens.entries().values()) if (entry.grant === grant) return true;
      return false;
    },
    ownerOfRefreshToken: (token) => refreshEntry(token)?.grant.email,
    useRefreshToken(token, clientId) {
      const entry = refreshTokens.get(token);
      if (!entry?.live) return 'unknown';
      if (entry.grant.revoked) return 'revoked';
      if (clientId !== undefined && entry.grant.clientId !== clientId) return 'client';
      if (options.rotateRefreshTokens) {
        entry.live = false;
        refreshTokens.delete(token);
        spentRefreshTokens.add(token, entry);
      }
      return entry.grant;
    },
    revokeToken(token) {
      const access = accessTokens.get(token);
      // An expired access token is unknown: Google answers its revocation 400 invalid_token, like a made-up one.
      const live = access && now() < access.expires ? access : undefined;
      const grant = refreshEntry(token)?.grant ?? live?.grant;
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
    tokenCounts: () => ({
      accessTokens: accessTokens.size,
      refreshTokens: refreshTokens.size + spentRefreshTokens.size,
    }),
  };
}
