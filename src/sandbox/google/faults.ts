/**
 * Injected failures: `POST /sandbox/control/google/fail-next?email=&status=&reason=&count=&retryAfter=` makes that
 * user's next `count` Calendar/Gmail calls fail with the status and reason given (429, 403 `rateLimitExceeded`,
 * 500, 503 …), so a service's backoff and error paths can be exercised through real HTTP.
 */
import type { MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { callerOf, type GoogleEnv } from './context.ts';
import { injectedError } from './errors.ts';

/** A failure waiting for a user's next calls. */
export interface Fault {
  readonly status: ContentfulStatusCode;
  readonly reason?: string;
  readonly retryAfter?: string;
  remaining: number;
}

/** Pending faults per user. */
export interface Faults {
  add(email: string, fault: Fault): void;
  clear(email: string): void;
  /** Middleware that answers with the user's next pending fault, if any (after authentication). */
  readonly middleware: MiddlewareHandler<GoogleEnv>;
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
      const user = callerOf(c);
      const queue = pending.get(user);
      const fault = queue?.[0];
      if (!queue || !fault) return next();
      fault.remaining -= 1;
      if (fault.remaining <= 0) queue.shift();
      throw injectedError(fault.status, fault.reason, fault.retryAfter);
    },
  };
}
