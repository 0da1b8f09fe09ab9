/**
 * The sandbox OAuth server's state (Google "Using OAuth 2.0 for Web Server Applications"): authorization codes
 * (single use, 10 minutes, optionally PKCE-bound), grants per user and client, refresh tokens (issued on the first
 * offline exchange of a grant, or again with `prompt=consent`; never rotated), and access tokens that live 3600 s by
 * the sandbox clock. Revoking any token of a grant — or the user revoking the app — kills the whole grant.
 */
import type { TokenIdentity } from '../../users.ts';
import { newOpaqueToken } from '../calendar/ids.ts';

/** What a user agreed to at the consent screen, waiting to be exchanged. */
export interface AuthorizationCode {
  readonly code: string;
  readonly email: string;
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: ReadonlySet<string>;
  readonly offline: boolean;
  readonly forceConsent: boolean;
  readonly includeGrantedScopes: boolean;
  readonly codeChallenge?: string;
  readonly codeChallengeMethod?: 'S256' | 'plain';
  readonly expires: number;
  used: boolean;
}

/** A user's authorization of one client. */
export interface Grant {
  readonly id: string;
  readonly email: string;
  readonly clientId: string;
  scopes: Set<string>;
  refreshTokens: Set<string>;
  revoked: boolean;
}

/** An issued access token. */
interface AccessToken {
  readonly grant: Grant;
  readonly scopes: ReadonlySet<string>;
  readonly expires: number;
}

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
  issueCode(request: Omit<AuthorizationCode, 'code' | 'expires' | 'used'>): string;
  code(code: string): AuthorizationCode | undefined;
  /** Exchanges a (checked) code: finds or creates the grant and mints tokens. */
  exchange(code: AuthorizationCode): TokenResponse;
  /** The live grant a refresh token belongs to. */
  grantOfRefreshToken(token: string): Grant | undefined;
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
}

const CODE_LIFETIME_MS = 10 * 60_000;
const ACCESS_TOKEN_LIFETIME_S = 3600;

/** Creates an empty OAuth server state on a clock. */
export function createGrants(clock: () => Date): Grants {
  const codes = new Map<string, AuthorizationCode>();
  const grants = new Map<string, Grant>();
  const refreshTokens = new Map<string, Grant>();
  const accessTokens = new Map<string, AccessToken>();
  const now = () => clock().getTime();

  function mint(grant: Grant, scopes: ReadonlySet<string>): TokenResponse {
    const token = `ya29.sandbox-${newOpaqueToken(40)}`;
    accessTokens.set(token, { grant, scopes, expires: now() + ACCESS_TOKEN_LIFETIME_S * 1000 });
    // Google answers 3599: the second it took to answer is already spent.
    return {
      access_token: token,
      expires_in: ACCESS_TOKEN_LIFETIME_S - 1,
      scope: [...scopes].join(' '),
      token_type: 'Bearer',
    };
  }

  return {
    issueCode(request) {
      const code = `4/sandbox-${newOpaqueToken(40)}`;
      codes.set(code, { ...request, code, expires: now() + CODE_LIFETIME_MS, used: false });
      return code;
    },
    code(code) {
      const found = codes.get(code);
      return found && !found.used && now() < found.expires ? found : undefined;
    },
    exchange(code) {
      code.used = true;
      const key = `${code.email} ${code.clientId}`;
      let grant = grants.get(key);
      if (!grant || grant.revoked) {
        grant = {
          id: key,
          email: code.email,
          clientId: code.clientId,
          scopes: new Set(),
          refreshTokens: new Set(),
          revoked: false,
        };
        grants.set(key, grant);
      }
      const tokenScopes = new Set(code.includeGrantedScopes ? [...grant.scopes, ...code.scopes] : code.scopes);
      for (const scope of code.scopes) grant.scopes.add(scope);
      const response = mint(grant, tokenScopes);
      // A refresh token comes with the first offline authorization of a grant only (or again on prompt=consent).
      if (code.offline && (grant.refreshTokens.size === 0 || code.forceConsent)) {
        const refreshToken = `1//sandbox-${newOpaqueToken(48)}`;
        grant.refreshTokens.add(refreshToken);
        refreshTokens.set(refreshToken, grant);
        return { ...response, refresh_token: refreshToken };
      }
      return response;
    },
    grantOfRefreshToken(token) {
      const grant = refreshTokens.get(token);
      return grant && !grant.revoked ? grant : undefined;
    },
    refresh: (grant) => mint(grant, grant.scopes),
    resolveAccessToken(token) {
      const access = accessTokens.get(token);
      if (!access || access.grant.revoked || now() >= access.expires) return undefined;
      return {
        email: access.grant.email,
        scopes: access.scopes,
        clientId: access.grant.clientId,
        expires: access.expires,
      };
    },
    revokeToken(token) {
      const grant = refreshTokens.get(token) ?? accessTokens.get(token)?.grant;
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
