import { type ChildProcess, spawn } from 'node:child_process';
import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { scheduleJob } from '../../src/db/jobs.ts';
import { LEASE_MS, runTick } from '../../src/lifecycle/tick.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';

/**
 * An instance killed with SIGKILL in the middle of a batch (no shutdown, no release): nothing is lost, nothing
 * finishes twice, and another instance takes its jobs over within the lease. PostgreSQL only (two processes on one
 * database): `npm run test:crash`, run by CI against the local PostgreSQL.
 */
const url = process.env.TEST_DATABASE_URL;
let database: TestDatabase | undefined;
let child: ChildProcess | undefined;
afterEach(async () => {
  child?.kill('SIGKILL');
  await database?.close();
});

interface LogRow {
  readonly key: string;
  readonly worker: string;
  readonly event: 'start' | 'finish';
  readonly at: Date;
}

async function log(db: TestDatabase['db']): Promise<LogRow[]> {
  return (await sql<LogRow>`select key, worker, event, at from crash_log order by at, event`.execute(db)).rows;
}

async function until<T>(what: string, check: () => Promise<T | undefined>, deadlineMs: number): Promise<T> {
  const end = Date.now() + deadlineMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A test database with the log table, `count` due jobs of kind "work", and worker A running in its own process. */
async function withWorker(count: number, jobMs: number) {
  if (!url) throw new Error('the crash tests need PostgreSQL: set TEST_DATABASE_URL');
  database = await openTestDatabase();
  const { db } = database;
  await sql`create table crash_log (key text not null, worker text not null, event text not null, at timestamptz not null default clock_timestamp())`.execute(
    db,
  );
  const keys = Array.from({ length: count }, (_, i) => `job-${String(i).padStart(2, '0')}`);
  for (const key of keys) await scheduleJob(db, { kind: 'work', key, runAt: new Date() });
  const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(db);
  // Node itself with tsx's loader, so a signal reaches the process that holds the jobs (the tsx launcher would
  // leave its node child running).
  child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/crash/worker.ts', url, rows[0]!.schema, 'A', String(jobMs)],
    // No stdin: a child sharing the runner's terminal input can be stopped by it.
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  // Wait until it holds a batch: some jobs done, some under way (it runs several at once), others claimed.
  await until(
    'worker A to be mid-batch',
    async () => {
      const entries = await log(db);
      const finished = entries.filter((e) => e.event === 'finish').length;
      const running = entries.filter((e) => e.event === 'start').length - finished;
      return finished >= 4 && running >= 1 ? true : undefined;
    },
    30_000,
  );
  return { db, keys };
}

describe('an instance stopped with SIGTERM mid-batch', () => {
  it('finishes the job under way, gives the rest of its batch back at once, and exits', async () => {
    const { db, keys } = await withWorker(40, 1_000);
    child!.kill('SIGTERM');
    const stoppedAt = Date.now();
    const code = await new Promise<number | null>((resolve) => child!.once('exit', resolve));
    const exitMs = Date.now() - stoppedAt;
    expect(code).toBe(0);
    const entries = await log(db);
    expect(entries.at(-1)?.event).toBe('stopped:finished');
    // The job under way finished; nothing it held is left leased.
    const started = entries.filter((e) => e.event === 'start').map((e) => e.key);
    const finished = entries.filter((e) => e.event === 'finish').map((e) => e.key);
    expect(finished.sort()).toEqual(started.sort());
    const held = await sql<{ n: number }>`select count(*)::int as n from jobs where state = 'running'`.execute(db);
    expect(held.rows[0]!.n).toBe(0);
    // Another instance takes the rest at once (no lease to wait out).
    const ran: string[] = [];
    await runTick({
      db,
      clock: () => new Date(),
      batchSize: 100,
      handlers: {
        work: async (job) => {
          ran.push(job.key);
          return undefined;
        },
      },
    });
    expect([...finished, ...ran].sort()).toEqual(keys);
    console.log(`SIGTERM: exited ${(exitMs / 1000).toFixed(1)} s after the signal, the job under way finished`);
  });
});

describe('an instance killed with SIGKILL mid-batch', () => {
  it('loses no job, finishes none twice, and its jobs are taken over well under a minute', async () => {
    const { db, keys } = await withWorker(40, 300);
    child!.kill('SIGKILL');
    const killedAt = Date.now();
    await new Promise((resolve) => child!.once('exit', resolve));
    const heldByA = new Set(
      (await sql<{ key: string }>`select key from jobs where state = 'running'`.execute(db)).rows.map((r) => r.key),
    );
    expect(heldByA.size).toBeGreaterThan(1);

    // Another instance ticks every second, as a deployment with TICK_INTERVAL_SECONDS=1 would.
    let firstTakeover: number | undefined;
    const handlers = {
      work: async (job: { key: string }) => {
        if (heldByA.has(job.key)) firstTakeover ??= Date.now();
        await sql`insert into crash_log (key, worker, event) values (${job.key}, 'B', 'start')`.execute(db);
        await sql`insert into crash_log (key, worker, event) values (${job.key}, 'B', 'finish')`.execute(db);
        return undefined;
      },
    };
    await until(
      'every job to finish',
      async () => {
        await runTick({ db, clock: () => new Date(), handlers, batchSize: 50 });
        const left = await sql<{ n: number }>`select count(*)::int as n from jobs`.execute(db);
        if (left.rows[0]!.n === 0) return true;
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        return undefined;
      },
      90_000,
    );

    const entries = await log(db);
    const finishes = new Map<string, number>();
    for (const e of entries) if (e.event === 'finish') finishes.set(e.key, (finishes.get(e.key) ?? 0) + 1);
    expect([...finishes.keys()].sort()).toEqual(keys); // nothing lost
    expect([...finishes.values()].every((n) => n === 1)).toBe(true); // nothing finished twice
    const takeoverMs = firstTakeover! - killedAt;
    // Within the lease (plus a tick): well under a minute.
    expect(takeoverMs).toBeLessThanOrEqual(LEASE_MS + 2_000);
    console.log(
      `kill -9 takeover: ${(takeoverMs / 1000).toFixed(1)} s after the kill (lease ${LEASE_MS / 1000} s); ` +
        `${heldByA.size} jobs were held by the killed instance; ${keys.length} jobs, each finished once`,
    );
  });
});
