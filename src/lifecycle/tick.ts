import type { Db } from '../db/database.ts';
import { JOB_KEY_NAMES } from '../db/job-kinds.ts';
import { claimDueJobs, completeJob, extendLease, type HeldJob, releaseJob, retryJob } from '../db/jobs.ts';
import type { JobRow } from '../db/schema.ts';
import { describeError, type LogFields, log } from '../observability/log.ts';
import { type JobOutcome, metrics } from '../observability/metrics.ts';
import { ProviderError } from '../providers/provider-error.ts';

/** What a job asks for when it finishes: nothing (done), or to run again at a later time. */
export type JobResult = undefined | { readonly rerunAt: Date };

/**
 * Runs one kind of job for one key (a calendar to sync, an occurrence to prepare, a prompt to send). A handler
 * never schedules its own key (that would count as a new trigger); it returns `rerunAt` instead.
 */
export type JobHandler = (job: Pick<JobRow, 'kind' | 'key' | 'attempts'>, now: Date) => Promise<JobResult>;

export interface TickOptions {
  readonly db: Db;
  /** Read at each claim round, so work scheduled during the tick is due within it. */
  readonly clock: () => Date;
  /** Handlers by job kind; a job of an unknown kind is retried later (a newer instance may know it). */
  readonly handlers: Readonly<Record<string, JobHandler>>;
  /** Tries before a job of a kind gives up and goes dead (default DEFAULT_MAX_ATTEMPTS). */
  readonly maxAttempts?: Readonly<Record<string, number>>;
  /** Jobs claimed per round. */
  readonly batchSize?: number;
  /** How long a claim holds before another instance may take the job over; renewed while the job runs. */
  readonly leaseMs?: number;
  /** Aborted when the instance shuts down: no more claims, held jobs not started yet are released at once. */
  readonly signal?: AbortSignal | undefined;
  /** Told about a job that gave up, beside its `job.run` log line (outcome `dead`). */
  readonly onDead?: (job: Pick<JobRow, 'kind' | 'key' | 'attempts'>, error: string) => void;
  /** Jitter source, for tests. */
  readonly random?: () => number;
}

/** What one tick did, for logs and tests. */
export interface TickReport {
  readonly ran: number;
  readonly failed: number;
  /** Jobs that gave up in this tick (now dead). */
  readonly dead: number;
  /** Jobs given back unrun because the instance is stopping. */
  readonly released: number;
}

/** Claim rounds per tick: follow-up work runs at once, but a tick always ends. */
const MAX_ROUNDS = 4;
/** Tries before a job gives up, unless its kind says otherwise: about a day of backing off. */
export const DEFAULT_MAX_ATTEMPTS = 30;
/**
 * A lease is short, so a crashed instance's jobs are taken over within it (plus one tick interval), and renewed
 * every third of it while a job runs, so a slow job is never taken over while its instance is alive.
 */
export const LEASE_MS = 20_000;
/** First wait after a failure; doubles per attempt up to MAX_BACKOFF_MS, ±20% jitter. */
const FIRST_BACKOFF_MS = 5_000;
const MAX_BACKOFF_MS = 60 * 60_000;

/**
 * How long to wait before trying a failed job again: exactly what the provider asked for (Retry-After), else
 * exponential backoff with jitter so many failing jobs do not come back in step.
 */
export function retryDelay(error: unknown, attempts: number, random: () => number = Math.random): number {
  if (error instanceof ProviderError && error.details.retryAfterMs !== undefined) return error.details.retryAfterMs;
  const exponential = Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.min(Math.max(attempts - 1, 0), 20));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}

/**
 * One tick: claim due jobs and run them. Nodes call it on a timer, Workers from `scheduled`; any number of
 * instances may tick at once, each job runs on one of them. A failing job is retried with backoff until its kind's
 * attempt cap, then it is dead: kept with its last error for a person to see and retry.
 */
