/**
 * What went wrong at a provider, in the terms the lifecycle acts on:
 * - `rate-limit`: back off (honour `retryAfterMs`) and try again;
 * - `conflict`: the etag no longer matches (412): re-read, re-merge, retry;
 * - `gone`: a sync cursor expired (410): wipe it and sync in full;
 * - `auth`: the grant is dead (revoked, expired): mark the account as needing reconnection, stop its work;
 * - `forbidden`: not allowed for this account (e.g. not the organizer): never retry;
 * - `not-found`: the thing is not there (deleted event, unknown channel);
 * - `invalid`: the request was wrong (a bug on our side or an odd event): record and move on;
 * - `transient`: 5xx, a network failure or a timeout: retry later.
 */
export type ProviderErrorKind =
  | 'rate-limit'
  | 'conflict'
  | 'gone'
  | 'auth'
  | 'forbidden'
  | 'not-found'
  | 'invalid'
  | 'transient';

/** What is known about a failed call beyond its kind. */
export interface ProviderErrorDetails {
  readonly status?: number;
  /** The provider's own reason or code (Google's `reason`, Graph's `code`, OAuth's `error`). */
  readonly reason?: string;
  /** How long the provider asked to wait (Retry-After). */
  readonly retryAfterMs?: number;
  /** The request never left: the connection could not be made. Nothing can have been processed. */
  readonly notSent?: boolean;
  /** For a missing grant: the permission the person must allow, in words they see on the consent screen. */
  readonly permission?: string;
}

/** A provider call that failed, with the provider's own status and reason kept for logs. */
export class ProviderError extends Error {
  constructor(
    readonly kind: ProviderErrorKind,
    message: string,
    readonly details: ProviderErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderError';
  }

  /** Whether trying the same call again later can succeed. */
  get retryable(): boolean {
    return this.kind === 'rate-limit' || this.kind === 'transient' || this.kind === 'conflict';
  }
}

/** Whether `error` is a ProviderError of one of the given kinds. */
export function isProviderError(error: unknown, ...kinds: ProviderErrorKind[]): error is ProviderError {
  return error instanceof ProviderError && (kinds.length === 0 || kinds.includes(error.kind));
}

/**
 * The kind of a failed HTTP call from its status alone, as both Google and Graph use statuses; each provider's
 * mapper first handles the reasons only it has (Google's 403 rate limits, Graph's 503 Retry-After).
 */
export function kindForStatus(status: number | undefined, reason?: string): ProviderErrorKind {
  if (status === undefined) return 'transient'; // network failure, timeout, DNS
  if (status === 429) return 'rate-limit';
  if (status === 401 || (status === 400 && reason === 'invalid_grant')) return 'auth';
  if (status === 412) return 'conflict';
  if (status === 410) return 'gone';
  if (status === 404) return 'not-found';
  if (status === 403) return 'forbidden';
  if (status >= 500) return 'transient';
  return 'invalid';
}

/** How long any one provider call may take before it is given up on (a slow provider must not stall a tick). */
export const PROVIDER_TIMEOUT_MS = 30_000;

const CONNECT_FAILURES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH']);

/**
 * Whether a network failure happened before the request could be written (the connection was refused, the host not
 * found), so the provider cannot have processed it. Node's fetch and gaxios put the system code on the error or on
 * its cause.
 */
export function failedToConnect(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && typeof e === 'object' && depth < 4; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CONNECT_FAILURES.has(code)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
