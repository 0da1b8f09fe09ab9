import { recordProviderCall } from '../../observability/metrics.ts';
import { consentUrl, type OAuthProvider } from '../oauth.ts';
import type { TokenSet } from '../provider.ts';
import { msSince, type ProviderCallObserver } from '../provider-calls.ts';
import { failedToConnect, PROVIDER_TIMEOUT_MS, ProviderError } from '../provider-error.ts';

/**
 * Token endpoint errors only the person can resolve (msal's InteractionRequiredAuthErrorCodes, plus a dead grant):
 * revoked or expired refresh tokens (invalid_grant: AADSTS50173, 700082, 70008), MFA or conditional access
 * (interaction_required: AADSTS50076, 50079, 53003), consent withdrawn or needed (consent_required: AADSTS65001),
 * a session that ended (login_required: AADSTS50058).
 */
const USER_MUST_ACT = new Set(['invalid_grant', 'interaction_required', 'consent_required', 'login_required']);

import type { MicrosoftEndpoints } from './endpoints.ts';
import { toProviderError } from './graph-errors.ts';

/**
 * What Carryover asks Microsoft for: refresh tokens, who you are, your calendar, sending the prompt, and your
 * mailbox's time zone (MailboxSettings.Read, read-only: it places a meeting whose zone Outlook could not name, which
 * is otherwise not knowable).
 */
export const MICROSOFT_SCOPES = [
  'offline_access',
  'User.Read',
  'Calendars.ReadWrite',
  'Mail.Send',
  'MailboxSettings.Read',
] as const;

interface TokenResponse {
  readonly access_token?: string;
  readonly refresh_token?: string;
  readonly expires_in?: number;
  readonly scope?: string;
  readonly error?: string;
  readonly error_description?: string;
  /** What the person must do, more precisely than `error` (e.g. invalid_grant + consent_required for AADSTS65001). */
  readonly suberror?: string;
}

/**
 * Microsoft identity platform v2 with plain fetch (msal-node does not run on Workers). Refresh tokens rotate:
 * every refresh returns a new one, which the account session stores.
 */
export function createMicrosoftOAuth(
  credentials: { clientId: string; clientSecret: string },
  endpoints: MicrosoftEndpoints,
  clock: () => Date = () => new Date(),
  {
    timeoutMs = PROVIDER_TIMEOUT_MS,
    observe = recordProviderCall,
  }: {
    timeoutMs?: number;
    /** Told about every token endpoint call (default: this process's metrics). */
    observe?: ProviderCallObserver | undefined;
  } = {},
): OAuthProvider {
  async function token(form: Record<string, string>, doing: string): Promise<TokenSet> {
    let response: Response;
    const started = performance.now();
    const report = (status: number | 'error') =>
      observe({ provider: 'microsoft', operation: doing, status, throttled: status === 429, ms: msSince(started) });
    try {
      response = await fetch(endpoints.tokenUrl, {
        method: 'POST',
        signal: AbortSignal.timeout(timeoutMs),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: credentials.clientId,
          client_secret: credentials.clientSecret,
          scope: MICROSOFT_SCOPES.join(' '),
          ...form,
        }),
      });
    } catch (error) {
      report('error');
      const notSent = failedToConnect(error);
      throw new ProviderError(
        'transient',
        `Microsoft ${doing}: ${(error as Error).message}`,
        notSent ? { notSent } : {},
        { cause: error },
      );
    }
    report(response.status);
    const body = (await response.json().catch(() => ({}))) as TokenResponse;
    if (!response.ok || !body.access_token) {
      // The answers only the person can fix (sign in again, pass MFA or conditional access, consent again) mean the
      // account needs reconnecting; msal calls these "interaction required".
      // A suberror that names what the person must do says it better than the error (AADSTS65001 refreshes answer
      // invalid_grant with suberror consent_required).
      const reason = body.suberror && USER_MUST_ACT.has(body.suberror) ? body.suberror : body.error;
      const kind = USER_MUST_ACT.has(body.error ?? '')
        ? 'auth'
        : response.status === 429
          ? 'rate-limit'
          : response.status >= 500
            ? 'transient'
            : 'invalid';
      const retryAfter = Number(response.headers.get('retry-after'));
      throw new ProviderError(
        kind,
        `Microsoft ${doing} failed (${response.status} ${body.error ?? ''}): ${body.error_description ?? ''}`,
        {
          status: response.status,
          ...(reason ? { reason } : {}),
          ...(Number.isFinite(retryAfter) && retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
        },
      );
    }
    return {
      accessToken: body.access_token,
      refreshToken: body.refresh_token,
      expiresAt: clock().getTime() + (body.expires_in ?? 3600) * 1000,
      scope: body.scope,
    };
  }

  return {
    name: 'microsoft',

    authorizationUrl({ state, codeChallenge, redirectUri, loginHint }) {
      return consentUrl(
        endpoints.authorizeUrl,
        { clientId: credentials.clientId, redirectUri, state, codeChallenge, loginHint },
        { response_mode: 'query', scope: MICROSOFT_SCOPES.join(' ') },
      );
    },

    async exchangeCode({ code, codeVerifier, redirectUri }) {
      const tokens = await token(
        { grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: codeVerifier },
        'code exchange',
      );
      try {
        const response = await fetch(`${endpoints.graphRoot}v1.0/me`, {
          headers: { Authorization: `Bearer ${tokens.accessToken}` },
        });
        if (!response.ok) throw new ProviderError('auth', `Graph /me answered ${response.status}`);
        const me = (await response.json()) as {
          mail?: string | null;
          userPrincipalName?: string;
          displayName?: string;
        };
        const email = (me.mail ?? me.userPrincipalName ?? '').toLowerCase();
        if (!email) throw new ProviderError('invalid', 'Graph /me has no mail or userPrincipalName');
        return { tokens, identity: { email, name: me.displayName } };
      } catch (error) {
        throw toProviderError(error, 'GET /me');
      }
    },

    refresh(refreshToken) {
      return token({ grant_type: 'refresh_token', refresh_token: refreshToken }, 'token refresh');
    },

    // The v2 endpoint has no token revocation; disconnecting deletes the tokens (and the person can remove the app
    // under "My apps").
    async revoke() {},
  };
}
