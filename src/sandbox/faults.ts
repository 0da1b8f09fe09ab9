/**
 * Injected failures, shared by the provider emulators: a control route queues a fault for a user, and the
 * provider's middleware (after authentication) answers that user's next `count` calls with it, so a service's
 * backoff and error paths can be exercised through real HTTP. Each provider turns a fault into its own error body.
 */
import type { Context, Env, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { createPendingTable, type Pending } from './pending.ts';

/** A failure waiting for a user's next calls. */
export interface Fault extends Pending {
  readonly status: ContentfulStatusCode;
  /** The provider's error detail: Google's `reason`, Graph's `code`. */
  readonly detail?: string;
  readonly retryAfter?: string;
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

/** Creates an empty fault table that finds the caller and builds the error the provider's way for the call. */
export function createFaults<E extends Env>(
  callerOf: (c: Context<E>) => string,
  errorOf: (fault: Fault, c: Context<E>) => Error,
): Faults<E> {
  const pending = createPendingTable<Fault>();
  return {
    add: pending.add,
    clear: pending.clear,
    async middleware(c, next) {
      const fault = pending.take(callerOf(c));
      if (!fault) return next();
      throw errorOf(fault, c);
    },
  };
}
