import type { Db } from '../db/database.ts';
import { claimDueJobs, completeJob, retryJobLater } from '../db/jobs.ts';
import type { JobRow } from '../db/schema.ts';
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
  /** Jobs claimed per tick. */
  readonly batchSize?: number;
  /** How long a claim holds before another instance may take the job over. */
  readonly leaseMs?: number;
}

/** What one tick did, for logs and tests. */
export interface TickReport {
  readonly ran: number;
  readonly failed: number;
}

/** Claim rounds per tick: follow-up work runs at once, but a tick always ends. */
const MAX_ROUNDS = 4;

/** Longest wait between tries of a failing job. */
const MAX_BACKOFF_MS = 60 * 60_000;

/**
 * One tick: claim due jobs and run them. Nodes call it on a timer, Workers from `scheduled`; any number of
 * instances may tick at once, each job runs on one of them. A failing job is retried with exponential backoff.
 */
export async function runTick({
  db,
  clock,
  handlers,
  batchSize = 20,
  leaseMs = 5 * 60_000,
}: TickOptions): Promise<TickReport> {
  let ran = 0;
  let failed = 0;
  // Work a job schedules for now (a sync finding a new 1:1 schedules its preparation) runs in the same tick, in
  // a few bounded rounds, instead of waiting a whole tick interval per step.
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const now = clock();
    const jobs = await claimDueJobs(db, now, batchSize, leaseMs);
    if (jobs.length === 0) break;
    for (const job of jobs) {
      if (await runJob(db, job, handlers, now)) ran += 1;
      else failed += 1;
    }
  }
  return { ran, failed };
}

/** Runs one claimed job; a failure is retried later with backoff. Returns whether it succeeded. */
async function runJob(db: Db, job: JobRow, handlers: TickOptions['handlers'], now: Date): Promise<boolean> {
  const handler = handlers[job.kind];
  try {
    if (!handler) throw new Error(`no handler for job kind "${job.kind}"`);
    const result = await handler(job, now);
    await completeJob(db, job, result?.rerunAt);
    return true;
  } catch (error) {
    // Exponential backoff, or longer when the provider said how long to wait (429 Retry-After).
    const exponential = Math.min(MAX_BACKOFF_MS, 30_000 * 2 ** Math.min(job.attempts - 1, 10));
    const backoff = Math.max(exponential, error instanceof ProviderError ? (error.details.retryAfterMs ?? 0) : 0);
    const message = error instanceof Error ? error.message : String(error);
    console.error(`job ${job.kind}:${job.key} failed (attempt ${job.attempts}):`, message);
    await retryJobLater(db, job, new Date(now.getTime() + backoff), message);
    return false;
  }
}
