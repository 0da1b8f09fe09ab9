import type { ProviderName } from './provider.ts';

/**
 * One HTTP call to a provider, as an observer (the metrics) sees it: what was asked in a bounded vocabulary and how
 * it went — no URL, no body, nothing secret. Providers report every call they make to the observer they were given;
 * they know nothing of what it does with them.
 */
export interface ProviderCall {
  readonly provider: ProviderName;
  /** What was asked: `events.list`, `GET me/events/{id}/instances`, `token refresh`. Ids never appear in it. */
  readonly operation: string;
  /** The HTTP status, or 'error' when no answer came (a refused connection, a timeout). */
  readonly status: number | 'error';
  /** Whether the provider asked to slow down: a 429, Google's 403 rate limits, Graph's 503 with Retry-After. */
  readonly throttled: boolean;
  /** How long the call took, in milliseconds. */
  readonly ms: number;
}

/** Told about each provider call as it ends. */
export type ProviderCallObserver = (call: ProviderCall) => void;

/** Milliseconds since `started` (a performance.now() reading), to a tenth: a call's duration for its report. */
export function msSince(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
