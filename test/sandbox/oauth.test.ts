/**
 * Google "OAuth 2.0 for Web Server Applications" with google-auth-library's OAuth2Client pointed at the sandbox:
 * the authorization redirect (consent page or auto-approval), code exchange with PKCE (S256), refresh tokens only
 * on the first offline authorization, access tokens that expire by the sandbox clock, `invalid_grant` after the
 * user revokes access, the revoke endpoint, userinfo by scope, and 403 for a token without the needed scope.
 */
import { CodeChallengeMethod, gaxios, OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, expectGoogleError, googleCalendar, type RunningSandbox, startSandbox } from './support.ts';

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
});
afterAll(() => run.close());

const redirectUri = 'http://localhost:8787/connect/google/callback';
const CALENDAR = 'https://www.googleapis.com/auth/calendar.events';
const scopes = ['openid', 'email', 'profile', CALENDAR, 'https://www.googleapis.com/auth/gmail.send'];

function oauthClient(): OAuth2Client {
  return new OAuth2Client({
    clientId: 'carryover-client',
    clientSecret: 'shh',
    redirectUri,
    endpoints: {
      oauth2AuthBaseUrl: `${run.base}/sandbox/google/o/oauth2/v2/auth`,
      oauth2TokenUrl: `${run.base}/sandbox/google/token`,
      oauth2RevokeUrl: `${run.base}/sandbox/google/revoke`,
    },
  });
}

