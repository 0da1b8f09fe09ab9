import { afterEach, describe, expect, it } from 'vitest';
import { PREPARE_SOURCE } from '../../src/db/job-kinds.ts';
import { scheduleJob } from '../../src/db/jobs.ts';
import { JOB_MAX_ATTEMPTS } from '../../src/lifecycle/handlers.ts';
import { runTick } from '../../src/lifecycle/tick.ts';
import { cookieJar, followRedirects, type ServiceHarness, startService } from '../support/service.ts';
import { googleDriver, microsoftDriver, type ProviderDriver, weeklyOneOnOne } from './drivers.ts';

/**
 * A tick runs up to 4 jobs of one account at once. Their calls need the account's access token, and when it has
 * expired they must share one refresh: Microsoft rotates the refresh token on every use (the sandbox refuses a spent
 * one at once), so four refreshes with one token would end with the account asking to be reconnected.
 */
const drivers: readonly ProviderDriver[] = [googleDriver, microsoftDriver];
const MAYA = 'maya@example.com';
const REPORTS = ['sam@example.com', 'ana@example.com', 'lee@example.com'];
const BLOCK = '=== Carryover 1:1 agenda';

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe.each(drivers)('jobs of one account side by side: $name', (driver) => {
  it('share one token refresh when the access token has expired, and the account stays connected', async () => {
    h = await startService({ now: '2026-11-24T09:00:00Z', reminderHours: 0 });
    await followRedirects(`${h.url}/connect/${driver.name}?login_hint=${MAYA}`, { jar: cookieJar() });
    const series: string[] = [];
    for (const [i, attendee] of REPORTS.entries()) {
      const meeting = weeklyOneOnOne(driver, { attendees: [attendee], firstStart: `2026-11-2${5 + i}T11:00:00` });
      series.push(await driver.createWeekly(h, meeting));
    }
    await h.settle();

    // Two hours on (access tokens live one), every series' preparation and the calendar's sync come due together.
    h.clock.advance(2 * 3600_000);
    const sources = await h.db.selectFrom('series_sources').select('id').execute();
    expect(sources).toHaveLength(3);
    for (const { id } of sources) await scheduleJob(h.db, { kind: PREPARE_SOURCE, key: id, runAt: h.clock() });
    const report = await runTick({
      db: h.db,
      clock: h.clock,
      handlers: h.service.handlers,
      maxAttempts: JOB_MAX_ATTEMPTS,
      concurrency: 8,
    });
    expect(report.failed).toBe(0);
    const account = await h.db.selectFrom('accounts').select(['status', 'status_reason']).executeTakeFirstOrThrow();
    expect(account).toEqual({ status: 'active', status_reason: null });

    // And the next meetings still get their blocks through the refreshed token.
    await h.settle();
    for (const id of series) {
      const [next] = await driver.upcoming(h, MAYA, id);
      expect(next?.description).toContain(BLOCK);
    }
  });
});
