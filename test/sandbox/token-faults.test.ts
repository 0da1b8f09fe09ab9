/**
 * `fail-token` and `delay-next?calls=token` at Google's token endpoint, through google-auth-library's OAuth2Client:
 * the refusals of "Using OAuth 2.0 for Web Server Applications" (RFC 6749 §5.2 bodies: 400 `invalid_grant`, 401
 * `invalid_client`), Google's own failures (5xx `{"error": "internal_failure"}` as in
 * googleapis/google-auth-library-python#368; the HTML 502 page of #1260), throttling with `Retry-After`, and a slow
 * endpoint against the client's timeout. What the library surfaces is what the product classifies on — including
 * that OAuth2Client retries its token POSTs itself (AuthClient.RETRY_CONFIG: `retry: true`, POST included): 3 more
 * times on 408/429/5xx (about 2 s of backoff, `Retry-After` ignored), 2 more times on a timeout or network error.
 */
import { CodeChallengeMethod, gaxios, OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsSnapshot } from '../../src/sandbox/sandbox.ts';
import { control, type RunningSandbox, startSandbox } from './support.ts';

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
});
afterAll(() => run.close());

const redirectUri = 'http://localhost:8787/connect/google/callback';
const scopes = ['openid', 'email', 'https://www.googleapis.com/auth/calendar.events'];

function oauthClient(options: { timeout?: number } = {}): OAuth2Client {
  return new OAuth2Client({
    clientId: 'carryover-client',
    clientSecret: 'shh',
    redirectUri,
    endpoints: {
      oauth2AuthBaseUrl: `${run.base}/sandbox/google/o/oauth2/v2/auth`,
      oauth2TokenUrl: `${run.base}/sandbox/google/token`,
    },
    ...(options.timeout !== undefined && { transporterOptions: { timeout: options.timeout } }),
  });
}

/** An authorization code for `email` (auto-approved by login_hint) and its PKCE verifier. */
async function authorizationCode(email: string, client: OAuth2Client) {
  const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
  const url = client.generateAuthUrl({
    access_type: 'offline',
    scope: scopes,
    login_hint: email,
    code_challenge: codeChallenge ?? '',
    code_challenge_method: CodeChallengeMethod.S256,
  });
  const response = await fetch(url, { redirect: 'manual' });
  const code = new URL(response.headers.get('location') ?? '').searchParams.get('code') ?? '';
  return { code, codeVerifier };
}

/** A client holding the user's tokens, as the product keeps them. */
async function connected(email: string, options: { timeout?: number } = {}): Promise<OAuth2Client> {
  // The code is exchanged without the short timeout a test may ask for: on a busy machine the client would time the
  // exchange out and retry it with the code already used (invalid_grant), which is not what such a test is about.
  const exchanger = oauthClient({});
  const { code, codeVerifier } = await authorizationCode(email, exchanger);
  const { tokens } = await exchanger.getToken({ code, codeVerifier });
  const client = oauthClient(options);
  client.setCredentials(tokens);
  return client;
}

async function refusal(call: Promise<unknown>): Promise<gaxios.GaxiosError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(gaxios.GaxiosError);
  return error as gaxios.GaxiosError;
}

async function tokenCalls(email: string): Promise<number> {
  const stats = (await (await fetch(`${run.base}/sandbox/stats?user=${email}`)).json()) as StatsSnapshot;
  return (stats[email] ?? []).filter((c) => c.path === '/sandbox/google/token').reduce((sum, c) => sum + c.count, 0);
}

