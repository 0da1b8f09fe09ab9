/**
 * The Microsoft identity platform's "OAuth 2.0 authorization code flow" against the sandbox, with plain fetch (the
 * Graph client has no part in it): authorization with login_hint (auto-approved) or the consent page, code
 * exchange with PKCE S256, refresh tokens that rotate on every use (the old one is refused with `invalid_grant`),
 * access tokens that expire after 3600 s by the sandbox clock, `invalid_grant` after the user revokes consent, and
 * 403 `ErrorAccessDenied` for a token without the permission a call needs.
 */
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, expectGraphError, graphClient, type RunningSandbox, startSandbox } from './support.ts';

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
});
afterAll(() => run.close());

const redirectUri = 'http://localhost:8787/connect/microsoft/callback';
const clientId = '11111111-2222-3333-4444-555555555555';
const SCOPES =
  'openid email offline_access https://graph.microsoft.com/Calendars.ReadWrite https://graph.microsoft.com/Mail.Send User.Read';

interface Tokens {
  access_token: string;
  refresh_token?: string;
  expires_in: number;
  ext_expires_in: number;
  token_type: string;
  scope: string;
}
interface IdentityError {
  error: string;
  error_description: string;
  error_codes: number[];
  trace_id: string;
  correlation_id: string;
  timestamp: string;
}

const endpoint = (path: string) => `${run.base}/sandbox/microsoft/common/oauth2/v2.0/${path}`;

function pkce() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

async function authorize(email: string, challenge: string, scope = SCOPES): Promise<string> {
  const query = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope,
    state: 'state-42',
    login_hint: email,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  const response = await fetch(`${endpoint('authorize')}?${query}`, { redirect: 'manual' });
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get('location') ?? '');
  expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
  expect(location.searchParams.get('state')).toBe('state-42');
  return location.searchParams.get('code') ?? '';
}

async function token(params: Record<string, string>): Promise<{ status: number; body: Tokens & IdentityError }> {
  const response = await fetch(endpoint('token'), {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ client_id: clientId, ...params }),
  });
  return { status: response.status, body: (await response.json()) as Tokens & IdentityError };
}

async function connect(email: string, scope = SCOPES): Promise<Tokens> {
  const { verifier, challenge } = pkce();
  const code = await authorize(email, challenge, scope);
  const { status, body } = await token({
    grant_type: 'authorization_code',
    code,
    redirect_uri: redirectUri,
    code_verifier: verifier,
  });
  expect(status).toBe(200);
  return body;
}

describe('authorization code flow with PKCE', () => {
  it('exchanges the code for a bearer token that acts as the user on Graph, and a refresh token for offline_access', async () => {
    const tokens = await connect('ana@example.com');
    expect(tokens).toMatchObject({ token_type: 'Bearer', expires_in: 3600, ext_expires_in: 3600 });
    expect(tokens.access_token.split('.')).toHaveLength(3);
    expect(tokens.refresh_token).toEqual(expect.any(String));
    expect(tokens.scope.split(' ')).toEqual(expect.arrayContaining(['Calendars.ReadWrite', 'Mail.Send', 'User.Read']));
    const me = await graphClient(run.base, () => tokens.access_token)
      .api('/me')
      .get();
    expect(me).toMatchObject({ mail: 'ana@example.com', userPrincipalName: 'ana@example.com', displayName: 'Ana' });
    expect(me.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('shows the consent page without a login_hint, listing the permissions asked for', async () => {
    const query = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: SCOPES,
    });
    const response = await fetch(`${endpoint('authorize')}?${query}`);
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('https://graph.microsoft.com/Calendars.ReadWrite');
    expect(html).toContain('method="post"');
  });

  it('refuses a wrong code_verifier and a redeemed code with invalid_grant and AADSTS codes', async () => {
    const { challenge } = pkce();
    const code = await authorize('ben@example.com', challenge);
    const wrong = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: pkce().verifier,
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body).toMatchObject({ error: 'invalid_grant', error_codes: [501481] });
    expect(wrong.body.error_description).toMatch(
      /^AADSTS501481: .*\r\nTrace ID: .*\r\nCorrelation ID: .*\r\nTimestamp: /,
    );
    const good = pkce();
    const fresh = await authorize('ben@example.com', good.challenge);
    const first = await token({
      grant_type: 'authorization_code',
      code: fresh,
      redirect_uri: redirectUri,
      code_verifier: good.verifier,
    });
    expect(first.status).toBe(200);
    const again = await token({
      grant_type: 'authorization_code',
      code: fresh,
      redirect_uri: redirectUri,
      code_verifier: good.verifier,
    });
    expect(again.body).toMatchObject({ error: 'invalid_grant', error_codes: [54005] });
  });
});

