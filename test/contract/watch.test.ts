import { afterEach, describe, expect, it, vi } from 'vitest';
import { composeService } from '../../src/compose.ts';
import { loadConfig, pollingNotice } from '../../src/config.ts';
import { spreadFor } from '../../src/core/backstop.ts';
import { SYNC_CALENDAR } from '../../src/db/job-kinds.ts';
import { POLL_WITHOUT_PUSH_MS, syncCalendar, watchRetryDelayMs } from '../../src/lifecycle/sync-calendar.ts';
import type { CallCount } from '../../src/sandbox/stats.ts';
import { followRedirects, type ServiceHarness, startService } from '../support/service.ts';

/**
 * Keeping a calendar's push channel (src/lifecycle/sync-calendar.ts `keepWatch`) the way Graph wants it: a subscription
 * is made once and renewed in place (PATCH `expirationDateTime`; `POST …/reauthorize` first when Graph asks), made
 * again only when Graph removed it, never piling up against the 1,000 a mailbox may hold; a refused watch backs off for
 * hours while the calendar is polled; and without a public https address the service polls on purpose.
 */

const MAYA = 'maya@example.com';
const GRAPH = '/sandbox/graph/v1.0';
const SECRET_KEY = 'k7Qz9vX2mR4tY8wB1nC6pL3sD5fG0hJq';

let h: ServiceHarness | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await h?.close();
  h = undefined;
});

async function connected(): Promise<ServiceHarness> {
  h = await startService({ now: '2026-11-24T09:00:00Z' });
  await followRedirects(`${h.url}/connect/microsoft?login_hint=${MAYA}`);
  return h;
}

async function calls(s: ServiceHarness): Promise<CallCount[]> {
  const snapshot = (await (await fetch(`${s.url}/sandbox/stats?user=${MAYA}`)).json()) as Record<string, CallCount[]>;
  return snapshot[MAYA] ?? [];
}

const count = (all: readonly CallCount[], method: string, path: string) =>
  all.filter((c) => c.method === method && c.path === `${GRAPH}${path}`).reduce((n, c) => n + c.count, 0);

/** The calendar's watch state (migration 0005_watch_state). */
interface WatchRow {
  readonly id: string;
  readonly watch_id: string | null;
  readonly watch_expires_at: Date | null;
  readonly watch_failures: number;
  readonly watch_retry_at: Date | null;
  readonly watch_reauthorize: boolean;
}

async function calendar(s: ServiceHarness): Promise<WatchRow> {
  return (await s.db.selectFrom('calendars').selectAll().executeTakeFirstOrThrow()) as unknown as WatchRow;
}

async function subscriptions(s: ServiceHarness): Promise<{ id: string; expirationDateTime: string }[]> {
  const response = await fetch(`${s.url}${GRAPH}/subscriptions`, {
    headers: { Authorization: `Bearer sandbox:${MAYA}` },
  });
  return ((await response.json()) as { value: { id: string; expirationDateTime: string }[] }).value;
}