describe('fail-token: refusals the user must act on', () => {
  it('refuses the next refresh with 400 invalid_grant, never retried; the grant itself is untouched', async () => {
    const user = 'ines@example.com';
    const client = await connected(user);
    const before = await tokenCalls(user);
    await control(run.base, 'fail-token', { email: user, error: 'invalid_grant' });
    const refused = await refusal(client.refreshAccessToken());
    expect(refused.status).toBe(400);
    expect(refused.code).toBe(400);
    expect(refused.response?.data).toEqual({
      error: 'invalid_grant',
      error_description: 'Token has been expired or revoked.',
    });
    expect(await tokenCalls(user)).toBe(before + 1);
    expect((await client.refreshAccessToken()).credentials.access_token).toMatch(/^ya29\./);
  });

  it('answers 401 invalid_client by name, and fails code exchanges too when grants=all', async () => {
    const user = 'jon@example.com';
    await control(run.base, 'fail-token', { email: user, error: 'invalid_client', grants: 'all' });
    const client = oauthClient();
    const { code, codeVerifier } = await authorizationCode(user, client);
    const refused = await refusal(client.getToken({ code, codeVerifier }));
    expect(refused.status).toBe(401);
    expect(refused.response?.data).toEqual({
      error: 'invalid_client',
      error_description: 'The OAuth client was not found.',
    });
    // The code was not spent by the refusal.
    expect((await client.getToken({ code, codeVerifier })).tokens.refresh_token).toBeDefined();
  });

  it('leaves code exchanges alone by default (grants=refresh_token)', async () => {
    const user = 'kay@example.com';
    await control(run.base, 'fail-token', { email: user, error: 'invalid_grant' });
    const client = await connected(user);
    expect((await refusal(client.refreshAccessToken())).status).toBe(400);
  });
});

describe("fail-token: Google's own failures and throttling", () => {
  it('answers 503 {"error":"internal_failure"}; OAuth2Client retries it 3 times, so only count≥4 reaches the caller', async () => {
    const user = 'lou@example.com';
    const client = await connected(user);
    const before = await tokenCalls(user);
    await control(run.base, 'fail-token', { email: user, status: '503' });
    expect((await client.refreshAccessToken()).credentials.access_token).toMatch(/^ya29\./);
    expect(await tokenCalls(user)).toBe(before + 2);

    await control(run.base, 'fail-token', { email: user, status: '503', count: '4' });
    const failed = await refusal(client.refreshAccessToken());
    expect(failed.status).toBe(503);
    expect(failed.code).toBe(503);
    expect(failed.response?.data).toEqual({ error: 'internal_failure' });
    expect(await tokenCalls(user)).toBe(before + 6);
  });

  it("answers 429 with Retry-After, and a 502 with Google's HTML error page", async () => {
    const user = 'max@example.com';
    const client = await connected(user);
    await control(run.base, 'fail-token', { email: user, status: '429', retryAfter: '30', count: '4' });
    const limited = await refusal(client.refreshAccessToken());
    expect(limited.status).toBe(429);
    expect(limited.response?.headers.get('retry-after')).toBe('30');
    expect(limited.response?.data).toEqual({ error: 'rate_limit_exceeded', error_description: 'Rate Limit Exceeded' });

    await control(run.base, 'fail-token', { email: user, status: '502', count: '4' });
    const page = await refusal(client.refreshAccessToken());
    expect(page.status).toBe(502);
    expect(page.response?.headers.get('content-type')).toMatch(/^text\/html/);
    expect(String(page.response?.data)).toContain('Error 502 (Server Error)');
  });

  it('count=0 clears, and bad input is refused', async () => {
    const user = 'ned@example.com';
    const client = await connected(user);
    await control(run.base, 'fail-token', { email: user, status: '500', count: '5' });
    await control(run.base, 'fail-token', { email: user, count: '0' });
    expect((await client.refreshAccessToken()).credentials.access_token).toMatch(/^ya29\./);
    const wrong = await fetch(`${run.base}/sandbox/control/google/fail-token?email=${user}&status=418`, {
      method: 'POST',
    });
    expect(wrong.status).toBe(400);
  });
});

describe('delay-next?calls=token', () => {
  it("holds a refresh past the client's timeout: a GaxiosError with code TimeoutError and no response", async () => {
    const user = 'ona@example.com';
    const client = await connected(user, { timeout: 100 });
    const before = await tokenCalls(user);
    // OAuth2Client retries a timed-out token POST twice: all three attempts must be slow for the caller to see it.
    await control(run.base, 'delay-next', { email: user, ms: '300', count: '3', calls: 'token' });
    const started = Date.now();
    const timedOut = await refusal(client.refreshAccessToken());
    expect(timedOut.code).toBe('TimeoutError');
    expect(timedOut.status).toBeUndefined();
    expect(timedOut.response).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2_000);
    // Every slow request was still processed (a token minted, the call counted) once its wait ended.
    await expect.poll(() => tokenCalls(user), { timeout: 2_000 }).toBe(before + 3);
    expect((await client.refreshAccessToken()).credentials.access_token).toMatch(/^ya29\./);
  });
});
