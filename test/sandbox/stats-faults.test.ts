/**
 * The sandbox's own tools: per-user call counts (`/sandbox/stats`) and injected failures
 * (`/sandbox/control/google/fail-next`) answered in Google's error format ("Handle API errors": 403/429
 * `rateLimitExceeded` in the `usageLimits` domain, 5xx `backendError`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StatsSnapshot } from '../../src/sandbox/sandbox.ts';
import { control, expectGoogleError, googleCalendar, type RunningSandbox, startSandbox } from './support.ts';

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
