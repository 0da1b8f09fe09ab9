import { afterEach, describe, expect, it } from 'vitest';
import { claimDueJobs, completeJob, extendLease, retryJob, reviveDeadJobs, scheduleJob } from '../../src/db/jobs.ts';
import { retryDelay, runTick } from '../../src/lifecycle/tick.ts';
import { ProviderError } from '../../src/providers/provider-error.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

const now = new Date('2026-11-24T09:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);
const DAY = 24 * 3600_000;
const failing =
  (message = 'provider said 503') =>
  async () => {
    throw new Error(message);
  };

describe('the job queue the tick claims work from', () => {
  it('runs each due job on exactly one of two instances ticking at once', async () => {
    database = await openTestDatabase();
    const second = database.openSecond();
    for (let i = 0; i < 30; i++) await scheduleJob(database.db, { kind: 'sync', key: `cal-${i}`, runAt: now });
    const ran: string[] = [];
    const handlers = {
      sync: async (job: { key: string }) => {
        ran.push(job.key);
        await new Promise((resolve) => setTimeout(resolve, 1));
        return undefined;
      },
    };
    await Promise.all([
      runTick({ db: database.db, clock: () => now, handlers, batchSize: 7 }),
      runTick({ db: second.db, clock: () => now, handlers, batchSize: 7 }),
      runTick({ db: database.db, clock: () => now, handlers, batchSize: 7 }),
      runTick({ db: second.db, clock: () => now, handlers, batchSize: 7 }),
      runTick({ db: database.db, clock: () => now, handlers, batchSize: 7 }),
    ]);
    expect(ran).toHaveLength(30);
    expect(new Set(ran).size).toBe(30);
    expect(await claimDueJobs(database.db, later(3600_000), 100, 60_000)).toEqual([]);
  });

  it('does not run a job before its time, and collapses duplicate triggers into one run', async () => {
    database = await openTestDatabase();
    await scheduleJob(database.db, { kind: 'prompt', key: 'occ-1', runAt: later(60_000) });
    await scheduleJob(database.db, { kind: 'prompt', key: 'occ-1', runAt: later(120_000) });
    expect(await claimDueJobs(database.db, now, 10, 60_000)).toEqual([]);
    const claimed = await claimDueJobs(database.db, later(60_000), 10, 60_000);
    expect(claimed.map((j) => j.key)).toEqual(['occ-1']);
  });

  it("gives a crashed instance's job to another once its lease runs out", async () => {
    database = await openTestDatabase();
    await scheduleJob(database.db, { kind: 'sync', key: 'cal', runAt: now });
    expect(await claimDueJobs(database.db, now, 10, 60_000)).toHaveLength(1);
    // The claimer "crashes": nothing completes the job. Within the lease nobody else gets it ...
    expect(await claimDueJobs(database.db, later(30_000), 10, 60_000)).toHaveLength(0);
    // ... after it, another instance does.
    const retaken = await claimDueJobs(database.db, later(61_000), 10, 60_000);
    expect(retaken.map((j) => [j.key, j.attempts])).toEqual([['cal', 2]]);
  });

  it('keeps a trigger that arrives while the job runs, so that change is not missed', async () => {
    database = await openTestDatabase();
    await scheduleJob(database.db, { kind: 'sync', key: 'cal', runAt: now });
    const [job] = await claimDueJobs(database.db, now, 10, 60_000);
    await scheduleJob(database.db, { kind: 'sync', key: 'cal', runAt: later(1_000) }); // a webhook mid-run
    await completeJob(database.db, job!);
    expect((await claimDueJobs(database.db, later(1_000), 10, 60_000)).map((j) => j.key)).toEqual(['cal']);
  });

  it('runs a job again when it asks to (a poll), unless a trigger came in meanwhile', async () => {
    database = await openTestDatabase();
    await scheduleJob(database.db, { kind: 'sync', key: 'cal', runAt: now });
    const poll = { sync: async () => ({ rerunAt: later(15 * 60_000) }) };
    await runTick({ db: database.db, clock: () => now, handlers: poll });
    expect(await claimDueJobs(database.db, later(14 * 60_000), 10, 60_000)).toEqual([]);
    const [again] = await claimDueJobs(database.db, later(15 * 60_000), 10, 60_000);
    expect(again?.key).toBe('cal');
    // A webhook arrives while that run is going on: the next run is now, not in 15 minutes.
    await scheduleJob(database.db, { kind: 'sync', key: 'cal', runAt: later(15 * 60_000 + 1) });
    await completeJob(database.db, again!, later(30 * 60_000));
    expect(await claimDueJobs(database.db, later(15 * 60_000 + 1), 10, 60_000)).toHaveLength(1);
  });

  it('retries a failing job later with backoff and keeps its error', async () => {
    database = await openTestDatabase();
    await scheduleJob(database.db, { kind: 'sync', key: 'cal', runAt: now });
    const report = await runTick({
      db: database.db,
      clock: () => now,
      random: () => 0.5,
      handlers: {
        sync: async () => {
          throw new Error('provider said 503');
        },
      },
    });
    expect(report).toEqual({ ran: 0, failed: 1, dead: 0, released: 0 });
    const row = await database.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(row.last_error).toBe('provider said 503');
    expect(row.state).toBe('scheduled');
    expect(row.run_at.getTime()).toBe(later(5_000).getTime());
    expect(await claimDueJobs(database.db, later(4_000), 10, 60_000)).toEqual([]);
  });

  it('leaves a job of a kind this build does not know for a later try', async () => {
    database = await openTestDatabase();
    await scheduleJob(database.db, { kind: 'future-kind', key: 'x', runAt: now });
    for (let i = 0; i < 3; i++) {
      const report = await runTick({ db: database.db, clock: () => later(i * DAY), handlers: {}, maxAttempts: {} });
      expect(report).toEqual({ ran: 0, failed: 1, dead: 0, released: 0 });
    }
    // It never gives up on a kind another instance may know.
    expect(await database.db.selectFrom('jobs').select(['kind', 'state']).execute()).toEqual([
      { kind: 'future-kind', state: 'scheduled' },
    ]);
  });

  it('lets only the lease holder complete, retry or extend a job: a taken-over instance changes nothing', async () => {
    database = await openTestDatabase();
    const second = database.openSecond();
    await scheduleJob(database.db, { kind: 'sync', key: 'cal', runAt: now });
    const [stale] = await claimDueJobs(database.db, now, 10, 20_000);
    // The first holder stalls past its lease; another instance takes the job over.
    const [current] = await claimDueJobs(second.db, later(21_000), 10, 20_000);
    expect(current?.lease_owner).not.toBe(stale?.lease_owner);
    expect(await completeJob(database.db, stale!)).toBe(false);
    expect(await retryJob(database.db, stale!, { runAt: later(1), error: 'x', maxAttempts: 1, now })).toBe('lost');
    expect(await extendLease(database.db, stale!, later(99_000))).toBe(false);
    const row = await database.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect([row.state, row.lease_owner, row.locked_until?.getTime()]).toEqual([
      'running',
      current!.lease_owner,
      later(41_000).getTime(),
    ]);
    expect(await completeJob(second.db, current!)).toBe(true);
    expect(await database.db.selectFrom('jobs').selectAll().execute()).toEqual([]);
  });

  it("gives up after its kind's attempt cap: dead with its last error, never claimed again, revived by hand", async () => {
    database = await openTestDatabase();
    await scheduleJob(database.db, { kind: 'sync', key: 'cal', runAt: now });
    const dead: string[] = [];
    const tick = (at: Date) =>
      runTick({
        db: database!.db,
        clock: () => at,
        handlers: { sync: failing('always broken') },
        maxAttempts: { sync: 3 },
        onDead: (job, error) => dead.push(`${job.kind}:${job.key}: ${error}`),
      });
    for (let i = 0; i < 5; i++) await tick(later(i * DAY));
    expect(dead).toEqual(['sync:cal: always broken']);
    const row = await database.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect([row.state, row.attempts, row.last_error]).toEqual(['dead', 3, 'always broken']);
    expect(await claimDueJobs(database.db, later(365 * DAY), 10, 20_000)).toEqual([]);
    // A new trigger does not wake it: a person does.
    await scheduleJob(database.db, { kind: 'sync', key: 'cal', runAt: later(6 * DAY) });
    expect(await claimDueJobs(database.db, later(7 * DAY), 10, 20_000)).toEqual([]);
    expect(await reviveDeadJobs(database.db, [row.id], later(7 * DAY))).toBe(1);
    const [again] = await claimDueJobs(database.db, later(7 * DAY), 10, 20_000);
    expect([again?.key, again?.attempts]).toEqual(['cal', 1]);
  });

  it('waits exactly as long as the provider asked (Retry-After), with no floor', async () => {
    database = await openTestDatabase();
    await scheduleJob(database.db, { kind: 'sync', key: 'cal', runAt: now });
    await runTick({
      db: database.db,
      clock: () => now,
      handlers: {
        sync: async () => {
          throw new ProviderError('rate-limit', '429', { status: 429, retryAfterMs: 2_000 });
        },
      },
    });
    const row = await database.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(row.run_at.getTime() - now.getTime()).toBe(2_000);
  });

  it('backs off exponentially with jitter when the provider says nothing', () => {
    expect(retryDelay(new Error('x'), 1, () => 0.5)).toBe(5_000);
    expect(retryDelay(new Error('x'), 4, () => 0.5)).toBe(40_000);
    expect(retryDelay(new Error('x'), 4, () => 0)).toBe(32_000);
    expect(retryDelay(new Error('x'), 4, () => 1)).toBe(48_000);
    expect(retryDelay(new Error('x'), 40, () => 0.5)).toBe(3600_000);
  });

  it('keeps holding every job of a batch while a slow one runs, so no other instance takes them over', async () => {
    database = await openTestDatabase();
    const second = database.openSecond();
    for (const key of ['a', 'b', 'c']) await scheduleJob(database.db, { kind: 'slow', key, runAt: new Date() });
    const stolen: string[] = [];
    const tick = runTick({
      db: database.db,
      clock: () => new Date(),
      leaseMs: 150,
      // One at a time: the other two wait their turn, claimed, while the slow one runs.
      concurrency: 1,
      batchSize: 3,
      handlers: {
        slow: async () => {
          // While this instance works through the batch (200 ms a job, longer than the lease), another keeps
          // trying to claim.
          const claimed = await claimDueJobs(second.db, new Date(), 10, 150);
          stolen.push(...claimed.map((j) => j.key));
          await new Promise((resolve) => setTimeout(resolve, 200));
          stolen.push(...(await claimDueJobs(second.db, new Date(), 10, 150)).map((j) => j.key));
          return undefined;
        },
      },
    });
    expect(await tick).toEqual({ ran: 3, failed: 0, dead: 0, released: 0 });
    expect(stolen).toEqual([]);
  });

  it('on shutdown claims nothing more and gives back the jobs it has not started, for another instance at once', async () => {
    database = await openTestDatabase();
    for (const key of ['a', 'b', 'c']) await scheduleJob(database.db, { kind: 'sync', key, runAt: now });
    const stop = new AbortController();
    const ran: string[] = [];
    const report = await runTick({
      db: database.db,
      clock: () => now,
      // One at a time, so the signal arrives with the others claimed but not started.
      concurrency: 1,
      batchSize: 3,
      signal: stop.signal,
      handlers: {
        sync: async (job) => {
          ran.push(job.key);
          stop.abort(); // SIGTERM arrives while the first job runs: it finishes, the rest go back
          return undefined;
        },
      },
    });
    expect(report).toEqual({ ran: 1, failed: 0, dead: 0, released: 2 });
    const rest = await claimDueJobs(database.db, now, 10, 20_000);
    expect(rest.map((j) => [j.key, j.attempts]).sort()).toEqual(
      ['a', 'b', 'c']
        .filter((k) => !ran.includes(k))
        .map((k) => [k, 1])
        .sort(),
    );
  });
});
