/**
 * The Microsoft identity platform's v2.0 endpoints, for any tenant segment (`common`, `organizations`, a tenant id):
 * - `GET|POST /sandbox/microsoft/{tenant}/oauth2/v2.0/authorize` — the consent page, or (with `login_hint` and
 *   `prompt=none` or the sandbox's auto-approval) an immediate redirect with `code` and `state`
 * - `POST /sandbox/microsoft/{tenant}/oauth2/v2.0/token` — `authorization_code` (PKCE checked when a
 *   `code_challenge` was sent) and `refresh_token` (rotating); once it knows whose grant a request uses, the `gate`
 *   may hold it (`delay-next`) or refuse it (`fail-token`) before anything is checked or spent
 * Errors are the identity platform's: `{ error, error_description: 'AADSTS…', error_codes, timestamp, trace_id,
 * correlation_id, error_uri }`, `invalid_grant` with 400.
 */
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { basicClientId, pkceMatches, tokenResponse, withQuery } from '../../oauth-http.ts';
import type { TokenGate } from '../../token-faults.ts';
import { isEmail, normalizeEmail } from '../../users.ts';
import type { GraphEnv } from '../context.ts';
import { consentPage, errorPage } from './consent-page.ts';
import type { AuthorizationCode, Grants } from './grants.ts';
import { identityError } from './identity-error.ts';

const BASE = '/sandbox/microsoft/:tenant/oauth2/v2.0';