/** Follows the authorization URL one hop and returns the redirect's query. */
async function authorize(url: string): Promise<URLSearchParams> {
  const response = await fetch(url, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
  return location.searchParams;
}

/** Runs the whole flow for a user: PKCE, consent (auto-approved by login_hint), exchange. */
async function connect(email: string, client = oauthClient(), extra: Record<string, string> = {}) {
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
  const url = client.generateAuthUrl({
    access_type: 'offline',
    scope: scopes,
    state: 'state-123',
    login_hint: email,
    code_challenge: codeChallenge ?? '',
    code_challenge_method: CodeChallengeMethod.S256,
    ...extra,
  });
  const query = await authorize(url);
  expect(query.get('state')).toBe('state-123');
  const { tokens } = await client.getToken({ code: query.get('code') ?? '', codeVerifier });
  client.setCredentials(tokens);
  return { client, tokens, codeVerifier, code: query.get('code') ?? '' };
}

describe('authorization code flow with PKCE', () => {
  it('exchanges the code for tokens that act as the user on Calendar', async () => {
    const { client, tokens } = await connect('ana@example.com');
    expect(tokens.access_token).toMatch(/^ya29\./);
    expect(tokens.refresh_token).toMatch(/^1\/\//);
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.scope?.split(' ')).toEqual(expect.arrayContaining([CALENDAR, 'email']));
    const { api, options } = googleCalendar(run.base, client);
    const { data } = await api.calendarList.list({}, options);
    expect(data.items?.[0]).toMatchObject({ id: 'ana@example.com', primary: true, timeZone: 'UTC' });
  });

  it('refuses a wrong code_verifier and a reused code with invalid_grant', async () => {
    const client = oauthClient();
    const { codeChallenge } = await client.generateCodeVerifierAsync();
    const url = client.generateAuthUrl({
      scope: scopes,
      login_hint: 'ben@example.com',
      code_challenge: codeChallenge ?? '',
      code_challenge_method: CodeChallengeMethod.S256,
    });
    const code = (await authorize(url)).get('code') ?? '';
    const wrong = await client.getToken({ code, codeVerifier: 'x'.repeat(43) }).catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(gaxios.GaxiosError);
    expect((wrong as gaxios.GaxiosError).status).toBe(400);
    expect((wrong as gaxios.GaxiosError).response?.data).toEqual({
      error: 'invalid_grant',
      error_description: 'Invalid code verifier.',
    });

    const { code: used, codeVerifier } = await connect('ben@example.com');
    const reused = await oauthClient()
      .getToken({ code: used, codeVerifier })
      .catch((e: unknown) => e);
    expect((reused as gaxios.GaxiosError).response?.data).toMatchObject({ error: 'invalid_grant' });
  });

  it('returns a refresh token on the first offline authorization only (again with prompt=consent)', async () => {
    expect((await connect('cy@example.com')).tokens.refresh_token).toBeDefined();
    expect((await connect('cy@example.com')).tokens.refresh_token).toBeUndefined();
    expect((await connect('cy@example.com', oauthClient(), { prompt: 'consent' })).tokens.refresh_token).toBeDefined();
  });
});

describe('access tokens and refresh', () => {
  it('expires access tokens after 3600 s of sandbox time; a refresh brings a working one', async () => {
    const { client, tokens } = await connect('dee@example.com');
    run.clock.advance(3601_000);
    const { api } = googleCalendar(run.base, client);
    const stale = {
      rootUrl: `${run.base}/sandbox/google/`,
      retry: false as const,
      headers: { Authorization: `Bearer ${tokens.access_token}` },
    };
    await expectGoogleError(api.events.list({ calendarId: 'primary' }, stale), 401, 'authError');

    const { credentials } = await client.refreshAccessToken();
    expect(credentials.access_token).not.toBe(tokens.access_token);
    expect(credentials.refresh_token).toBe(tokens.refresh_token);
    const fresh = { ...stale, headers: { Authorization: `Bearer ${credentials.access_token}` } };
    expect((await api.events.list({ calendarId: 'primary' }, fresh)).status).toBe(200);
  });

  it('answers invalid_grant to a refresh after the user revokes access, and 401 to the access token', async () => {
    const { client, tokens } = await connect('eve@example.com');
    await control(run.base, 'revoke-grants', { email: 'eve@example.com' });
    const refused = await client.refreshAccessToken().catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(gaxios.GaxiosError);
    expect((refused as gaxios.GaxiosError).status).toBe(400);
    expect((refused as gaxios.GaxiosError).response?.data).toMatchObject({ error: 'invalid_grant' });
    const { api } = googleCalendar(run.base, 'unused@example.com');
    const options = {
      rootUrl: `${run.base}/sandbox/google/`,
      retry: false as const,
      headers: { Authorization: `Bearer ${tokens.access_token}` },
    };
    await expectGoogleError(api.events.list({ calendarId: 'primary' }, options), 401, 'authError');
  });

  it("kills the grant through Google's revoke endpoint", async () => {
    const { client, tokens } = await connect('fay@example.com');
    await client.revokeToken(tokens.access_token ?? '');
    const refused = await client.refreshAccessToken().catch((e: unknown) => e);
    expect((refused as gaxios.GaxiosError).response?.data).toMatchObject({ error: 'invalid_grant' });
  });

  it('answers 403 insufficientPermissions to a token without a calendar scope', async () => {
    const client = oauthClient();
    const url = client.generateAuthUrl({ scope: ['openid', 'email'], login_hint: 'gus@example.com' });
    const { tokens } = await client.getToken((await authorize(url)).get('code') ?? '');
    const { api } = googleCalendar(run.base, 'unused@example.com');
    const options = {
      rootUrl: `${run.base}/sandbox/google/`,
      retry: false as const,
      headers: { Authorization: `Bearer ${tokens.access_token}` },
    };
    await expectGoogleError(api.events.list({ calendarId: 'primary' }, options), 403, 'insufficientPermissions');
  });
});

describe('userinfo and the consent page', () => {
  it('answers userinfo by the scopes granted', async () => {
    const { tokens } = await connect('maya.patel@example.com');
    const response = await fetch(`${run.base}/sandbox/google/oauth2/v3/userinfo`, {
      headers: { Authorization: `Bearer ${tokens.access_token}` },
    });
    expect(await response.json()).toEqual({
      sub: expect.stringMatching(/^\d{21}$/),
      name: 'Maya Patel',
      email: 'maya.patel@example.com',
      email_verified: true,
    });
    const unknown = await fetch(`${run.base}/sandbox/google/oauth2/v3/userinfo`, {
      headers: { Authorization: 'Bearer nope' },
    });
    expect(unknown.status).toBe(401);
  });

  it('shows a consent page listing the scopes when no account is hinted, and Allow redirects with a code', async () => {
    const url = oauthClient().generateAuthUrl({ scope: scopes, state: 's' });
    const page = await fetch(url);
    expect(page.status).toBe(200);
    const body = await page.text();
    expect(body).toContain(CALENDAR);
    expect(body).toContain('value="allow"');
    const form = new URLSearchParams(new URL(url).searchParams);
    form.set('email', 'hal@example.com');
    form.set('decision', 'allow');
    const answer = await fetch(`${run.base}/sandbox/google/o/oauth2/v2/auth`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
    });
    const location = new URL(answer.headers.get('location') ?? '');
    expect(location.searchParams.get('code')).toMatch(/^4\//);
    expect(location.searchParams.get('state')).toBe('s');
    form.set('decision', 'deny');
    const denied = await fetch(`${run.base}/sandbox/google/o/oauth2/v2/auth`, {
      method: 'POST',
      body: form,
      redirect: 'manual',
    });
    expect(new URL(denied.headers.get('location') ?? '').searchParams.get('error')).toBe('access_denied');
  });
});
