import { consentUrl, type OAuthProvider } from '../oauth.ts';
import type { TokenSet } from '../provider.ts';
import { ProviderError } from '../provider-error.ts';
import type { MicrosoftEndpoints } from './endpoints.ts';
import { toProviderError } from './graph-errors.ts';

/** What Carryover asks Microsoft for: refresh tokens, who you are, your calendar, and sending the prompt. */
export const MICROSOFT_SCOPES = ['offline_access', 'User.Read', 'Calendars.ReadWrite', 'Mail.Send'] as const;

interface TokenResponse {
  readonly access_token?: string;
  readonly refresh_token?: string;
  readonly expires_in?: number;
  readonly scope?: string;
  readonly error?: string;
  readonly error_description?: string;
}

/**
 * Microsoft identity platform v2 with plain fetch (msal-node does not run on Workers). Refresh tokens rotate:
 * every refresh returns a new one, which the account session stores.
 */
export function createMicrosoftOAuth(
  credentials: { clientId: string; clientSecret: string },
  endpoints: MicrosoftEndpoints,
  clock: () => Date = () => new Date(),
): OAuthProvider {
  async function token(form: Record<string, string>, doing: string): Promise<TokenSet> {
    let response: Response;
    try {
      response = await fetch(endpoints.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          client_id: credentials.clientId,
          client_secret: credentials.clientSecret,
          scope: MICROSOFT_SCOPES.join(' '),
          ...form,
        }),
      });
    } catch (error) {
      throw new ProviderError('transient', `Microsoft ${doing}: ${(error as Error).message}`, {}, { cause: error });
    }
    const body = (await response.json().catch(() => ({}))) as TokenResponse;
    if (!response.ok || !body.access_token) {
      const kind = body.error === 'invalid_grant' ? 'auth' : response.status >= 500 ? 'transient' : 'invalid';
      throw new ProviderError(
        kind,
        `Microsoft ${doing} failed (${response.status} ${body.error ?? ''}): ${body.error_description ?? ''}`,
        {
          status: response.status,
          ...(body.error ? { reason: body.error } : {}),
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