export async function runTick(options: TickOptions): Promise<TickReport> {
  const { db, clock, batchSize = 10, leaseMs = LEASE_MS, signal } = options;
  const report = { ran: 0, failed: 0, dead: 0, released: 0 };
  // Work a job schedules for now (a sync finding a new 1:1 schedules its preparation) runs in the same tick, in
  // a few bounded rounds, instead of waiting a whole tick interval per step.
  for (let round = 0; round < MAX_ROUNDS && !signal?.aborted; round++) {
    const jobs = await claimDueJobs(db, clock(), batchSize, leaseMs);
    if (jobs.length === 0) break;
    // Every job of the batch stays held while this instance lives, the ones waiting their turn too: a slow job
    // ahead of them never lets their leases run out.
    const held = new Set(jobs);
    const heartbeat = setInterval(() => {
      for (const job of held) {
        // A missed renewal is not fatal: the next one, or the job's end, settles it. The lease owner check in
        // every transition keeps a job that was taken over meanwhile from being changed by this instance.
        extendLease(db, job, new Date(clock().getTime() + leaseMs)).catch((error: unknown) =>
          log.warn('job.lease-renewal-failed', { ...jobIds(job), error: describeError(error) }),
        );
      }
    }, leaseMs / 3);
    try {
      for (const job of jobs) {
        if (signal?.aborted) {
          // Another instance takes it at once instead of waiting for the lease to run out.
          await releaseJob(db, job);
          held.delete(job);
          report.released += 1;
          jobRan(job, 'released', 0);
          continue;
        }
        // Skip a job another instance has taken over meanwhile (this one stalled past a lease).
        const still = await extendLease(db, job, new Date(clock().getTime() + leaseMs));
        if (!still) jobRan(job, 'lost', 0);
        const outcome = still ? await runJob(options, job) : 'lost';
        held.delete(job);
        if (outcome === 'ran') report.ran += 1;
        if (outcome === 'failed' || outcome === 'dead') report.failed += 1;
        if (outcome === 'dead') report.dead += 1;
      }
    } finally {
      clearInterval(heartbeat);
    }
  }
  return report;
}

/** Runs one held job; a failure is retried later or, past its kind's cap, goes dead. One `job.run` line either way. */
async function runJob(options: TickOptions, job: HeldJob): Promise<'ran' | 'failed' | 'dead'> {
  const { db, clock, handlers } = options;
  const handler = handlers[job.kind];
  const started = performance.now();
  const ms = () => Math.round(performance.now() - started);
  try {
    if (!handler) throw new UnknownKind(job.kind);
    const result = await handler(job, clock());
    if (!(await completeJob(db, job, result?.rerunAt))) {
      // Finished after its lease was taken over: left to its new holder.
      jobRan(job, 'lost', ms());
      return 'ran';
    }
    jobRan(job, 'done', ms(), result ? { rerunAt: result.rerunAt.toISOString() } : {});
    return 'ran';
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const now = clock();
    // An instance that does not know a kind (a newer one does) never gives up on it.
    const maxAttempts =
      error instanceof UnknownKind
        ? Number.POSITIVE_INFINITY
        : (options.maxAttempts?.[job.kind] ?? DEFAULT_MAX_ATTEMPTS);
    const runAt = new Date(now.getTime() + retryDelay(error, job.attempts, options.random));
    const became = await retryJob(db, job, { runAt, error: message, maxAttempts, now });
    const failure = { error: describeError(error), ...(error instanceof ProviderError && { errorKind: error.kind }) };
    if (became === 'dead') {
      jobRan(job, 'dead', ms(), failure);
      options.onDead?.(job, message);
      return 'dead';
    }
    if (became === 'lost') jobRan(job, 'lost', ms(), failure);
    else jobRan(job, 'retry', ms(), { ...failure, retryAt: runAt.toISOString() });
    return 'failed';
  }
}

/** The ids a job's lines carry: its own, and what its key names (a calendar, a series source, an occurrence). */
function jobIds(job: Pick<HeldJob, 'id' | 'kind' | 'key'>): LogFields {
  return { jobId: job.id, kind: job.kind, [JOB_KEY_NAMES[job.kind] ?? 'key']: job.key };
}

/** The one line and the metrics of a job run. */
function jobRan(job: HeldJob, outcome: JobOutcome, ms: number, fields: LogFields = {}): void {
  metrics.jobRun(job.kind, outcome, ms);
  const line = { ...jobIds(job), outcome, attempt: job.attempts, ms, ...fields };
  if (outcome === 'dead') log.error('job.run', line);
  else if (outcome === 'retry' || outcome === 'lost') log.warn('job.run', line);
  else log.info('job.run', line);
}

class UnknownKind extends Error {
  constructor(kind: string) {
    super(`no handler for job kind "${kind}"`);
    this.name = 'UnknownKind';
  }
}
