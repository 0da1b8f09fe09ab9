/**
 * Injected failures, shared by the provider emulators: a control route queues a fault for a user, and the
 * provider's middleware (after authentication) answers that user's next `count` calls with it, so a service's
 * backoff and error paths can be exercised through real HTTP. Each provider turns a fault into its own error body.
 */
import type { Context, Env, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** A failure waiting for a user's next calls. */
export interface Fault {
  readonly status: ContentfulStatusCode;
  /** The provider's error detail: Google's `reason`, Graph's `code`. */
  readonly detail?: string;
  readonly retryAfter?: string;
  remaining: number;
}

/** The side the control routes use. */
export interface FaultTable {
  add(email: string, fault: Fault): void;
  clear(email: string): void;
}

/** Pending faults per user. */
export interface Faults<E extends Env> extends FaultTable {
  /** Middleware that answers with the user's next pending fault, if any (after authentication). */
  readonly middleware: MiddlewareHandler<E>;
}

/** Creates an empty fault table that finds the caller and builds the error the provider's way. */
export function createFaults<E extends Env>(
  callerOf: (c: Context<E>) => string,
  errorOf: (fault: Fault) => Error,
): Faults<E> {
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
      throw errorOf(fault);
    },
  };
}