describe('refresh tokens', () => {
  it('rotates on every use: the new refresh token works, the old one is refused with invalid_grant', async () => {
    const tokens = await connect('cleo@example.com');
    const first = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' });
    expect(first.status).toBe(200);
    expect(first.body.refresh_token).toEqual(expect.any(String));
    expect(first.body.refresh_token).not.toBe(tokens.refresh_token);
    expect(first.body.access_token).not.toBe(tokens.access_token);
    const reused = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' });
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe('invalid_grant');
    const second = await token({ grant_type: 'refresh_token', refresh_token: first.body.refresh_token ?? '' });
    expect(second.status).toBe(200);
  });

  it('expires access tokens after 3600 s by the sandbox clock (401), and a refresh gets a working one', async () => {
    const tokens = await connect('dev@example.com');
    run.clock.advance(3600_000);
    try {
      await expectGraphError(
        graphClient(run.base, () => tokens.access_token)
          .api('/me/events')
          .get(),
        401,
        'InvalidAuthenticationToken',
      );
      const refreshed = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' });
      const events = await graphClient(run.base, () => refreshed.body.access_token)
        .api('/me/events')
        .get();
      expect(events.value).toEqual([]);
    } finally {
      run.clock.set('2024-10-01T08:00:00Z');
    }
  });

  it('answers invalid_grant (AADSTS50173) once the user revokes consent, and 401 for the access token', async () => {
    const tokens = await connect('eve@example.com');
    await control(run.base, 'revoke-grants', { email: 'eve@example.com' });
    const refused = await token({ grant_type: 'refresh_token', refresh_token: tokens.refresh_token ?? '' });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_grant', error_codes: [50173] });
    await expectGraphError(
      graphClient(run.base, () => tokens.access_token)
        .api('/me')
        .get(),
      401,
      'InvalidAuthenticationToken',
    );
  });
});

describe('permissions', () => {
  it('answers 403 ErrorAccessDenied for a call the token has no permission for', async () => {
    const tokens = await connect('finn@example.com', 'openid offline_access Calendars.Read User.Read');
    const client = graphClient(run.base, () => tokens.access_token);
    const list = await client.api('/me/events').get();
    expect(list.value).toEqual([]);
    await expectGraphError(
      client.api('/me/events').post({
        start: { dateTime: '2024-10-15T10:00:00', timeZone: 'UTC' },
        end: { dateTime: '2024-10-15T10:30:00', timeZone: 'UTC' },
      }),
      403,
      'ErrorAccessDenied',
    );
    await expectGraphError(
      client
        .api('/me/sendMail')
        .post({ message: { subject: 'x', toRecipients: [{ emailAddress: { address: 'a@example.com' } }] } }),
      403,
      'ErrorAccessDenied',
    );
  });
});

describe('reading the mailbox settings ("Get user mailbox settings": MailboxSettings.Read)', () => {
  it('answers 403 ErrorAccessDenied without MailboxSettings.Read, and the zone with it', async () => {
    const without = await connect('ula@example.com');
    await expectGraphError(
      graphClient(run.base, () => without.access_token)
        .api('/me/mailboxSettings')
        .get(),
      403,
      'ErrorAccessDenied',
    );
    const withIt = await connect('ula@example.com', `${SCOPES} https://graph.microsoft.com/MailboxSettings.Read`);
    const zone = await graphClient(run.base, () => withIt.access_token)
      .api('/me/mailboxSettings/timeZone')
      .get();
    expect(zone.value).toBe('UTC');
  });
});