describe('the Graph subscription of a calendar', () => {
  it('is renewed in place with PATCH a day before it expires: the same subscription, none made or deleted', async () => {
    const s = await connected();
    await s.settle();
    const before = await calendar(s);
    expect(count(await calls(s), 'POST', '/subscriptions')).toBe(1);
    // Six days and a bit later the subscription (asked for 7 days, Graph's limit less an hour) is due for renewal.
    for (let day = 0; day < 6; day++) await s.advance(24 * 3600_000);
    await s.advance(60 * 60_000);
    const after = await calendar(s);
    const made = await calls(s);
    expect(after.watch_id).toBe(before.watch_id);
    expect(after.watch_expires_at!.getTime()).toBeGreaterThan(before.watch_expires_at!.getTime());
    expect(count(made, 'PATCH', '/subscriptions/:id')).toBe(1);
    expect(count(made, 'POST', '/subscriptions')).toBe(1);
    expect(count(made, 'DELETE', '/subscriptions/:id')).toBe(0);
    expect(await subscriptions(s)).toHaveLength(1);
  });

  it('is reauthorized (POST …/reauthorize, then PATCH) when Graph sends reauthorizationRequired', async () => {
    const s = await connected();
    await s.settle();
    const { watch_id } = await calendar(s);
    const sent = await fetch(
      `${s.url}/sandbox/control/microsoft/lifecycle?subscription=${watch_id}&event=reauthorizationRequired`,
      { method: 'POST' },
    );
    expect(sent.ok).toBe(true);
    await s.settle();
    const made = await calls(s);
    expect(count(made, 'POST', '/subscriptions/:id/reauthorize')).toBe(1);
    expect(count(made, 'PATCH', '/subscriptions/:id')).toBe(1);
    expect(count(made, 'POST', '/subscriptions')).toBe(1);
    const after = await calendar(s);
    expect(after.watch_id).toBe(watch_id);
    expect(after.watch_reauthorize).toBe(false);
  });

  it('is made again when Graph removed it, without deleting the one that is gone', async () => {
    const s = await connected();
    await s.settle();
    const { watch_id } = await calendar(s);
    await fetch(`${s.url}/sandbox/control/microsoft/lifecycle?subscription=${watch_id}&event=subscriptionRemoved`, {
      method: 'POST',
    });
    await s.settle();
    const made = await calls(s);
    expect(count(made, 'POST', '/subscriptions')).toBe(2);
    expect(count(made, 'DELETE', '/subscriptions/:id')).toBe(0);
    expect((await calendar(s)).watch_id).not.toBe(watch_id);
    expect(await subscriptions(s)).toHaveLength(1);
  });

  it('backs off for hours when refused (a mailbox at its 1,000 subscriptions), polling every 5 minutes meanwhile', async () => {
    h = await startService({ now: '2026-11-24T09:00:00Z' });
    const s = h;
    // Other apps hold the mailbox's 1,000 subscriptions ("A maximum of 1000 active subscriptions per mailbox").
    const others: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const response = await fetch(`${s.url}${GRAPH}/subscriptions`, {
        method: 'POST',
        headers: { Authorization: `Bearer sandbox:${MAYA}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          changeType: 'updated',
          notificationUrl: `${s.url}/webhooks/microsoft`,
          resource: 'me/events',
          expirationDateTime: new Date(s.clock().getTime() + 3 * 86_400_000).toISOString(),
        }),
      });
      others.push(((await response.json()) as { id: string }).id);
    }
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    await followRedirects(`${s.url}/connect/microsoft?login_hint=${MAYA}`);
    await s.settle();
    const refused = await calendar(s);
    expect(refused.watch_id).toBeNull();
    expect(refused.watch_failures).toBe(1);
    expect(refused.watch_retry_at).toEqual(new Date(s.clock().getTime() + 3600_000));
    const job = await s.db
      .selectFrom('jobs')
      .select('run_at')
      .where('kind', '=', SYNC_CALENDAR)
      .executeTakeFirstOrThrow();
    // Every 5 minutes, spread by up to 10 % per calendar so calendars connected together do not poll together.
    const every = spreadFor(refused.id, POLL_WITHOUT_PUSH_MS);
    expect(every / POLL_WITHOUT_PUSH_MS).toBeCloseTo(1, 0);
    expect(job.run_at).toEqual(new Date(s.clock().getTime() + every));
    // Polls in the next hour do not ask again.
    const retryAt = refused.watch_retry_at!.getTime();
    let polls = 0;
    while (s.clock().getTime() + every < retryAt) {
      await s.advance(every);
      polls += 1;
    }
    expect(polls).toBeGreaterThanOrEqual(10);
    expect(count(await calls(s), 'POST', '/subscriptions')).toBe(1001);
    // The hour is up: one try, refused again, then two hours.
    await s.advance(every);
    expect(count(await calls(s), 'POST', '/subscriptions')).toBe(1002);
    expect((await calendar(s)).watch_failures).toBe(2);
    // Room again (another app let one go): after the back-off the watch is made and push is trusted again.
    await fetch(`${s.url}${GRAPH}/subscriptions/${others[0]}`, {
      method: 'DELETE',
      headers: { Authorization: `Bearer sandbox:${MAYA}` },
    });
    s.clock.advance(2 * 3600_000);
    await s.settle();
    const back = await calendar(s);
    expect(back.watch_id).toBeTruthy();
    expect(back.watch_failures).toBe(0);
    expect(back.watch_retry_at).toBeNull();
  }, 60_000);

  it('waits 1 h, 2 h, 4 h … at most 24 h between refused watches', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map((n) => watchRetryDelayMs(n) / 3600_000)).toEqual([1, 2, 4, 8, 16, 24, 24]);
  });
});

describe('without a public https address', () => {
  it('takes real credentials with an http BASE_URL, and runs without push on purpose', () => {
    const config = loadConfig({
      SECRET_KEY,
      BASE_URL: 'http://carryover.internal:3000',
      MICROSOFT_CLIENT_ID: 'id',
      MICROSOFT_CLIENT_SECRET: 'secret',
    });
    expect(config.push).toBe(false);
    expect(
      loadConfig({
        SECRET_KEY,
        BASE_URL: 'https://carryover.example.com',
        MICROSOFT_CLIENT_ID: 'id',
        MICROSOFT_CLIENT_SECRET: 's',
      }).push,
    ).toBe(true);
    // The sandbox accepts http notification URLs on purpose.
    expect(loadConfig({}).push).toBe(true);
    expect(pollingNotice('http://carryover.internal:3000')).toMatch(/every 5 minutes \(about 320 provider calls a day/);
  });

  it('says at start what polling costs, once, and never asks for a watch', async () => {
    const s = await connected();
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const config = { baseUrl: 'http://carryover.internal:3000', sandbox: false, promptDelayMinutes: 5, push: false };
    for (let i = 0; i < 2; i++) {
      composeService({ config, db: s.db, databaseKind: s.database.kind, keys: s.keys, clock: s.clock });
    }
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toContain('BASE_URL http://carryover.internal:3000 is not https');
    // The calendar's sync, as the tick runs it in such a deployment: polled, no watch asked for.
    const { id } = await calendar(s);
    const result = await syncCalendar({ ...s.service.lifecycle, push: false }, id);
    expect(result).toEqual({ rerunAt: new Date(s.clock().getTime() + spreadFor(id, POLL_WITHOUT_PUSH_MS)) });
    expect(count(await calls(s), 'POST', '/subscriptions')).toBe(0);
    expect((await calendar(s)).watch_id).toBeNull();
  });
});
