/**
 * The standalone sandbox's clock: the wall clock, moved on by `POST /sandbox/control/clock?advance={ms}` or set with
 * `?at={RFC 3339}`, read with `GET /sandbox/control/clock`. It moves only the emulators' time — token lifetimes,
 * channel and subscription expirations, `updated` stamps — never Carryover's, which keeps its own clock: moving it an
 * hour on expires every access token Carryover holds, as an hour of real time would. Time never goes back (tokens
 * and sync state assume it does not).
 */
import { Hono } from 'hono';

/** A clock that runs with the wall clock from an offset that only grows. */
export interface MovableClock {
  (): Date;
  /** Moves the clock on by `ms` (≥ 0). */
  advance(ms: number): void;
  /** How far ahead of the wall clock it is, in ms. */
  offsetMs(): number;
}

/** The wall clock, movable forward, starting `offsetMs` ahead of it. */
export function movableClock(offsetMs = 0, wallClock: () => number = Date.now): MovableClock {
  let offset = Math.max(0, offsetMs);
  const clock = (() => new Date(wallClock() + offset)) as MovableClock;
  clock.advance = (ms) => {
    offset += Math.max(0, ms);
  };
  clock.offsetMs = () => offset;
  return clock;
}

/** `GET` and `POST /sandbox/control/clock`. */
export function clockRoutes(clock: MovableClock): Hono {
  const app = new Hono();
  const now = () => ({ now: clock().toISOString() });
  app.get('/sandbox/control/clock', (c) => c.json(now()));
  app.post('/sandbox/control/clock', (c) => {
    const advance = c.req.query('advance');
    const at = c.req.query('at');
    if (advance !== undefined) {
      const ms = Number(advance);
      if (!Number.isInteger(ms) || ms < 0) return c.json({ error: 'advance must be a whole number of ms ≥ 0' }, 400);
      clock.advance(ms);
    } else if (at !== undefined) {
      const target = Date.parse(at);
      if (Number.isNaN(target)) return c.json({ error: 'at must be an RFC 3339 date-time' }, 400);
      if (target < clock().getTime()) return c.json({ error: 'the sandbox clock never goes back' }, 400);
      clock.advance(target - clock().getTime());
    } else {
      return c.json({ error: 'give advance={ms} or at={RFC 3339}' }, 400);
    }
    return c.json(now());
  });
  return app;
}
