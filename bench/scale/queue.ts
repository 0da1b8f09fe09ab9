/**
 * Carryover's job queue as the scale benchmark watches it: read-only SQL on the product's database, "due" meaning what
 * the tick claims (not dead, its time has come, no live lease) or is running — i.e. work that should be done by now.
 */
import pg from 'pg';

export interface QueueReader {
  /** Jobs due or running at `now`, and since when the oldest of them has been due. */
  outstanding(now: Date): Promise<{ count: number; oldestDueAt: Date | undefined }>;
  /** When the next job not yet due falls due. */
  nextDue(now: Date): Promise<Date | undefined>;
  /** Jobs by state, and dead ones (which a benchmark with nothing failing should never see). */
  byState(): Promise<Record<string, number>>;
  /** Sync jobs due at `now` per calendar: how many calendars have one, and the most any calendar has. */
  syncJobsDue(now: Date): Promise<{ calendars: number; jobs: number; maxPerCalendar: number }>;
  /** Counts of connected calendars and 1:1 series. */
  sizes(): Promise<{ calendars: number; series: number; watched: number }>;
  close(): Promise<void>;
}

export function queueReader(databaseUrl: string): QueueReader {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const one = async <T>(text: string, values: unknown[] = []): Promise<T> => {
    const result = await pool.query(text, values);
    return result.rows[0] as T;
  };
  return {
    async outstanding(now) {
      const row = await one<{ count: string; oldest: Date | null }>(
        `select count(*) as count, min(run_at) as oldest from jobs where state != 'dead' and run_at <= $1`,
        [now],
      );
      return { count: Number(row.count), oldestDueAt: row.oldest ?? undefined };
    },
    async nextDue(now) {
      const row = await one<{ at: Date | null }>(
        `select min(run_at) as at from jobs where state = 'scheduled' and run_at > $1`,
        [now],
      );
      return row.at ?? undefined;
    },
    async byState() {
      const result = await pool.query<{ state: string; count: string }>(
        'select state, count(*) as count from jobs group by state',
      );
      return Object.fromEntries(result.rows.map((row) => [row.state, Number(row.count)]));
    },
    async syncJobsDue(now) {
      const row = await one<{ calendars: string; jobs: string; max: string | null }>(
        `select count(distinct key) as calendars, count(*) as jobs, max(n) as max from (
           select key, count(*) over (partition by key) as n from jobs
           where kind = 'sync-calendar' and state != 'dead' and run_at <= $1) due`,
        [now],
      );
      return { calendars: Number(row.calendars), jobs: Number(row.jobs), maxPerCalendar: Number(row.max ?? 0) };
    },
    async sizes() {
      const row = await one<{ calendars: string; series: string; watched: string }>(
        `select (select count(*) from calendars) as calendars, (select count(*) from series) as series,
                (select count(*) from calendars where watch_id is not null) as watched`,
      );
      return { calendars: Number(row.calendars), series: Number(row.series), watched: Number(row.watched) };
    },
    close: () => pool.end(),
  };
}

/** What waiting for the queue to empty saw. */
export interface Drain {
  /** Real seconds until nothing was due (or the cap). */
  readonly seconds: number;
  /** Whether it emptied before the cap. */
  readonly drained: boolean;
  /** Most jobs due at once while waiting. */
  readonly peak: number;
  /** Oldest due job's age at the worst moment, in the product's time (s). */
  readonly oldestAgeSeconds: number;
  /** Jobs still due at the end (0 when drained). */
  readonly left: number;
}

/**
 * Waits until no job is due, twice in a row `quietMs` apart (a notification of Carryover's own write may still be
 * on its way and schedule one more sync), or until `capMs` of real time. With `dueBy`, only jobs due by then count:
 * at a large N, with polls spread, some job falls due every moment of real time, and the queue is never empty.
 */
export async function waitForDrain(
  queue: QueueReader,
  now: () => Date,
  { capMs, quietMs, pollMs = 200, dueBy }: { capMs: number; quietMs: number; pollMs?: number; dueBy?: Date },
): Promise<Drain> {
  const started = performance.now();
  let peak = 0;
  let oldestAge = 0;
  let emptySince: number | undefined;
  for (;;) {
    const at = now();
    const { count, oldestDueAt } = await queue.outstanding(dueBy ?? at);
    peak = Math.max(peak, count);
    if (oldestDueAt) oldestAge = Math.max(oldestAge, (at.getTime() - oldestDueAt.getTime()) / 1000);
    const elapsed = performance.now() - started;
    if (count === 0) {
      emptySince ??= elapsed;
      if (elapsed - emptySince >= quietMs) {
        return { seconds: emptySince / 1000, drained: true, peak, oldestAgeSeconds: oldestAge, left: 0 };
      }
    } else {
      emptySince = undefined;
    }
    if (elapsed >= capMs)
      return { seconds: elapsed / 1000, drained: false, peak, oldestAgeSeconds: oldestAge, left: count };
    await new Promise((done) => setTimeout(done, pollMs));
  }
}

/** What watching the queue at 1× time saw. */
export interface Watch {
  /** Most jobs due (or running) at once. */
  readonly peak: number;
  /** The oldest due job's age at the worst moment, s. */
  readonly oldestAgeSeconds: number;
  /** Jobs due or running at the start and at the end. */
  readonly first: number;
  readonly last: number;
}

/** Samples the queue every `pollMs` for `ms` of real time, the clocks left alone. */
export async function watchQueue(queue: QueueReader, now: () => Date, ms: number, pollMs = 250): Promise<Watch> {
  const started = performance.now();
  let peak = 0;
  let oldestAge = 0;
  let first: number | undefined;
  let last = 0;
  while (performance.now() - started < ms) {
    const at = now();
    const { count, oldestDueAt } = await queue.outstanding(at);
    first ??= count;
    last = count;
    peak = Math.max(peak, count);
    if (oldestDueAt) oldestAge = Math.max(oldestAge, (at.getTime() - oldestDueAt.getTime()) / 1000);
    await new Promise((done) => setTimeout(done, pollMs));
  }
  return { peak, oldestAgeSeconds: oldestAge, first: first ?? 0, last };
}
