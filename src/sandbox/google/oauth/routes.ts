/**
 * The sandbox OAuth server's endpoints, answering as Google's do (errors as `{error, error_description}` with 400
 * for `invalid_grant`, which google-auth-library surfaces as a GaxiosError and never retries):
 * - `GET|POST /sandbox/google/o/oauth2/v2/auth` — authorization (see authorize.ts)
 * - `POST /sandbox/google/token` — `authorization_code` (with PKCE `code_verifier`) and `refresh_token` grants; once
 *   it knows whose grant a request uses, the `gate` may hold it (`delay-next`) or refuse it (`fail-token`)
 * - `POST /sandbox/google/revoke?token=` — revokes the grant behind a refresh or access token
 * - `GET /sandbox/google/oauth2/v3/userinfo` — `{sub, email, email_verified, name}` by the token's scopes
 * - `GET|POST /sandbox/google/tokeninfo?access_token=` — what an access token is
 */
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { basicClientId, pkceMatches, tokenResponse } from '../../oauth-http.ts';
import type { TokenGate } from '../../token-faults.ts';
import type { Users } from '../../users.ts';
import type { GoogleEnv } from '../context.ts';
import { authorizationHandler } from './authorize.ts';
import type { ConsentChoices } from './consent-choices.ts';
import type { AuthorizationCode, Grants } from './grants.ts';

const BASE = '/sandbox/google';

/** OAuth routes on a grant store. */
export function oauthRoutes(
  grants: Grants,
  users: Users,
  options: {
    readonly autoApprove: boolean;
    readonly now: () => number;
    readonly gate: TokenGate;
    readonly choices: ConsentChoices;
  },
): Hono<GoogleEnv> {
  const app = new Hono<GoogleEnv>();
  const authorize = authorizationHandler(grants, options.choices, options.autoApprove);
  for (const path of [`${BASE}/o/oauth2/v2/auth`, `${BASE}/o/oauth2/auth`]) {
    app.get(path, authorize);
    app.post(path, authorize);
  }

  app.post(`${BASE}/token`, async (c) => {
    const params = await bodyParams(c);
    const clientId = params.get('client_id') ?? basicClientId(c.req.header('Authorization'));
    const grantType = params.get('grant_type');
    if (!clientId) return oauthError(c, 401, 'invalid_client', 'The OAuth client was not found.');
    if (grantType === 'authorization_code') {
      const text = params.get('code');
      if (!text) return oauthError(c, 400, 'invalid_request', 'Missing required parameter: code');
      const code = grants.code(text);
      if (!code) return oauthError(c, 400, 'invalid_grant', 'Malformed auth code.');
      c.set('user', code.email);
      const held = await options.gate(c, code.email, 'authorization_code');
      if (held) return held;
      if (code.clientId !== clientId) return oauthError(c, 400, 'invalid_grant', 'Bad Request');
      if (params.get('redirect_uri') !== code.redirectUri)
        return oauthError(c, 400, 'redirect_uri_mismatch', 'Bad Request');
      const pkce = await checkPkce(code, params.get('code_verifier'));
      if (pkce) return oauthError(c, 400, 'invalid_grant', pkce);
      return tokenResponse(c, grants.exchange(code));
    }
    if (grantType === 'refresh_token') {
      const token = params.get('refresh_token') ?? '';
      const owner = grants.ownerOfRefreshToken(token);
      if (owner !== undefined) {
        c.set('user', owner);
        const held = await options.gate(c, owner, 'refresh_token');
        if (held) return held;
      }
      const grant = grants.grantOfRefreshToken(token);
      if (!grant) return oauthError(c, 400, 'invalid_grant', 'Token has been expired or revoked.');
      if (grant.clientId !== clientId) return oauthError(c, 401, 'unauthorized_client', 'Unauthorized');
      return tokenResponse(c, grants.refresh(grant));
    }
    return oauthError(c, 400, 'unsupported_grant_type', `Invalid grant_type: ${grantType ?? ''}`);
  });

  app.post(`${BASE}/revoke`, async (c) => {
    const token = c.req.query('token') ?? (await bodyParams(c)).get('token') ?? '';
    const owner = grants.resolveAccessToken(token)?.email ?? grants.grantOfRefreshToken(token)?.email;
    if (owner) c.set('user', owner);
    if (!grants.revokeToken(token)) return oauthError(c, 400, 'invalid_token', 'Token expired or revoked');
    return c.json({});
  });

  app.get(`${BASE}/oauth2/v3/userinfo`, (c) => {
    const identity = users.authenticate(c.req.header('Authorization'));
    if (!identity) return oauthError(c, 401, 'invalid_request', 'Invalid Credentials');
    c.set('user', identity.email);
    const user = users.ensure(identity.email);
    const has = (...scopes: string[]) =>
      identity.scopes === 'all' || scopes.some((s) => (identity.scopes as ReadonlySet<string>).has(s));
    // As on Google, what comes back depends on the scopes: `email` needs the email scope, `name` the profile one.
    return c.json({
      sub: user.sub,
      ...(has('profile', 'https://www.googleapis.com/auth/userinfo.profile') && { name: user.name }),
      ...(has('email', 'https://www.googleapis.com/auth/userinfo.email') && {
        email: user.email,
        email_verified: true,
      }),
    });
  });

  const tokenInfo = async (c: Context<GoogleEnv>) => {
    const token = c.req.query('access_token') ?? (await bodyParams(c)).get('access_token') ?? bearer(c) ?? '';
    const info = grants.resolveAccessToken(token);
    if (!info) return oauthError(c, 400, 'invalid_token', 'Invalid Value');
    c.set('user', info.email);
    const scopes = info.scopes === 'all' ? [] : [...info.scopes];
    return c.json({
      azp: info.clientId,
      aud: info.clientId,
      sub: users.ensure(info.email).sub,
      scope: scopes.join(' '),
      exp: String(Math.floor(info.expires / 1000)),
      expires_in: Math.max(0, Math.floor((info.expires - options.now()) / 1000)),
      email: info.email,
      email_verified: 'true',
      access_type: 'offline',
    });
  };
  app.get(`${BASE}/tokeninfo`, tokenInfo);
  app.post(`${BASE}/tokeninfo`, tokenInfo);

  return app;
}

/** Checks PKCE (RFC 7636); returns Google's error description, or undefined when the verifier is right. */
async function checkPkce(code: AuthorizationCode, verifier: string | null): Promise<string | undefined> {
  if (code.codeChallenge === undefined) return undefined;
  if (!verifier) return 'Missing code verifier.';
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier)) return 'Invalid code verifier.';
  return (await pkceMatches(code, verifier)) ? undefined : 'Invalid code verifier.';
}

function oauthError(c: Context<GoogleEnv>, status: ContentfulStatusCode, error: string, description: string): Response {
  return c.json({ error, error_description: description }, status);
}

async function bodyParams(c: Context<GoogleEnv>): Promise<URLSearchParams> {
  const text = await c.req.text();
  if ((c.req.header('Content-Type') ?? '').includes('application/json') && text.trim() !== '') {
    try {
      const json = JSON.parse(text) as Record<string, unknown>;
      return new URLSearchParams(Object.entries(json).map(([k, v]) => [k, String(v)]));
    } catch {
      // Not JSON after all: read it as a form, which yields no parameters and so the usual missing-field errors.
      return new URLSearchParams();
    }
  }
  return new URLSearchParams(text);
}

function bearer(c: Context<GoogleEnv>): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization') ?? '')?.[1];
}
