import { failedToConnect, kindForStatus, ProviderError } from '../provider-error.ts';
import { CONNECT_FAILED } from './graph-client.ts';

/** The codes of a delta token Graph no longer knows. */
const RESYNC_CODES: ReadonlySet<string> = new Set(['syncStateNotFound', 'resyncRequired']);

/** The parts of a GraphError this module reads (declared here rather than importing the client's class). */
interface GraphErrorLike {
  readonly statusCode?: number;
  readonly code?: string | null;
  readonly message: string;
  readonly headers?: Headers | undefined;
}

/**
 * Turns whatever a Graph call threw into a ProviderError. Graph throttles with 429 and Retry-After; a stale
 * If-Match is 412; an expired delta token is 410 or 400 with syncStateNotFound/resyncRequired. The client reports a
 * failure with no response (network) as statusCode -1.
 */
export function toProviderError(error: unknown, doing: string): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = error as GraphErrorLike;
  const status = typeof e.statusCode === 'number' && e.statusCode > 0 ? e.statusCode : undefined;
  const reason = e.code ?? undefined;
  const details = {
    ...(status !== undefined ? { status } : {}),
    ...(reason ? { reason } : {}),
    // Our HTTP step names a refused connection (the client keeps nothing else of it); the cause, when there is one.
    ...(status === undefined && (reason === CONNECT_FAILED || failedToConnect(error)) ? { notSent: true } : {}),
  };
  const message = `Graph ${doing} failed${status ? ` (${status}${reason ? ` ${reason}` : ''})` : ''}: ${e.message}`;
  const make = (kind: ProviderError['kind'], extra: { retryAfterMs?: number; permission?: string } = {}) =>
    new ProviderError(kind, message, { ...details, ...extra }, { cause: error });
  if (status === 429 || status === 503) {
    const seconds = Number(e.headers?.get('retry-after'));
    return make(kindForStatus(status), Number.isFinite(seconds) ? { retryAfterMs: seconds * 1000 } : {});
  }
  // An expired or unknown delta token: 410, or "a 40X-series error with error codes such as syncStateNotFound"
  // (delta query overview, "Token duration"); a 400 with either code means the same: sync again from scratch.
  if (status !== undefined && status >= 400 && status < 500 && reason && RESYNC_CODES.has(reason)) {
    return make('gone');
  }
  // A permission the person (or their admin) did not consent to: Graph answers 403 ErrorAccessDenied.
  if (status === 403 && reason === 'ErrorAccessDenied') {
    return make('auth', {
      permission:
        doing === 'sendMail' ? 'Send mail as you (Mail.Send)' : 'Read and write your calendars (Calendars.ReadWrite)',
    });
  }
  return make(kindForStatus(status, reason));
}
