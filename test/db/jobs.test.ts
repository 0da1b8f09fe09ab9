import { afterEach, describe, expect, it } from 'vitest';
import { claimDueJobs, completeJob, scheduleJob } from '../../src/db/jobs.ts';
import { runTick } from '../../src/lifecycle/tick.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

const now = new Date('2026-11-24T09:00:00Z');
const later = (ms: number) => new Date(now.getTime() + ms);

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
      handlers: {
        sync: async () => {
          throw new Error('provider said 503');
        },
      },
    });
    expect(report).toEqual({ ran: 0, failed: 1 });
    const row = await database.db.selectFrom('jobs').selectAll().executeTakeFirstOrThrow();
    expect(row.last_error).toBe('provider said 503');
    expect(row.run_at.getTime()).toBe(later(30_000).getTime());
    expect(await claimDueJobs(database.db, later(29_000), 10, 60_000)).toEqual([]);
  });

  it('leaves a job of a kind this build does not know for a later try', async () => {
    database = await openTestDatabase();
    await scheduleJob(database.db, { kind: 'future-kind', key: 'x', runAt: now });
    expect(await runTick({ db: database.db, clock: () => now, handlers: {} })).toEqual({ ran: 0, failed: 1 });
    expect(await database.db.selectFrom('jobs').select('kind').execute()).toEqual([{ kind: 'future-kind' }]);
  });
});
