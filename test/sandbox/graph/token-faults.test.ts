/**
 * `fail-token` and `delay-next?calls=token` at the Microsoft identity platform's token endpoint, with plain fetch as
 * the product calls it. Bodies follow "Microsoft Entra authentication and authorization error codes" › "Handling
 * error codes in your application" (`error`, `error_description` "AADSTS…: …", `error_codes`, `timestamp`,
 * `trace_id`, `correlation_id`, `error_uri`, and `suberror` as MSAL classifies it: InvalidGrantClassification in
 * AzureAD/microsoft-authentication-library-for-dotnet); the user-must-act codes of the AADSTS table (50173 revoked,
 * 700082 expired, 50076/50079 MFA, 53003 Conditional Access, 65001 consent, 50058 no session) and the transient
 * failures the "OAuth 2.0 authorization code flow" › "Error codes for token endpoint errors" says to retry
 * (`temporarily_unavailable`, `server_error`).
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsSnapshot } from '../../../src/sandbox/sandbox.ts';
import { control, type RunningSandbox, startSandbox } from './support.ts';

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
});
afterAll(() => run.close());

const redirectUri = 'http://localhost:8787/connect/microsoft/callback';
const clientId = '11111111-2222-3333-4444-555555555555';
const SCOPES = 'openid email offline_access https://graph.microsoft.com/Calendars.ReadWrite';
const endpoint = (path: string) => `${run.base}/sandbox/microsoft/common/oauth2/v2.0/${path}`;

interface TokenAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

async function token(params: Record<string, string>, signal?: AbortSignal): Promise<TokenAnswer> {
  const response = await fetch(endpoint('token'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: clientId, ...params }),
    ...(signal && { signal }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** An authorization code for `email` (auto-approved by login_hint) and its PKCE verifier. */
async function authorizationCode(email: string): Promise<{ code: string; verifier: string }> {
  const verifier = randomBytes(32).toString('base64url');
  const query = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: SCOPES,
    login_hint: email,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'),
    code_challenge_method: 'S256',
  });
  const response = await fetch(`${endpoint('authorize')}?${query}`, { redirect: 'manual' });
  return { code: new URL(response.headers.get('location') ?? '').searchParams.get('code') ?? '', verifier };
}

function exchange({ code, verifier }: { code: string; verifier: string }): Promise<TokenAnswer> {
  return token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri, code_verifier: verifier });
}

/** The user's refresh token, as the product stores it. */
async function connect(email: string): Promise<string> {
  const answer = await exchange(await authorizationCode(email));
  expect(answer.status).toBe(200);
  return String(answer.body.refresh_token);
}

const refresh = (refreshToken: string, signal?: AbortSignal) =>
  token({ grant_type: 'refresh_token', refresh_token: refreshToken }, signal);

/** How many token requests of the user the endpoint answered with tokens. */
async function issuedTokens(email: string): Promise<number> {
  const stats = (await (await fetch(`${run.base}/sandbox/stats?user=${email}`)).json()) as StatsSnapshot;
  return (stats[email] ?? [])
    .filter((c) => c.path.endsWith('/oauth2/v2.0/token') && c.status === 200)
    .reduce((sum, c) => sum + c.count, 0);
}

/** Expects the identity platform's error body with that error, AADSTS code and suberror. */
function expectIdentityError(answer: TokenAnswer, status: number, error: string, code: number, suberror?: string) {
  expect(answer.status).toBe(status);
  expect(answer.body).toEqual({
    error,
    error_description: expect.stringMatching(
      new RegExp(`^AADSTS${code}: .+\\r\\nTrace ID: [0-9a-f-]{36}\\r\\nCorrelation ID: [0-9a-f-]{36}\\r\\nTimestamp: `),
    ),
    error_codes: [code],
    timestamp: '2024-10-01 08:00:00Z',
    trace_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    correlation_id: expect.stringMatching(/^[0-9a-f-]{36}$/),
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
    ...(suberror !== undefined && { suberror }),
  });
}

