import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { PREPARE_SOURCE, SYNC_CALENDAR } from '../../src/db/job-kinds.ts';
import { scheduleJob } from '../../src/db/jobs.ts';
import { type JobHandler, runTick } from '../../src/lifecycle/tick.ts';
import { alterUnderMigrationLock, openTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

const now = new Date('2026-11-30T09:00:00Z');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A handler that records how many of its jobs run at once, overall and per account (the job's key prefix). */
function counting(ms: number, accountOf: (key: string) => string = () => 'all') {
  let now = 0;
  const perAccount = new Map<string, number>();
  const seen = { most: 0, mostPerAccount: 0, ran: [] as string[] };
  const handler: JobHandler = async (job) => {
    const account = accountOf(job.key);
    now += 1;
    perAccount.set(account, (perAccount.get(account) ?? 0) + 1);
    seen.most = Math.max(seen.most, now);
    seen.mostPerAccount = Math.max(seen.mostPerAccount, perAccount.get(account)!);
    await pause(ms);
    now -= 1;
    perAccount.set(account, perAccount.get(account)! - 1);
    seen.ran.push(job.key);
    return undefined;
  };
  return { handler, seen };
}

/** Inserts `n` accounts with one calendar each; returns the calendar ids by account email. */
async function calendars(db: TestDatabase['db'], n: number): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (let i = 0; i < n; i++) {
    const email = `manager${i}@example.com`;
    const account = await sql<{ id: string }>`
      insert into accounts (provider, email) values ('microsoft', ${email}) returning id`.execute(db);
    const calendar = await sql<{ id: string }>`
      insert into calendars (account_id, provider_calendar_id) values (${account.rows[0]!.id}, 'primary')
      returning id`.execute(db);
    ids.set(email, calendar.rows[0]!.id);
  }
  return ids;
}

describe('a tick runs due jobs several at once', () => {
  it('keeps to its concurrency and does all the due work in one tick', async () => {
    database = await openTestDatabase();
    for (let i = 0; i < 30; i++) await scheduleJob(database.db, { kind: 'work', key: `k${i}`, runAt: now });
    const { handler, seen } = counting(40);
    const report = await runTick({ db: database.db, clock: () => now, handlers: { work: handler }, concurrency: 5 });
    expect(report).toEqual({ ran: 30, failed: 0, dead: 0, released: 0 });
    expect(seen.most).toBe(5);
    expect(new Set(seen.ran).size).toBe(30);
  });

  it('runs at most 4 jobs of one account at once, while other accounts use the rest', async () => {
    database = await openTestDatabase();
    const byAccount = await calendars(database.db, 3);
    const accountOfCalendar = new Map([...byAccount].map(([email, id]) => [id, email]));
    // One busy mailbox with 12 jobs (its calendar's sync and, as stand-ins, 11 more of its calendars), two quiet ones.
    const busy = byAccount.get('manager0@example.com')!;
    const account0 = await sql<{ account_id: string }>`select account_id from calendars where id = ${busy}`.execute(
      database.db,
    );
    for (let i = 1; i < 12; i++) {
      const extra = await sql<{ id: string }>`
        insert into calendars (account_id, provider_calendar_id) values (${account0.rows[0]!.account_id}, ${`c${i}`})
        returning id`.execute(database.db);
      accountOfCalendar.set(extra.rows[0]!.id, 'manager0@example.com');
    }
    for (const id of accountOfCalendar.keys())
      await scheduleJob(database.db, { kind: SYNC_CALENDAR, key: id, runAt: now });
    const { handler, seen } = counting(60, (key) => accountOfCalendar.get(key)!);
    const report = await runTick({
      db: database.db,
      clock: () => now,
      handlers: { [SYNC_CALENDAR]: handler },
      concurrency: 8,
      batchSize: 16,
    });
    expect(report.ran).toBe(14);
    expect(seen.mostPerAccount).toBe(4);
    // The quiet mailboxes ran beside the busy one: more than 4 at once overall.
    expect(seen.most).toBeGreaterThan(4);
  });

  it('prepares the two sources of one thread (a split series) one after the other, other threads beside them', async () => {
    database = await openTestDatabase();
    const db = database.db;
    const account = await sql<{ id: string }>`
      insert into accounts (provider, email) values ('google', 'maya@example.com') returning id`.execute(db);
    const threadOf = new Map<string, string>();
    for (const [thread, sources] of [
      ['split', 2],
      ['other', 1],
    ] as const) {
      const series = await sql<{ id: string }>`
        insert into series (title, organizer_email, attendee_email, time_zone)
        values (${thread}, 'maya@example.com', 'sam@example.com', 'UTC') returning id`.execute(db);
      for (let i = 0; i < sources; i++) {
        const source = await sql<{ id: string }>`
          insert into series_sources (series_id, account_id, provider, provider_series_id, organizer_email)
          values (${series.rows[0]!.id}, ${account.rows[0]!.id}, 'google', ${`${thread}-${i}`}, 'maya@example.com')
          returning id`.execute(db);
        threadOf.set(source.rows[0]!.id, thread);
        await scheduleJob(db, { kind: PREPARE_SOURCE, key: source.rows[0]!.id, runAt: now });
      }
    }
    const { handler, seen } = counting(60, (key) => threadOf.get(key)!);
    const report = await runTick({ db, clock: () => now, handlers: { [PREPARE_SOURCE]: handler }, concurrency: 8 });
    expect(report.ran).toBe(3);
    // Never two preparations of one thread at once; the other thread ran beside the split one.
    expect(seen.mostPerAccount).toBe(1);
    expect(seen.most).toBe(2);
  });

  it('stops claiming when its budget is spent and leaves the rest due for the next tick', async () => {
    database = await openTestDatabase();
    for (let i = 0; i < 40; i++) await scheduleJob(database.db, { kind: 'work', key: `k${i}`, runAt: now });
    const { handler, seen } = counting(50);
    const first = await runTick({
      db: database.db,
      clock: () => now,
      handlers: { work: handler },
      concurrency: 2,
      budgetMs: 120,
    });
    expect(first.ran).toBeGreaterThan(0);
    expect(first.ran).toBeLessThan(40);
    const left = await sql<{ n: number; running: number }>`
      select count(*)::int as n, count(*) filter (where state = 'running')::int as running from jobs`.execute(
      database.db,
    );
    expect(left.rows[0]).toEqual({ n: 40 - first.ran, running: 0 });
    const second = await runTick({ db: database.db, clock: () => now, handlers: { work: handler }, concurrency: 8 });
    expect(first.ran + second.ran).toBe(40);
    expect(new Set(seen.ran).size).toBe(40);
  });

  it('runs follow-up work in the same tick, but a job that keeps asking to run at once only a few times', async () => {
    database = await openTestDatabase();
    await scheduleJob(database.db, { kind: 'first', key: 'a', runAt: now });
    const ran: string[] = [];
    const report = await runTick({
      db: database.db,
      clock: () => now,
      handlers: {
        first: async () => {
          ran.push('first');
          await scheduleJob(database!.db, { kind: 'next', key: 'a', runAt: now });
          return undefined;
        },
        next: async () => {
          ran.push('next');
          return undefined;
        },
      },
    });
    expect(report.ran).toBe(2);
    expect(ran).toEqual(['first', 'next']);

    await scheduleJob(database.db, { kind: 'again', key: 'b', runAt: now });
    ran.length = 0;
    await runTick({
      db: database.db,
      clock: () => now,
      handlers: {
        again: async () => {
          ran.push('again');
          return { rerunAt: now };
        },
      },
    });
    expect(ran).toEqual(['again', 'again', 'again', 'again']);
  });

  it('fails the tick when the database fails, after the jobs under way finish', async () => {
    database = await openTestDatabase();
    for (let i = 0; i < 4; i++) await scheduleJob(database.db, { kind: 'work', key: `k${i}`, runAt: now });
    const finished: string[] = [];
    let started = 0;
    let allStarted: () => void = () => undefined;
    const together = new Promise<void>((resolve) => {
      allStarted = resolve;
    });
    const tick = runTick({
      db: database.db,
      clock: () => now,
      concurrency: 4,
      handlers: {
        work: async (job) => {
          // All four are under way before the database goes.
          started += 1;
          if (started === 4) allStarted();
          await together;
          // Under the migration lock: another file migrating meanwhile reads every schema's tables.
          if (job.key === 'k0') await alterUnderMigrationLock(database!.db, sql`drop table jobs cascade`);
          await pause(30);
          finished.push(job.key);
          return undefined;
        },
      },
    });
    await expect(tick).rejects.toThrow(/jobs/);
    expect(finished.sort()).toEqual(['k0', 'k1', 'k2', 'k3']);
  });
});
