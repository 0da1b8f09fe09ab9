/**
 * Google behaviours Carryover has relied on since it was first built, tested on the sandbox alone (FIDELITY.md,
 * "Since the first build"): the events.watch request and answer ("Push notifications" › "Create notification
 * channels"), channels.stop needing the channel's own resourceId, gaxios' default retries as googleapis uses them
 * (gaxios `retry.ts`), the token endpoint's answer to a refresh ("Refreshing an access token (offline access)"), and
 * Gmail's messages.send taking no idempotency key.
 */
import { Buffer } from 'node:buffer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage, StatsSnapshot } from '../../src/sandbox/sandbox.ts';
import {
  capturingDeliver,
  control,
  expectGoogleError,
  googleCalendar,
  googleGmail,
  type RunningSandbox,
  startSandbox,
} from './support.ts';

const captured = capturingDeliver();
let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox({ deliver: captured.deliver });
});
afterAll(() => run.close());

const event = {
  summary: '1:1',
  start: { dateTime: '2024-10-15T10:00:00Z' },
  end: { dateTime: '2024-10-15T10:30:00Z' },
};

const messagesFor = (channelId: string) =>
  captured.requests.filter((r) => r.headers.get('x-goog-channel-id') === channelId);

async function stats(user: string): Promise<StatsSnapshot[string]> {
  const snapshot = (await (await fetch(`${run.base}/sandbox/stats?user=${user}`)).json()) as StatsSnapshot;
  return snapshot[user] ?? [];
}

describe('events.watch ("Push notifications" › "Create notification channels")', () => {
  it('takes a channel id of at most 64 characters and a token of at most 256 ("Required properties", "Optional properties"), refusing longer ones with 400', async () => {
    const { api, options } = googleCalendar(run.base, 'limits@example.com');
    const watch = (id: string, token: string) =>
      api.events.watch(
        { calendarId: 'primary', requestBody: { id, type: 'web_hook', address: 'https://hooks.example.com/g', token } },
        options,
      );
    await expectGoogleError(watch('c'.repeat(65), 'secret'), 400, 'invalid');
    await expectGoogleError(watch('longest-token', 't'.repeat(257)), 400, 'invalid');
    const { data } = await watch('c'.repeat(64), 't'.repeat(256));
    expect(data.id).toBe('c'.repeat(64));
    expect(data.token).toBe('t'.repeat(256));
  });

  it('takes params.ttl as a string of seconds and answers resourceId and expiration in milliseconds (events.watch response)', async () => {
    const { api, options } = googleCalendar(run.base, 'ttl@example.com');
    const { data } = await api.events.watch(
      {
        calendarId: 'primary',
        requestBody: {
          id: crypto.randomUUID(),
          type: 'web_hook',
          address: 'https://hooks.example.com/ttl',
          params: { ttl: '3600' },
        },
      },
      options,
    );
    expect(data.resourceId).toEqual(expect.any(String));
    expect(data.expiration).toBe(String(run.clock.now().getTime() + 3600_000));
  });

  it('stops a channel only with its own resourceId ("Channels: stop" takes id and resourceId): a wrong one is 404, none is 400, and the channel still notifies', async () => {
    const user = 'stopper@example.com';
    const { api, options } = googleCalendar(run.base, user);
    const { data: channel } = await api.events.watch(
      {
        calendarId: 'primary',
        requestBody: { id: 'stop-me', type: 'web_hook', address: 'https://hooks.example.com/s' },
      },
      options,
    );
    await expectGoogleError(
      api.channels.stop({ requestBody: { id: 'stop-me', resourceId: 'not-the-resource' } }, options),
      404,
      'notFound',
    );
    await expectGoogleError(api.channels.stop({ requestBody: { id: 'stop-me' } }, options), 400, 'required');
    await api.events.insert({ calendarId: 'primary', requestBody: event }, options);
    await run.sandbox.idle();
    expect(messagesFor('stop-me').map((r) => r.headers.get('x-goog-resource-state'))).toEqual(['sync', 'exists']);

    await api.channels.stop({ requestBody: { id: 'stop-me', resourceId: channel.resourceId ?? '' } }, options);
    await api.events.insert({ calendarId: 'primary', requestBody: event }, options);
    await run.sandbox.idle();
    expect(messagesFor('stop-me')).toHaveLength(2);
  });
});

