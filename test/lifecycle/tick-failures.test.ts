import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { NO_TICK_FAILURES, nextTickFailures, type TickFailures } from '../../src/lifecycle/tick-failures.ts';
import { startTickLoop } from '../../src/lifecycle/tick-loop.ts';
import { metrics } from '../../src/observability/metrics.ts';
import { alterUnderMigrationLock, openTestDatabase, type TestDatabase } from '../support/database.ts';
import { captureLogs } from '../support/logs.ts';

/** Feeds a run of tick results (undefined: the tick ran) and collects what would be said. */
function replay(results: readonly (string | undefined)[]) {
  let state: TickFailures = NO_TICK_FAILURES;
  const said: unknown[] = [];
  for (const result of results) {
    const next = nextTickFailures(state, result);
    state = next.state;
    if (next.news) said.push(next.news);
  }
  return { state, said };
}

describe('nextTickFailures', () => {
  it('says nothing while ticks run', () => {
    expect(replay([undefined, undefined])).toEqual({ state: NO_TICK_FAILURES, said: [] });
  });

  it('says a failure once, however often it repeats, then the recovery', () => {
    const down = 'connect ECONNREFUSED 127.0.0.1:5432';
    expect(replay([undefined, down, down, down, undefined]).said).toEqual([
      { kind: 'failing', reason: down, inARow: 1 },
      { kind: 'recovered', failed: 3, reason: down },
    ]);
  });

  it('says it again when the reason changes, naming the one before', () => {
    const down = 'connect ECONNREFUSED 127.0.0.1:5432';
    const gone = 'relation "jobs" does not exist';
    const { said, state } = replay([down, down, gone, gone]);
    expect(said).toEqual([
      { kind: 'failing', reason: down, inARow: 1 },
      { kind: 'failing', reason: gone, inARow: 3, previous: down },
    ]);
    expect(state).toEqual({ failing: gone, inARow: 4 });
  });
});

describe('the tick loop over a database whose schema is gone', () => {
  let database: TestDatabase;
  afterAll(() => database?.close());

  it('logs one error line for many failing ticks, and one when they run again', async () => {
    database = await openTestDatabase();
    const logs = captureLogs('info');
    const before = tickFailures();
    await alterUnderMigrationLock(database.db, sql`alter table jobs rename to jobs_away`);
    const loop = startTickLoop({
      db: database.db,
      clock: () => new Date(),
      handlers: {},
      intervalMs: 5,
      graceMs: 1000,
    });
    try {
      await until(() => tickFailures() - before >= 5);
      await alterUnderMigrationLock(database.db, sql`alter table jobs_away rename to jobs`);
      await until(() => logs.events('tick.recovered').length > 0);
    } finally {
      await loop.stop();
      logs.stop();
    }
    const failed = logs.events('tick.failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ level: 'ERROR', inARow: 1, error: expect.stringContaining('jobs') });
    expect(failed[0]).not.toHaveProperty('stack');
    expect(logs.events('tick.recovered')).toEqual([
      expect.objectContaining({ level: 'INFO', failedTicks: expect.any(Number) }),
    ]);
    expect(Number(logs.events('tick.recovered')[0]?.failedTicks)).toBeGreaterThanOrEqual(5);
  });
});

function tickFailures(): number {
  const match = /^carryover_tick_failures_total (\d+)$/m.exec(metrics.render());
  return Number(match?.[1] ?? 0);
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
