/**
 * Google's side of the sandbox OAuth server ("Using OAuth 2.0 for Web Server Applications"), on the shared grant
 * store: Google-shaped tokens, scopes that may include earlier grants (`include_granted_scopes`), and refresh tokens
 * issued on the first offline exchange of a grant, or again with `prompt=consent`, and never rotated.
 */
import {
  ACCESS_TOKEN_LIFETIME_S,
  createGrantStore,
  type Grant,
  type CodeRequest as StoreCodeRequest,
  type StoredCode,
} from '../../oauth-grants.ts';
import type { Persistent } from '../../persistence.ts';
import type { TokenIdentity } from '../../users.ts';
import { newOpaqueToken } from '../calendar/ids.ts';

/** What a user agreed to at the consent screen. */
interface CodeRequest extends StoreCodeRequest {
  readonly redirectUri: string;
  readonly scopes: ReadonlySet<string>;
  readonly offline: boolean;
  readonly forceConsent: boolean;
  readonly includeGrantedScopes: boolean;
  readonly codeChallenge?: string;
  readonly codeChallengeMethod?: 'S256' | 'plain';
}

/** What a user agreed to at the consent screen, waiting to be exchanged. */
export type AuthorizationCode = StoredCode<CodeRequest>;

export type { Grant };

/** The token endpoint's answer. */
export interface TokenResponse {
  readonly access_token: string;
  readonly expires_in: number;
  readonly scope: string;
  readonly token_type: 'Bearer';
  readonly refresh_token?: string;
}

/** The OAuth server's state. */
export interface Grants {
  /** Codes, grants and tokens, for a standalone sandbox's state file. */
  readonly persistent: Persistent;
  issueCode(request: CodeRequest): string;
  code(code: string): AuthorizationCode | undefined;
  /** Exchanges a (checked) code: finds or creates the grant and mints tokens. */
  exchange(code: AuthorizationCode): TokenResponse;
  /** The live grant a refresh token belongs to. */
  grantOfRefreshToken(token: string): Grant | undefined;
  /** The user a refresh token was issued to, live or not. */
  ownerOfRefreshToken(token: string): string | undefined;
  /** A new access token on a live grant. */
  refresh(grant: Grant): TokenResponse;
  /** What an access token stands for, while it is alive. */
  resolveAccessToken(
    token: string,
  ): (TokenIdentity & { readonly clientId: string; readonly expires: number }) | undefined;
  /** Revokes the grant a refresh or access token belongs to; false when the token is unknown or already dead. */
  revokeToken(token: string): boolean;
  /** Revokes every grant of a user (the user removing the app's access). Returns how many. */
  revokeUser(email: string): number;
  /** How many access and refresh tokens the server holds (see `GrantStore.tokenCounts`). */
  tokenCounts(): { readonly accessTokens: number; readonly refreshTokens: number };
}

/** Creates an empty OAuth server state on a clock. */
export function createGrants(clock: () => Date): Grants {
  const store = createGrantStore<CodeRequest>(clock, { rotateRefreshTokens: false });

  function mint(grant: Grant, scopes: ReadonlySet<string>): TokenResponse {
    const token = `ya29.sandbox-${newOpaqueToken(40)}`;
    store.addAccessToken(token, grant, scopes);
    // Google answers 3599: the second it took to answer is already spent.
    return {
      access_token: token,
      expires_in: ACCESS_TOKEN_LIFETIME_S - 1,
      scope: [...scopes].join(' '),
      token_type: 'Bearer',
    };
  }

  return {
    persistent: store.persistent,
    issueCode: (request) => store.issueCode(`4/sandbox-${newOpaqueToken(40)}`, request),
    code: (code) => store.usableCode(code),
    exchange(code) {
      const grant = store.redeem(code);
      const tokenScopes = new Set(code.includeGrantedScopes ? [...grant.scopes, ...code.scopes] : code.scopes);
      for (const scope of code.scopes) grant.scopes.add(scope);
      const response = mint(grant, tokenScopes);
      // A refresh token comes with the first offline authorization of a grant only (or again on prompt=consent).
      if (code.offline && (!store.hasRefreshToken(grant) || code.forceConsent)) {
        const refreshToken = `1//sandbox-${newOpaqueToken(48)}`;
        store.addRefreshToken(refreshToken, grant);
        return { ...response, refresh_token: refreshToken };
      }
      return response;
    },
    grantOfRefreshToken(token) {
      const grant = store.useRefreshToken(token);
      return typeof grant === 'string' ? undefined : grant;
    },
    ownerOfRefreshToken: (token) => store.ownerOfRefreshToken(token),
    refresh: (grant) => mint(grant, grant.scopes),
    resolveAccessToken(token) {
      const access = store.liveAccessToken(token);
      if (!access) return undefined;
      return {
        email: access.grant.email,
        scopes: access.scopes,
        clientId: access.grant.clientId,
        expires: access.expires,
      };
    },
    revokeToken: (token) => store.revokeToken(token),
    revokeUser: (email) => store.revokeUser(email),
    tokenCounts: () => store.tokenCounts(),
  };
}
