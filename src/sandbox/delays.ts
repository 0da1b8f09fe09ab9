/**
 * Slow answers, shared by the provider emulators: `delay-next?email=&ms=&count=&calls=api|token|all` makes the
 * user's next `count` API calls (after authentication), token-endpoint calls (once the grant's user is known), or
 * both, wait `ms` of real wall time before they are processed — so a client's own timeout can be tested with small
 * values (300 ms against a 100 ms timeout) and no fake clock. A call the client gave up on is still processed when
 * the wait ends, as a provider would: a timed-out send may have gone out.
 */
import type { Context, Env, Handler, MiddlewareHandler } from 'hono';
import { bad, countParam, emailParam } from './controls.ts';
import { createPendingTable, type Pending, type PendingTable } from './pending.ts';

/** A wait before a user's next calls. */
export interface Delay extends Pending {
  readonly ms: number;
}

/** Waits pending per user, for API calls and for token-endpoint calls apart. */
export interface Delays {
  readonly api: PendingTable<Delay>;
  readonly token: PendingTable<Delay>;
}

/** The longest wait a control may ask for: long enough for any client timeout a test sets, short of hanging it. */
export const MAX_DELAY_MS = 60_000;

/** Creates empty delay tables. */
export function createDelays(): Delays {
  return { api: createPendingTable<Delay>(), token: createPendingTable<Delay>() };
}

/** Waits out the user's next pending delay in `table`, if any. */
export async function waitPending(table: PendingTable<Delay>, email: string): Promise<void> {
  const delay = table.take(email);
  if (delay) await new Promise<void>((resolve) => setTimeout(resolve, delay.ms));
}

/** Middleware, after authentication: the caller's next API calls wait their pending delay before going on. */
export function delayApiCalls<E extends Env>(
  delays: Delays,
  callerOf: (c: Context<E>) => string,
): MiddlewareHandler<E> {
  return async function delayApiCall(c, next) {
    await waitPending(delays.api, callerOf(c));
    await next();
  };
}

const CALLS = ['api', 'token', 'all'] as const;

/** `delay-next?email=&ms=&count=&calls=api|token|all` (`calls` default `api`; `count=0` clears both kinds). */
export function delayNextHandler(delays: Delays): Handler {
  return (c) => {
    const email = emailParam(c);
    const count = countParam(c);
    const ms = Number(c.req.query('ms'));
    const calls = c.req.query('calls') ?? 'api';
    if (!email) return bad(c, 'the query needs ?email=');
    if (count === undefined) return bad(c, 'count must be a whole number');
    if (count === 0) {
      delays.api.clear(email);
      delays.token.clear(email);
      return c.json({ email, cleared: true });
    }
    if (!Number.isInteger(ms) || ms < 1 || ms > MAX_DELAY_MS)
      return bad(c, `ms must be a whole number 1…${MAX_DELAY_MS}`);
    if (!CALLS.some((kind) => kind === calls)) return bad(c, `calls must be one of ${CALLS.join(', ')}`);
    if (calls !== 'token') delays.api.add(email, { ms, remaining: count });
    if (calls !== 'api') delays.token.add(email, { ms, remaining: count });
    return c.json({ email, ms, count, calls });
  };
}
