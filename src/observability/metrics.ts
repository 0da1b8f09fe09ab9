/**
 * Carryover's metrics, served by `/metrics` (src/http/routes/metrics.ts). Counters and histograms live in memory, per
 * process — and on Workers per isolate: each isolate counts what it served, and an isolate's counts are gone when it
 * is evicted, so on Workers they are a sample rather than totals. The gauges (prompts by state, accounts by status,
 * the oldest due job) are read from the database at scrape time and hold for the whole deployment.
 *
 * One instance per process (`metrics` below) rather than one per composed service: Workers compose the service per
 * request, and a registry made there would start from zero every time.
 */
import type { ProviderCall } from '../providers/provider-calls.ts';
import { type GaugeFamily, Registry } from './prometheus.ts';

/** What became of one run of a job (src/lifecycle/tick.ts). */
export type JobOutcome = 'done' | 'retry' | 'dead' | 'released' | 'lost';

/** What became of one webhook request (src/http/routes/webhooks.ts). */
export type WebhookOutcome = 'accepted' | 'validation' | 'unknown-channel' | 'forged' | 'malformed';

/** Seconds: provider calls take tens of milliseconds to tens of seconds (the timeout is 30 s). */
const PROVIDER_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
/** Seconds: a job is one to a few provider calls, or a sync reading many pages. */
const JOB_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

/** The metrics one process records, and their rendering. */
export interface CarryoverMetrics {
  providerCall(call: ProviderCall): void;
  jobRun(kind: string, outcome: JobOutcome, ms: number): void;
  webhook(provider: string, outcome: WebhookOutcome): void;
  /** A tick failed as a whole (the database unreachable, the schema gone). */
  tickFailed(): void;
  /** The text exposition of everything counted, followed by `gauges` read at scrape time. */
  render(gauges?: readonly GaugeFamily[]): string;
}

/** A fresh set of Carryover's metrics (tests make their own; the service uses `metrics`). */
export function createMetrics(): CarryoverMetrics {
  const registry = new Registry();
  const providerCalls = registry.counter(
    'carryover_provider_calls_total',
    'HTTP calls to calendar and mail providers, by provider, operation and HTTP status ("error": no answer).',
    ['provider', 'operation', 'status'],
  );
  const providerSeconds = registry.histogram(
    'carryover_provider_call_duration_seconds',
    'How long provider calls took.',
    ['provider', 'operation'],
    PROVIDER_BUCKETS,
  );
  const throttled = registry.counter(
    'carryover_provider_throttled_total',
    'Provider calls answered with a request to slow down (429, Google 403 rate limits, Graph 503 with Retry-After).',
    ['provider', 'operation'],
  );
  const jobs = registry.counter(
    'carryover_jobs_total',
    'Job runs by kind and outcome (done, retry, dead, released at shutdown, lost to another instance).',
    ['kind', 'outcome'],
  );
  const jobSeconds = registry.histogram(
    'carryover_job_duration_seconds',
    'How long job runs took.',
    ['kind'],
    JOB_BUCKETS,
  );
  const webhooks = registry.counter('carryover_webhooks_total', 'Provider webhook requests by provider and outcome.', [
    'provider',
    'outcome',
  ]);
  const tickFailures = registry.counter(
    'carryover_tick_failures_total',
    'Ticks that failed as a whole (the database unreachable, the schema gone); each job has its own outcome.',
  );
  return {
    providerCall(call) {
      const labels = { provider: call.provider, operation: call.operation };
      providerCalls.inc({ ...labels, status: String(call.status) });
      providerSeconds.observe(labels, call.ms / 1000);
      if (call.throttled) throttled.inc(labels);
    },
    jobRun(kind, outcome, ms) {
      jobs.inc({ kind, outcome });
      if (outcome !== 'released') jobSeconds.observe({ kind }, ms / 1000);
    },
    webhook(provider, outcome) {
      webhooks.inc({ provider, outcome });
    },
    tickFailed() {
      tickFailures.inc();
    },
    render: (gauges = []) => registry.render(gauges),
  };
}

/** This process's metrics (on Workers: this isolate's). */
export const metrics: CarryoverMetrics = createMetrics();

/** Reports a provider call to this process's metrics: the providers' default observer. */
export const recordProviderCall = (call: ProviderCall): void => metrics.providerCall(call);