describe('fail-token: the codes a user must act on', () => {
  it('refuses the next refresh with invalid_grant AADSTS50173 (grant revoked) without spending the refresh token', async () => {
    const user = 'gil@example.com';
    const refreshToken = await connect(user);
    await control(run.base, 'fail-token', { email: user, code: '50173' });
    expectIdentityError(await refresh(refreshToken), 400, 'invalid_grant', 50173);
    // Refresh tokens rotate, but a refused request spent nothing: the same token still works once.
    expect((await refresh(refreshToken)).status).toBe(200);
  });

  it.each([
    [700082, 'invalid_grant', undefined],
    [50076, 'interaction_required', undefined],
    [50079, 'interaction_required', undefined],
    [53003, 'interaction_required', 'message_only'],
    [65001, 'invalid_grant', 'consent_required'],
    [50058, 'login_required', undefined],
  ] as const)('answers AADSTS%i as %s (suberror %s)', async (code, error, suberror) => {
    const user = `u${code}@example.com`;
    const refreshToken = await connect(user);
    await control(run.base, 'fail-token', { email: user, code: String(code) });
    expectIdentityError(await refresh(refreshToken), 400, error, code, suberror);
  });

  it('names when the inactive refresh token was issued, as Entra does for AADSTS700082', async () => {
    const user = 'hana@example.com';
    const refreshToken = await connect(user);
    await control(run.base, 'fail-token', { email: user, code: '700082' });
    expect(String((await refresh(refreshToken)).body.error_description)).toMatch(
      /^AADSTS700082: The refresh token has expired due to inactivity\. The token was issued on 2024-07-03T08:00:00\.000Z and was inactive for 90\.00:00:00\./,
    );
  });

  it('lets error= and suberror= override a code (consent_required as the error, as on the authorize endpoint)', async () => {
    const user = 'ivo@example.com';
    const refreshToken = await connect(user);
    await control(run.base, 'fail-token', {
      email: user,
      code: '65001',
      error: 'consent_required',
      suberror: 'basic_action',
    });
    expectIdentityError(await refresh(refreshToken), 400, 'consent_required', 65001, 'basic_action');
  });

  it('fails code redemptions too with grants=all, leaving the code unredeemed', async () => {
    const user = 'jo@example.com';
    await control(run.base, 'fail-token', { email: user, code: '53003', grants: 'all' });
    const code = await authorizationCode(user);
    expectIdentityError(await exchange(code), 400, 'interaction_required', 53003, 'message_only');
    expect((await exchange(code)).status).toBe(200);
  });
});

describe("fail-token: the platform's own failures", () => {
  it('answers 503 temporarily_unavailable with Retry-After, then 500 server_error, then recovers', async () => {
    const user = 'kit@example.com';
    const refreshToken = await connect(user);
    await control(run.base, 'fail-token', { email: user, status: '503', retryAfter: '5' });
    await control(run.base, 'fail-token', { email: user, status: '500' });
    const unavailable = await refresh(refreshToken);
    expectIdentityError(unavailable, 503, 'temporarily_unavailable', 90006);
    expect(unavailable.headers.get('retry-after')).toBe('5');
    expectIdentityError(await refresh(refreshToken), 500, 'server_error', 50000);
    expect((await refresh(refreshToken)).status).toBe(200);
  });

  it('answers 429 temporarily_unavailable (AADSTS90055) for `count` refreshes; count=0 clears', async () => {
    const user = 'lev@example.com';
    const refreshToken = await connect(user);
    await control(run.base, 'fail-token', { email: user, status: '429', count: '5' });
    expectIdentityError(await refresh(refreshToken), 429, 'temporarily_unavailable', 90055);
    await control(run.base, 'fail-token', { email: user, count: '0' });
    expect((await refresh(refreshToken)).status).toBe(200);
  });

  it('refuses a code it does not know without an error= to go with it', async () => {
    const response = await fetch(`${run.base}/sandbox/control/microsoft/fail-token?email=a@example.com&code=12345`, {
      method: 'POST',
    });
    expect(response.status).toBe(400);
  });
});

describe('delay-next?calls=token', () => {
  it("holds a refresh past fetch's timeout (TimeoutError); the held refresh still rotates the token", async () => {
    const user = 'mia@example.com';
    const refreshToken = await connect(user);
    await control(run.base, 'delay-next', { email: user, ms: '300', calls: 'token' });
    const timedOut = await refresh(refreshToken, AbortSignal.timeout(100)).catch((e: unknown) => e);
    expect(timedOut).toBeInstanceOf(DOMException);
    expect((timedOut as DOMException).name).toBe('TimeoutError');
    // The provider finished the request the client gave up on: a second token was issued, the old refresh token
    // is spent, and its successor was in the answer nobody read.
    await expect.poll(() => issuedTokens(user), { timeout: 2_000 }).toBe(2);
    expect((await refresh(refreshToken)).body.error_codes).toEqual([70000]);
  });
});
