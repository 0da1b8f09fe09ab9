/**
 * The authorization endpoint, `GET /sandbox/google/o/oauth2/v2/auth` (Google "OAuth 2.0 for Web Server
 * Applications", step 2). It shows a consent page, or — when `login_hint` names the account and either
 * `prompt=none` is asked or the sandbox auto-approves — redirects straight back with a code, so tests and demos
 * need no browser. Errors in `client_id`/`redirect_uri` show a page (redirecting would be unsafe); other errors
 * go back to `redirect_uri` as `?error=`, as Google does.
 *
 * Consent is granular ("How to handle granular permissions"): the Sign-In scopes come with the account, every other
 * scope has its own checkbox, and only the ticked ones are granted. Auto-approval ticks them all, less what the
 * `consent?email=&deny=` control left out of the user's next consent.
 */
import type { Context } from 'hono';
import { withQuery } from '../../oauth-http.ts';
import { isEmail, normalizeEmail } from '../../users.ts';
import type { GoogleEnv } from '../context.ts';
import type { ConsentChoices } from './consent-choices.ts';
import { consentPage, errorPage } from './consent-page.ts';
import type { Grants } from './grants.ts';
import { describeScope, isSignInScope } from './scopes.ts';

/** The form field each ticked checkbox of the consent page posts. */
const GRANTED_FIELD = 'granted_scope';

/** A validated authorization request. */
interface AuthorizationRequest {
  readonly clientId: string;
  readonly redirectUri: string;
  readonly scopes: readonly string[];
  readonly state: string | undefined;
  readonly loginHint: string | undefined;
  readonly prompt: readonly string[];
  readonly offline: boolean;
  readonly includeGrantedScopes: boolean;
  readonly codeChallenge: string | undefined;
  readonly codeChallengeMethod: 'S256' | 'plain';
}

/** Handles GET (show or auto-approve) and POST (the consent form's answer) of the authorization endpoint. */
export function authorizationHandler(grants: Grants, choices: ConsentChoices, autoApprove: boolean) {
  return async function authorize(c: Context<GoogleEnv>): Promise<Response> {
    const params = c.req.method === 'POST' ? await formParams(c) : new URL(c.req.url).searchParams;
    const clientId = params.get('client_id');
    const redirectUri = params.get('redirect_uri');
    if (!clientId) return c.html(errorPage('invalid_client', 'The OAuth client was not found.'), 401);
    if (!redirectUri || !URL.canParse(redirectUri)) {
      return c.html(errorPage('redirect_uri_mismatch', 'The redirect_uri is missing or not a URL.'), 400);
    }
    const state = params.get('state') ?? undefined;
    const fail = (error: string) =>
      c.redirect(withQuery(redirectUri, { error, ...(state !== undefined && { state }) }), 302);
    if (params.get('response_type') !== 'code') return fail('unsupported_response_type');
    const scopes = (params.get('scope') ?? '').split(/\s+/).filter((s) => s !== '');
    if (scopes.length === 0) return c.html(errorPage('invalid_request', 'Missing required parameter: scope'), 400);
    const method = params.get('code_challenge_method') ?? 'plain';
    if (method !== 'S256' && method !== 'plain') return fail('invalid_request');
    const hint = params.get('login_hint');
    const request: AuthorizationRequest = {
      clientId,
      redirectUri,
      scopes,
      state,
      loginHint: hint && isEmail(normalizeEmail(hint)) ? normalizeEmail(hint) : undefined,
      prompt: (params.get('prompt') ?? '').split(/\s+/).filter((p) => p !== ''),
      offline: params.get('access_type') === 'offline',
      includeGrantedScopes: params.get('include_granted_scopes') === 'true',
      codeChallenge: params.get('code_challenge') ?? undefined,
      codeChallengeMethod: method,
    };

    if (c.req.method === 'POST') {
      if (params.get('decision') !== 'allow') return fail('access_denied');
      const email = normalizeEmail(params.get('email') ?? '');
      if (!isEmail(email)) return fail('access_denied');
      const ticked = new Set(params.getAll(GRANTED_FIELD));
      return approve(c, grants, request, email, (scope) => isSignInScope(scope) || ticked.has(scope), choices);
    }
    if (request.loginHint && (request.prompt.includes('none') || autoApprove)) {
      return approve(c, grants, request, request.loginHint, () => true, choices);
    }
    // prompt=none promises no page; without a hint there is no account to pick silently.
    if (request.prompt.includes('none')) return fail('login_required');
    return c.html(
      consentPage({
        action: new URL(c.req.url).pathname,
        clientId,
        scopes: scopes.filter(isSignInScope).map(describeScope),
        choices: scopes
          .filter((scope) => !isSignInScope(scope))
          .map((scope) => ({ name: GRANTED_FIELD, value: scope, label: describeScope(scope) })),
        loginHint: request.loginHint,
        params: [...params.entries()].filter(([name]) => !['email', 'decision', GRANTED_FIELD].includes(name)),
      }),
    );
  };
}

/** Issues a code for the scopes the person allowed (`allowed`, less what the `consent` control denied them). */
function approve(
  c: Context<GoogleEnv>,
  grants: Grants,
  request: AuthorizationRequest,
  email: string,
  allowed: (scope: string) => boolean,
  choices: ConsentChoices,
): Response {
  c.set('user', email);
  const denied = choices.take(email);
  const granted = request.scopes.filter((scope) => allowed(scope) && (isSignInScope(scope) || !denied.has(scope)));
  const code = grants.issueCode({
    email,
    clientId: request.clientId,
    redirectUri: request.redirectUri,
    scopes: new Set(granted),
    offline: request.offline,
    forceConsent: request.prompt.includes('consent'),
    includeGrantedScopes: request.includeGrantedScopes,
    ...(request.codeChallenge !== undefined && {
      codeChallenge: request.codeChallenge,
      codeChallengeMethod: request.codeChallengeMethod,
    }),
  });
  const query = { code, scope: granted.join(' '), ...(request.state !== undefined && { state: request.state }) };
  return c.redirect(withQuery(request.redirectUri, query), 302);
}

async function formParams(c: Context<GoogleEnv>): Promise<URLSearchParams> {
  return new URLSearchParams(await c.req.text());
}