describe("gaxios' default retries, as googleapis turns them on (gaxios retry.ts: GET/HEAD/PUT/OPTIONS/DELETE on 408/429/5xx)", () => {
  it('retries a GET answered 503 three times on its own but never a PATCH; with retry: false every call is sent once', async () => {
    const user = 'retried@example.com';
    const { api, options } = googleCalendar(run.base, user);
    const { data: inserted } = await api.events.insert({ calendarId: 'primary', requestBody: event }, options);
    // googleapis' own default: no `retry` in the call options turns gaxios' retries on.
    const { retry: _off, ...defaults } = options;

    await control(run.base, 'fail-next', { email: user, status: '503', count: '3' });
    const listed = await api.events.list({ calendarId: 'primary' }, defaults);
    expect(listed.status).toBe(200);

    await control(run.base, 'fail-next', { email: user, status: '503', count: '1' });
    await expectGoogleError(
      api.events.patch(
        { calendarId: 'primary', eventId: inserted.id ?? '', requestBody: { summary: 'renamed' } },
        defaults,
      ),
      503,
      'backendError',
    );

    await control(run.base, 'fail-next', { email: user, status: '503', count: '1' });
    await expectGoogleError(api.events.list({ calendarId: 'primary' }, options), 503, 'backendError');

    const counted = await stats(user);
    const count = (method: string, status: number) =>
      counted.filter((c) => c.method === method && c.status === status).reduce((sum, c) => sum + c.count, 0);
    // Three 503s retried to a 200 by gaxios, then one more 503 with retry: false; the PATCH went out once.
    expect(count('GET', 503)).toBe(4);
    expect(count('GET', 200)).toBe(1);
    expect(count('PATCH', 503)).toBe(1);
    expect(count('PATCH', 200)).toBe(0);
  }, 15_000);
});

describe('the token endpoint ("Using OAuth 2.0 for Web Server Applications" › "Refreshing an access token (offline access)")', () => {
  it('answers a refresh with a new access token and no refresh_token: the one the client holds keeps working', async () => {
    const email = 'refresher@example.com';
    const redirectUri = 'http://localhost:8787/connect/google/callback';
    const authorize = new URL(`${run.base}/sandbox/google/o/oauth2/v2/auth`);
    for (const [key, value] of Object.entries({
      client_id: 'carryover-client',
      redirect_uri: redirectUri,
      response_type: 'code',
      scope: 'openid email https://www.googleapis.com/auth/calendar.events',
      access_type: 'offline',
      login_hint: email,
    })) {
      authorize.searchParams.set(key, value);
    }
    const redirect = await fetch(authorize, { redirect: 'manual' });
    const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const token = (form: Record<string, string>) =>
      fetch(`${run.base}/sandbox/google/token`, {
        method: 'POST',
        body: new URLSearchParams({ client_id: 'carryover-client', client_secret: 'shh', ...form }),
      }).then(async (response) => ({
        status: response.status,
        body: (await response.json()) as Record<string, unknown>,
      }));

    const exchanged = await token({ grant_type: 'authorization_code', code, redirect_uri: redirectUri });
    expect(exchanged.body.refresh_token).toEqual(expect.any(String));
    const refreshToken = String(exchanged.body.refresh_token);

    for (let i = 0; i < 2; i++) {
      const refreshed = await token({ grant_type: 'refresh_token', refresh_token: refreshToken });
      expect(refreshed.status).toBe(200);
      expect(Object.keys(refreshed.body).sort()).toEqual(['access_token', 'expires_in', 'scope', 'token_type']);
      expect(refreshed.body.access_token).not.toBe(exchanged.body.access_token);
    }
  });
});

describe('Gmail users.messages.send (no idempotency key)', () => {
  it('delivers the same raw message twice when it is sent twice, each with its own id (the request takes no request id)', async () => {
    const sender = 'twice@example.com';
    const { api, options } = googleGmail(run.base, sender);
    const raw = Buffer.from(
      ['From: twice@example.com', 'To: pat@example.com', 'Subject: Same prompt', '', 'Hello'].join('\r\n'),
    ).toString('base64url');
    const first = await api.users.messages.send({ userId: 'me', requestBody: { raw } }, options);
    const second = await api.users.messages.send({ userId: 'me', requestBody: { raw } }, options);
    expect(first.data.labelIds).toEqual(['SENT']);
    expect(second.data.id).not.toBe(first.data.id);
    const inbox = (await (await fetch(`${run.base}/sandbox/mail?to=pat@example.com`)).json()) as MailMessage[];
    expect(inbox.filter((m) => m.subject === 'Same prompt')).toHaveLength(2);
  });
});
