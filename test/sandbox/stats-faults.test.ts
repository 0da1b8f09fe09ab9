/**
 * The sandbox's own tools: per-user call counts (`/sandbox/stats`) and injected failures
 * (`/sandbox/control/google/fail-next`) answered in Google's error format ("Handle API errors": 403/429
 * `rateLimitExceeded` in the `usageLimits` domain, 5xx `backendError`; Gmail's "Resolve errors": 403
 * `userRateLimitExceeded` / `dailyLimitExceeded` / `rateLimitExceeded`, and its 429 as logged in
 * elie222/inbox-zero#379 — "Resource has been exhausted (e.g. check quota)." with status `RESOURCE_EXHAUSTED`).
 */

import { Buffer } from 'node:buffer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsSnapshot } from '../../src/sandbox/sandbox.ts';
import {
  control,
  expectGoogleError,
  googleCalendar,
  googleGmail,
  type RunningSandbox,
  startSandbox,
} from './support.ts';

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
});
afterAll(() => run.close());

const EVENTS = '/sandbox/google/calendar/v3/calendars/:calendarId/events';

async function stats(query = ''): Promise<StatsSnapshot> {
  return (await (await fetch(`${run.base}/sandbox/stats${query}`)).json()) as StatsSnapshot;
}

describe('stats', () => {
  it('counts calls per user, method, route and status; filters by user; resets', async () => {
    const { api, options } = googleCalendar(run.base, 'counted@example.com');
    await api.events.list({ calendarId: 'primary' }, options);
    await api.events.list({ calendarId: 'primary' }, options);
    await expectGoogleError(api.events.get({ calendarId: 'primary', eventId: 'missing0' }, options), 404, 'notFound');
    await googleCalendar(run.base, 'other@example.com').api.events.list(
      { calendarId: 'primary' },
      googleCalendar(run.base, 'other@example.com').options,
    );

    const mine = await stats('?user=counted@example.com');
    expect(Object.keys(mine)).toEqual(['counted@example.com']);
    expect(mine['counted@example.com']).toEqual(
      expect.arrayContaining([
        { method: 'GET', path: EVENTS, status: 200, count: 2 },
        { method: 'GET', path: `${EVENTS}/:eventId`, status: 404, count: 1 },
      ]),
    );
    expect((await stats())['other@example.com']).toEqual([{ method: 'GET', path: EVENTS, status: 200, count: 1 }]);

    await fetch(`${run.base}/sandbox/stats?user=counted@example.com`, { method: 'DELETE' });
    expect((await stats())['counted@example.com']).toBeUndefined();
    expect(run.sandbox.stats.snapshot()['other@example.com']).toHaveLength(1);
  });
});

describe('fail-next', () => {
  it("fails the user's next calls with the status and reason asked for, then recovers", async () => {
    const user = 'flaky@example.com';
    const { api, options } = googleCalendar(run.base, user);
    await control(run.base, 'fail-next', { email: user, status: '429', count: '2', retryAfter: '7' });
    const limited = await expectGoogleError(
      api.events.list({ calendarId: 'primary' }, options),
      429,
      'rateLimitExceeded',
    );
    expect(limited.response?.data.error.errors[0]).toMatchObject({ domain: 'usageLimits' });
    expect(limited.response?.headers.get('retry-after')).toBe('7');
    await expectGoogleError(api.events.list({ calendarId: 'primary' }, options), 429, 'rateLimitExceeded');
    expect((await api.events.list({ calendarId: 'primary' }, options)).status).toBe(200);

    await control(run.base, 'fail-next', { email: user, status: '403', reason: 'userRateLimitExceeded' });
    await control(run.base, 'fail-next', { email: user, status: '503' });
    await expectGoogleError(api.events.list({ calendarId: 'primary' }, options), 403, 'userRateLimitExceeded');
    await expectGoogleError(api.events.list({ calendarId: 'primary' }, options), 503, 'backendError');
    expect((await api.events.list({ calendarId: 'primary' }, options)).status).toBe(200);

    // Another user's calls are untouched, and the failures were counted like any call.
    await control(run.base, 'fail-next', { email: user, status: '500' });
    expect(
      (
        await googleCalendar(run.base, 'steady@example.com').api.events.list(
          { calendarId: 'primary' },
          googleCalendar(run.base, 'steady@example.com').options,
        )
      ).status,
    ).toBe(200);
    const counted = (await stats(`?user=${user}`))[user] ?? [];
    expect(counted.find((c) => c.status === 429)?.count).toBe(2);
  });
});

describe('fail-next on Gmail', () => {
  const sender = 'busy@example.com';
  const send = () => {
    const { api, options } = googleGmail(run.base, sender);
    const raw = Buffer.from(`To: pat@example.com\r\nSubject: Agenda\r\n\r\nHi`).toString('base64url');
    return api.users.messages.send({ userId: 'me', requestBody: { raw } }, options);
  };

  it("answers 429 with Gmail's RESOURCE_EXHAUSTED body and Retry-After, and sends nothing", async () => {
    await control(run.base, 'fail-next', { email: sender, status: '429', retryAfter: '60' });
    const limited = await expectGoogleError(send(), 429, 'rateLimitExceeded');
    expect(limited.response?.data).toEqual({
      error: {
        code: 429,
        message: 'Resource has been exhausted (e.g. check quota).',
        errors: [
          { domain: 'global', reason: 'rateLimitExceeded', message: 'Resource has been exhausted (e.g. check quota).' },
        ],
        status: 'RESOURCE_EXHAUSTED',
      },
    });
    expect(limited.response?.headers.get('retry-after')).toBe('60');
    const delivered = await (await fetch(`${run.base}/sandbox/mail?to=pat@example.com`)).json();
    expect(delivered).toEqual([]);
  });

  it.each([
    ['userRateLimitExceeded', 'User Rate Limit Exceeded', 'usageLimits'],
    ['dailyLimitExceeded', 'Daily Limit Exceeded', 'usageLimits'],
    ['rateLimitExceeded', 'Rate Limit Exceeded', 'usageLimits'],
  ])('answers 403 %s in the usageLimits domain', async (reason, message, domain) => {
    await control(run.base, 'fail-next', { email: sender, status: '403', reason });
    const refused = await expectGoogleError(send(), 403, reason);
    expect(refused.response?.data.error).toEqual({ code: 403, message, errors: [{ domain, reason, message }] });
  });

  it('answers 403 insufficientPermissions as a token without the gmail.send scope gets it', async () => {
    await control(run.base, 'fail-next', { email: sender, status: '403', reason: 'insufficientPermissions' });
    const refused = await expectGoogleError(send(), 403, 'insufficientPermissions');
    expect(refused.response?.data.error).toEqual({
      code: 403,
      message: 'Request had insufficient authentication scopes.',
      errors: [
        {
          domain: 'global',
          reason: 'insufficientPermissions',
          message: 'Request had insufficient authentication scopes.',
        },
      ],
      status: 'PERMISSION_DENIED',
    });
    expect((await send()).status).toBe(200);
  });
});