/** The OAuth routes on a grant store. */
export function microsoftOAuthRoutes(
  grants: Grants,
  options: { readonly autoApprove: boolean; readonly now: () => Date; readonly gate: TokenGate },
): Hono<GraphEnv> {
  const app = new Hono<GraphEnv>();

  const authorize = async (c: Context<GraphEnv>): Promise<Response> => {
    const params = c.req.method === 'POST' ? new URLSearchParams(await c.req.text()) : new URL(c.req.url).searchParams;
    const clientId = params.get('client_id');
    const redirectUri = params.get('redirect_uri');
    if (!clientId)
      return c.html(
        errorPage('AADSTS900144', "The request body must contain the following parameter: 'client_id'."),
        400,
      );
    if (!redirectUri || !URL.canParse(redirectUri)) {
      return c.html(errorPage('AADSTS50011', 'The redirect URI specified in the request does not match.'), 400);
    }
    const state = params.get('state') ?? undefined;
    const fail = (error: string, description: string) =>
      c.redirect(
        withQuery(redirectUri, { error, error_description: description, ...(state !== undefined && { state }) }),
        302,
      );
    if (params.get('response_type') !== 'code')
      return fail('unsupported_response_type', 'AADSTS70005: response_type is not supported.');
    const scopes = (params.get('scope') ?? '').split(/\s+/).filter((s) => s !== '');
    if (scopes.length === 0)
      return fail('invalid_request', "AADSTS900144: The request body must contain the following parameter: 'scope'.");
    const method = params.get('code_challenge_method') ?? 'plain';
    if (method !== 'S256' && method !== 'plain')
      return fail('invalid_request', 'AADSTS501491: Invalid code_challenge_method.');
    const hint = normalizeEmail(params.get('login_hint') ?? '');
    const prompt = params.get('prompt') ?? '';
    const approve = (email: string) => {
      c.set('user', email);
      const challenge = params.get('code_challenge');
      const code = grants.issueCode({
        email,
        clientId,
        redirectUri,
        scopes,
        ...(challenge && { codeChallenge: challenge, codeChallengeMethod: method }),
      });
      return c.redirect(withQuery(redirectUri, { code, ...(state !== undefined && { state }) }), 302);
    };
    if (c.req.method === 'POST') {
      const email = normalizeEmail(params.get('email') ?? '');
      if (params.get('decision') !== 'allow' || !isEmail(email)) {
        return fail('access_denied', 'AADSTS65004: User declined to consent to access the app.');
      }
      return approve(email);
    }
    if (isEmail(hint) && (prompt === 'none' || (options.autoApprove && prompt !== 'consent'))) return approve(hint);
    if (prompt === 'none')
      return fail('login_required', 'AADSTS50058: A silent sign-in request was sent but no user is signed in.');
    return c.html(
      consentPage({
        action: new URL(c.req.url).pathname,
        clientId,
        scopes,
        loginHint: isEmail(hint) ? hint : undefined,
        params: [...params.entries()].filter(([name]) => name !== 'email' && name !== 'decision'),
      }),
    );
  };
  app.get(`${BASE}/authorize`, authorize);
  app.post(`${BASE}/authorize`, authorize);

  app.post(`${BASE}/token`, async (c) => {
    const params = new URLSearchParams(await c.req.text());
    const clientId = params.get('client_id') ?? basicClientId(c.req.header('Authorization'));
    const fail = (status: ContentfulStatusCode, error: string, code: number, message: string) =>
      identityError(c, options.now(), status, error, code, message);
    if (!clientId)
      return fail(
        400,
        'invalid_request',
        900144,
        "The request body must contain the following parameter: 'client_id'.",
      );
    const grantType = params.get('grant_type');
    if (grantType === 'authorization_code') {
      const code = grants.code(params.get('code') ?? '');
      if (!code) return fail(400, 'invalid_grant', 9002313, 'Invalid request. Request is malformed or invalid.');
      c.set('user', code.email);
      const held = await options.gate(c, code.email, 'authorization_code');
      if (held) return held;
      if (code.used) {
        return fail(
          400,
          'invalid_grant',
          54005,
          'OAuth2 Authorization code was already redeemed, please retry with a new valid code or use an existing refresh token.',
        );
      }
      if (options.now().getTime() >= code.expires) {
        return fail(
          400,
          'invalid_grant',
          70008,
          'The provided authorization code or refresh token has expired due to inactivity.',
        );
      }
      if (code.clientId !== clientId)
        return fail(400, 'invalid_grant', 70000, 'The provided grant was issued to another client.');
      if (params.get('redirect_uri') !== code.redirectUri) {
        return fail(400, 'invalid_grant', 70000, "The provided value for the 'redirect_uri' is not valid.");
      }
      const pkce = await checkPkce(code, params.get('code_verifier'));
      if (pkce) return fail(400, 'invalid_grant', pkce.code, pkce.message);
      return tokenResponse(c, grants.exchange(code));
    }
    if (grantType === 'refresh_token') {
      const token = params.get('refresh_token') ?? '';
      const owner = grants.ownerOfRefreshToken(token);
      if (owner) {
        c.set('user', owner);
        const held = await options.gate(c, owner, 'refresh_token');
        if (held) return held;
      }
      const result = grants.refresh(token, clientId);
      if (result === 'revoked') {
        return fail(
          400,
          'invalid_grant',
          50173,
          'The provided grant has expired due to it being revoked, a fresh auth token is needed. The user might have changed or reset their password.',
        );
      }
      if (result === 'unknown')
        return fail(
          400,
          'invalid_grant',
          70000,
          'The provided value for the refresh_token is not valid: it was already used (refresh tokens rotate) or never issued.',
        );
      if (result === 'client')
        return fail(400, 'invalid_grant', 70000, 'The refresh token was issued to another client.');
      return tokenResponse(c, result);
    }
    return fail(
      400,
      'unsupported_grant_type',
      70003,
      `The app requested an unsupported grant type '${grantType ?? ''}'.`,
    );
  });

  return app;
}

/** PKCE (RFC 7636); the AADSTS error when the verifier is missing or wrong. */
async function checkPkce(code: AuthorizationCode, verifier: string | null) {
  if (code.codeChallenge === undefined) return undefined;
  if (!verifier)
    return {
      code: 50148,
      message: 'The code_verifier does not match the code_challenge supplied in the authorization request for PKCE.',
    };
  return (await pkceMatches(code, verifier))
    ? undefined
    : {
        code: 501481,
        message: 'The Code_Verifier does not match the code_challenge supplied in the authorization request.',
      };
}
