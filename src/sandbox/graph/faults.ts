/**
 * Injected failures: `POST /sandbox/control/microsoft/fail-next?email=&status=&code=&count=&retryAfter=` makes that
 * user's next `count` Graph calls fail with the status and code given (429 `TooManyRequests` with `Retry-After`,
 * 503, 412, …), so a provider's backoff and error paths can be exercised through real HTTP.
 */
import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { callerOf, type GraphEnv } from './context.ts';
import { injectedError } from './errors.ts';

/** A failure waiting for a user's next calls. */
export interface Fault {
  readonly status: ContentfulStatusCode;
  readonly code?: string;
  readonly retryAfter?: string;
  remaining: number;
}

/** Pending faults per user. */
export interface Faults {
  add(email: string, fault: Fault): void;
  clear(email: string): void;
  /** Middleware that answers with the user's next pending fault, if any (after authentication). */
  readonly middleware: MiddlewareHandler<GraphEnv>;
}

/** Creates an empty fault table. */
export function createFaults(): Faults {
  const pending = new Map<string, Fault[]>();
  return {
    add(email, fault) {
      pending.set(email, [...(pending.get(email) ?? []), fault]);
    },
    clear(email) {
      pending.delete(email);
    },
    async middleware(c, next) {
      const queue = pending.get(callerOf(c));
      const fault = queue?.[0];
      if (!queue || !fault) return next();
      fault.remaining -= 1;
      if (fault.remaining <= 0) queue.shift();
      throw injectedError(fault.status, fault.code, fault.retryAfter);
    },
  };
}
