import { OAuth2Client } from 'google-auth-library';
import { recordProviderCall } from '../../observability/metrics.ts';
import { consentUrl, type OAuthProvider } from '../oauth.ts';
import type { TokenSet } from '../provider.ts';
import type { ProviderCallObserver } from '../provider-calls.ts';
import { PROVIDER_TIMEOUT_MS, ProviderError } from '../provider-error.ts';
import type { GoogleEndpoints } from './endpoints.ts';
import { toProviderError } from './google-errors.ts';
import { observedCall } from './observed-call.ts';
import { GOOGLE_PERMISSIONS, GOOGLE_SCOPES } from './scopes.ts';

/**
 * Google OAuth with google-auth-library (token exchange and refresh, pointed at the configured endpoints so the
 * sandbox can stand in) and fetch for the consent URL and userinfo.
 */
export function createGoogleOAuth(
  credentials: { clientId: string; clientSecret: string },
  endpoints: GoogleEndpoints,
  clock: () => Date = () => new Date(),
  {
    timeoutMs = PROVIDER_TIMEOUT_MS,
    observe = recordProviderCall,
  }: {
    timeoutMs?: number;
    /** Told about every token endpoint and userinfo call (default: this process's metrics). */
    observe?: ProviderCallObserver | undefined;
  } = {},
): OAuthProvider {
  /** One call, timed and reported; its failure rethrown as it came. */
  const observed = <T>(doing: string, work: () => Promise<T>, statusOf?: (result: T) => number) =>
    observedCall(observe, doing, work, statusOf);

  const client = () =>
    new OAuth2Client({
      clientId: credentials.clientId,
      clientSecret: credentials.clientSecret,
      endpoints: { oauth2TokenUrl: endpoints.tokenUrl, oauth2RevokeUrl: endpoints.revokeUrl },
      // The tick decides on retries (and honours Retry-After); no token call may hang it.
      transporterOptions: { retry: false, timeout: timeoutMs },
    });

  const toTokenSet = (tokens: {
    access_token?: string | null;
    refresh_token?: string | null;
    expiry_date?: number | null;
    scope?: string | null;
  }): TokenSet => {
    if (!tokens.access_token) throw new ProviderError('invalid', 'Google sent no access token');
    // google-auth-library stamps expiry_date with the wall clock; keep the lifetime, measured on Carryover's clock
    // (the same in production, a test's clock in tests, where the sandbox expires tokens by that clock).
    const lifetimeMs = tokens.expiry_date ? tokens.expiry_date - Date.now() : 3600_000;
    return {
      accessToken: tokens.access_token,
      refreshToken: tokens.refresh_token ?? undefined,
      expiresAt: clock().getTime() + lifetimeMs,
      scope: tokens.scope ?? undefined,
    };
  };

  return {
    name: 'google',
    // Granular consent: the person may untick either; connecting checks the token response's `scope` against these.
    permissions: GOOGLE_PERMISSIONS,

    authorizationUrl({ state, codeChallenge, redirectUri, loginHint }) {
      return consentUrl(
        endpoints.authUrl,
        { clientId: credentials.clientId, redirectUri, state, codeChallenge, loginHint },
        {
          scope: GOOGLE_SCOPES.join(' '),
          // offline + consent: a refresh token every time someone (re)connects, so reconnecting fixes a dead grant.
          access_type: 'offline',
          prompt: 'consent',
          // Incremental authorization: connecting again to allow what was left unticked keeps what was allowed, and
          // the new token covers both.
          include_granted_scopes: 'true',
        },
      );
    },

    async exchangeCode({ code, codeVerifier, redirectUri }) {
      try {
        const { tokens } = await observed('code exchange', () =>
          client().getToken({ code, codeVerifier, redirect_uri: redirectUri }),
        );
        const tokenSet = toTokenSet(tokens);
        const response = await observed(
          'userinfo',
          () => fetch(endpoints.userinfoUrl, { headers: { Authorization: `Bearer ${tokenSet.accessToken}` } }),
          (answer) => answer.status,
        );
        if (!response.ok) throw new ProviderError('auth', `Google userinfo answered ${response.status}`);
        const info = (await response.json()) as { email?: string; name?: string; email_verified?: boolean };
        if (!info.email)
          throw new ProviderError('invalid', 'Google userinfo has no email (is the email scope granted?)');
        return { tokens: tokenSet, identity: { email: info.email.toLowerCase(), name: info.name } };
      } catch (error) {
        throw toProviderError(error, 'OAuth code exchange');
      }
    },

    async refresh(refreshToken) {
      try {
        const oauth = client();
        oauth.setCredentials({ refresh_token: refreshToken });
        const { credentials: tokens } = await observed('token refresh', () => oauth.refreshAccessToken());
        return toTokenSet(tokens);
      } catch (error) {
        // invalid_grant (revoked, expired, password changed) comes back as a 400 and is never retried.
        throw toProviderError(error, 'token refresh');
      }
    },

    async revoke(token) {
      try {
        await observed('token revocation', () => client().revokeToken(token));
      } catch (error) {
        const failure = toProviderError(error, 'token revocation');
        // An already revoked or expired grant is what disconnecting wants.
        if (failure.kind !== 'invalid' && failure.kind !== 'auth') throw failure;
      }
    },
  };
}
