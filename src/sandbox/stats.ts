/**
 * Per-user call counts for the provider emulators, so tests and benchmarks can assert how many API calls a flow
 * costs (Google's quota is per user per minute): `GET /sandbox/stats[?user=]`, `DELETE /sandbox/stats[?user=]`.
 */
import { type Context, Hono, type MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { normalizeEmail } from './users.ts';

/** How often one user made one kind of call with one outcome. */
export interface CallCount {
  readonly method: string;
  /** The route with placeholders for ids, e.g. `/sandbox/google/calendar/v3/calendars/:calendarId/events`. */
  readonly path: string;
  readonly status: number;
  readonly count: number;
}

/** Call counts keyed by user email (`anonymous` for calls no token could be tied to). */
export type StatsSnapshot = Record<string, readonly CallCount[]>;

/** The counter the emulators record into. */
export interface Stats {
  record(user: string, method: string, path: string, status: number): void;
  snapshot(user?: string): StatsSnapshot;
  reset(user?: string): void;
}

/** The user key for calls that carried no usable identity. */
export const ANONYMOUS = 'anonymous';

/** Creates an empty counter. */
export function createStats(): Stats {
  const byUser = new Map<string, Map<string, CallCount>>();
  return {
    record(user, method, path, status) {
      const key = user === ANONYMOUS ? user : normalizeEmail(user);
      const calls = byUser.get(key) ?? new Map<string, CallCount>();
      byUser.set(key, calls);
      const id = `${method} ${path} ${status}`;
      const seen = calls.get(id);
      calls.set(id, { method, path, status, count: (seen?.count ?? 0) + 1 });
    },
    snapshot(user) {
      const snapshot: StatsSnapshot = {};
      for (const [email, calls] of byUser) {
        if (user !== undefined && email !== normalizeEmail(user)) continue;
        snapshot[email] = [...calls.values()];
      }
      return snapshot;
    },
    reset(user) {
      if (user === undefined) byUser.clear();
      else byUser.delete(normalizeEmail(user));
    },
  };
}

/**
 * Middleware that counts every call under it once it has been answered. `identify` names the user after the
 * handler ran (auth middleware or the token endpoint leave it on the context).
 */
export function countCalls(stats: Stats, identify: (c: Context) => string | undefined): MiddlewareHandler {
  return async function countCall(c, next) {
    await next();
    const route = routePath(c, -1);
    // A request no route matched leaves only the wildcard middleware: count it under its concrete path.
    const path = route.endsWith('*') ? c.req.path : route;
    stats.record(identify(c) ?? ANONYMOUS, c.req.method, path, c.res.status);
  };
}

/** `GET /sandbox/stats[?user=]` and `DELETE /sandbox/stats[?user=]`. */
export function statsRoutes(stats: Stats): Hono {
  const app = new Hono();
  app.get('/sandbox/stats', (c) => c.json(stats.snapshot(c.req.query('user'))));
  app.delete('/sandbox/stats', (c) => {
    stats.reset(c.req.query('user'));
    return c.body(null, 204);
  });
  return app;
}
