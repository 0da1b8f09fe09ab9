import type { Db } from '../db/database.ts';
import { ownersOfJobs } from '../db/job-accounts.ts';
import { claimDueJobs, extendLease, type HeldJob, releaseJob } from '../db/jobs.ts';
import type { JobRow } from '../db/schema.ts';
import { describeError, log } from '../observability/log.ts';
import { jobIds, jobRan, runJob } from './run-job.ts';

export { DEFAULT_MAX_ATTEMPTS, retryDelay } from './run-job.ts';

/** What a job asks for when it finishes: nothing (done), or to run again at a later time. */
export type JobResult = undefined | { readonly rerunAt: Date };

/**
 * Runs one kind of job for one key (a calendar to sync, an occurrence to prepare, a prompt to send). A handler
 * never schedules its own key (that would count as a new trigger); it returns `rerunAt` instead.
 */
export type JobHandler = (job: Pick<JobRow, 'kind' | 'key' | 'attempts'>, now: Date) => Promise<JobResult>;

export interface TickOptions {
  readonly db: Db;
  /** Read at each claim, so work scheduled during the tick is due within it. */
  readonly clock: () => Date;
  /** Handlers by job kind; a job of an unknown kind is retried later (a newer instance may know it). */
  readonly handlers: Readonly<Record<string, JobHandler>>;
  /** Tries before a job of a kind gives up and goes dead (default DEFAULT_MAX_ATTEMPTS). */
  readonly maxAttempts?: Readonly<Record<string, number>>;
  /** Jobs run at once (default DEFAULT_CONCURRENCY). */
  readonly concurrency?: number;
  /** Jobs of one account run at once, at most (default PER_ACCOUNT_LIMIT). */
  readonly perAccount?: number;
  /**
   * How long, on the wall clock, the tick keeps claiming work that is due (default DEFAULT_BUDGET_MS). Jobs started
   * within it finish; claimed ones not started by then are given back for the next tick.
   */
  readonly budgetMs?: number;
  /** Jobs claimed (and held) at most beyond those running (default: the concurrency). */
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

/**
 * Jobs one instance runs at once. The work is waiting on the provider and the database (an outside profile of a
 * sequential tick was 61 % idle), so a few at a time multiply throughput on a small machine; 8 keeps one instance
 * within a pool of 10 database connections.
 */
export const DEFAULT_CONCURRENCY = 8;
/**
 * Jobs of one account at once: Microsoft Graph allows 4 concurrent requests per app and mailbox (FIDELITY.md), and
 * each job makes its calls one after another.
 */
export const PER_ACCOUNT_LIMIT = 4;
/** How long a tick keeps claiming by default: 90 % of the default 10-second interval. */
export const DEFAULT_BUDGET_MS = 9_000;
/**
 * Runs of one job in one tick, at most: work a job schedules for now runs in the same tick, but a job that keeps
 * asking to run at once waits for the next tick after this many.
 */
const MAX_RUNS_PER_TICK = 4;
/**
 * A lease is short, so a crashed instance's jobs are taken over within it (plus one tick interval), and renewed
 * every third of it while a job runs, so a slow job is never taken over while its instance is alive.
 */
export const LEASE_MS = 20_000;

/**
 * One tick: claim due jobs and run them, several at once, while work is due and the budget lasts. Nodes call it on a
 * timer, Workers from `scheduled`; any number of instances may tick at once, each job runs on one of them. A failing
 * job is retried with backoff until its kind's attempt cap, then it is dead: kept with its last error for a person
 * to see and retry.
 */
export async function runTick(options: TickOptions): Promise<TickReport> {
  const { db, clock, leaseMs = LEASE_MS, signal } = options;
  const concurrency = Math.max(1, options.concurrency ?? DEFAULT_CONCURRENCY);
  const perAccount = Math.max(1, options.perAccount ?? PER_ACCOUNT_LIMIT);
  const batchSize = Math.max(1, options.batchSize ?? concurrency);
  const claimUntil = performance.now() + (options.budgetMs ?? DEFAULT_BUDGET_MS);
  const report = { ran: 0, failed: 0, dead: 0, released: 0 };
  /** Claimed and not started, with the account each works for (and the thread a preparation prepares). */
  const waiting: { job: HeldJob; account: string; thread: string | undefined }[] = [];
  const running = new Set<Promise<void>>();
  const busy = new Map<string, number>();
  /** Threads being prepared: two sources of one thread (a split series) are prepared one after the other. */
  const preparing = new Set<string>();
  const runs = new Map<string, number>();
  // The last claim found nothing due, and no job has finished since (a finished job may have scheduled more).
  let drained = false;
  // Jobs finished so far: a job that finishes while a claim is under way may have scheduled what it missed.
  let finished = 0;
  let failure: { error: unknown } | undefined;

  // Every claimed job stays held while this instance lives, the ones waiting their turn too: a slow job ahead of
  // them never lets their leases run out.
  const held = new Set<HeldJob>();
  const heartbeat = setInterval(() => {
    for (const job of held) {
      // A missed renewal is not fatal: the next one, or the job's end, settles it. The lease owner check in every
      // transition keeps a job that was taken over meanwhile from being changed by this instance.
      extendLease(db, job, new Date(clock().getTime() + leaseMs)).catch((error: unknown) =>
        log.warn('job.lease-renewal-failed', { ...jobIds(job), error: describeError(error) }),
      );
    }
  }, leaseMs / 3);

  const stopping = () => signal?.aborted === true || failure !== undefined;
  const mayClaim = () => !stopping() && !drained && waiting.length < batchSize && performance.now() < claimUntil;

  const claim = async () => {
    const spent = [...runs].filter(([, count]) => count >= MAX_RUNS_PER_TICK).map(([id]) => id);
    const finishedBefore = finished;
    const jobs = await claimDueJobs(db, clock(), batchSize - waiting.length, leaseMs, spent);
    if (jobs.length === 0) {
      drained = finished === finishedBefore;
      return;
    }
    for (const job of jobs) held.add(job);
    const owners = await ownersOfJobs(
      db,
      jobs.map((job) => job.id),
    );
    // A job with no account row (an unknown kind) is limited only by the concurrency.
    for (const job of jobs) {
      const owner = owners.get(job.id);
      waiting.push({ job, account: owner?.account ?? `job:${job.id}`, thread: owner?.thread });
    }
  };

  const run = async (job: HeldJob) => {
    // Skip a job another instance has taken over meanwhile (this one stalled past a lease).
    const still = await extendLease(db, job, new Date(clock().getTime() + leaseMs));
    if (!still) {
      jobRan(job, 'lost', 0);
      return;
    }
    const outcome = await runJob(options, job);
    if (outcome === 'ran') report.ran += 1;
    if (outcome === 'failed' || outcome === 'dead') report.failed += 1;
    if (outcome === 'dead') report.dead += 1;
  };

  const startWaiting = () => {
    for (let i = 0; i < waiting.length && running.size < concurrency; ) {
      const { job, account, thread } = waiting[i]!;
      if ((busy.get(account) ?? 0) >= perAccount || (thread !== undefined && preparing.has(thread))) {
        i += 1;
        continue;
      }
      waiting.splice(i, 1);
      busy.set(account, (busy.get(account) ?? 0) + 1);
      if (thread !== undefined) preparing.add(thread);
      runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      const started: Promise<void> = run(job)
        .catch((error: unknown) => {
          // The database failed under a job's bookkeeping: stop claiming, let the others finish, then fail the tick.
          failure ??= { error };
        })
        .finally(() => {
          running.delete(started);
          busy.set(account, (busy.get(account) ?? 1) - 1);
          if (thread !== undefined) preparing.delete(thread);
          held.delete(job);
          finished += 1;
          drained = false;
        });
      running.add(started);
    }
  };

  // Another instance takes a job given back at once instead of waiting for the lease to run out.
  const giveBack = async () => {
    for (const { job } of waiting.splice(0)) {
      await releaseJob(db, job);
      held.delete(job);
      report.released += 1;
      jobRan(job, 'released', 0);
    }
  };

  try {
    for (;;) {
      if (stopping() || performance.now() >= claimUntil) await giveBack();
      if (running.size < concurrency && mayClaim()) {
        await claim();
        startWaiting();
        continue;
      }
      startWaiting();
      if (running.size === 0) break;
      await Promise.race(running);
    }
  } catch (error) {
    failure ??= { error };
    await Promise.allSettled(running);
    // The tick fails with the first error; a claimed job that cannot be given back is taken over when its lease
    // runs out, so a second error here is logged, not raised.
    await giveBack().catch((error: unknown) => log.warn('job.give-back-failed', { error: describeError(error) }));
  } finally {
    clearInterval(heartbeat);
  }
  if (failure) throw failure.error;
  return report;
}
