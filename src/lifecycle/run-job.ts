import { JOB_KEY_NAMES } from '../db/job-kinds.ts';
import { completeJob, type HeldJob, retryJob } from '../db/jobs.ts';
import { describeError, type LogFields, log } from '../observability/log.ts';
import { type JobOutcome, metrics } from '../observability/metrics.ts';
import { ProviderError } from '../providers/provider-error.ts';
import type { TickOptions } from './tick.ts';

/** Tries before a job gives up, unless its kind says otherwise: about a day of backing off. */
export const DEFAULT_MAX_ATTEMPTS = 30;
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

/** Runs one held job; a failure is retried later or, past its kind's cap, goes dead. One `job.run` line either way. */
export async function runJob(options: TickOptions, job: HeldJob): Promise<'ran' | 'failed' | 'dead'> {
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
export function jobIds(job: Pick<HeldJob, 'id' | 'kind' | 'key'>): LogFields {
  return { jobId: job.id, kind: job.kind, [JOB_KEY_NAMES[job.kind] ?? 'key']: job.key };
}

/** The one line and the metrics of a job run. */
export function jobRan(job: HeldJob, outcome: JobOutcome, ms: number, fields: LogFields = {}): void {
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
