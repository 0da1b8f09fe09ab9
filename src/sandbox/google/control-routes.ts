/**
 * Test and demo controls for the Google emulator, under `POST /sandbox/control/google/…` (no auth: the sandbox only
 * runs in sandbox mode):
 * - `revoke-grants?email=` — the user removes the app's access: every grant, refresh and access token dies
 * - `expire-sync-tokens?email=` — every outstanding sync token of that user's calendar answers 410 next time
 * - `fail-next?email=&status=&reason=&count=&retryAfter=` — the user's next `count` Calendar/Gmail calls fail
 * - `calendar-timezone?email=&timeZone=` — sets the user's calendar time zone (default UTC)
 * - `pause-notifications?email=&paused=true|false` — drops (loses) that user's push notifications while paused
 * and `GET /sandbox/control/google/deliveries` — the recent push deliveries and their outcomes.
 */
import { type Context, Hono } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { DeliveryQueue } from '../deliveries.ts';
import { isEmail, normalizeEmail } from '../users.ts';
import type { CalendarStore } from './calendar/store.ts';
import { isValidZone } from './calendar/time.ts';
import type { Channels } from './calendar/watch.ts';
import type { Faults } from './faults.ts';
import type { Grants } from './oauth/grants.ts';

/** What the controls act on. */
export interface ControlDeps {
  readonly grants: Grants;
  readonly store: CalendarStore;
  readonly channels: Channels;
  readonly faults: Faults;
  readonly queue: DeliveryQueue;
}

const BASE = '/sandbox/control/google';
const FAULT_STATUSES = [400, 401, 403, 404, 409, 410, 412, 429, 500, 502, 503, 504];

/** The control routes. */
export function controlRoutes({ grants, store, channels, faults, queue }: ControlDeps): Hono {
  const app = new Hono();

  app.post(`${BASE}/revoke-grants`, (c) => {
    const email = emailParam(c);
    if (!email) return bad(c, 'the query needs ?email=');
    return c.json({ email, revoked: grants.revokeUser(email) });
  });

  app.post(`${BASE}/expire-sync-tokens`, (c) => {
    const email = emailParam(c);
    if (!email) return bad(c, 'the query needs ?email=');
    store.expireSyncTokens(email);
    return c.json({ email, expired: true });
  });

  app.post(`${BASE}/fail-next`, (c) => {
    const email = emailParam(c);
    const status = Number(c.req.query('status') ?? '503');
    const count = Number(c.req.query('count') ?? '1');
    if (!email) return bad(c, 'the query needs ?email=');
    if (!FAULT_STATUSES.includes(status)) return bad(c, `status must be one of ${FAULT_STATUSES.join(', ')}`);
    if (!Number.isInteger(count) || count < 0) return bad(c, 'count must be a whole number');
    if (count === 0) {
      faults.clear(email);
      return c.json({ email, cleared: true });
    }
    const reason = c.req.query('reason');
    const retryAfter = c.req.query('retryAfter');
    faults.add(email, {
      status: status as ContentfulStatusCode,
      remaining: count,
      ...(reason && { reason }),
      ...(retryAfter && { retryAfter }),
    });
    return c.json({ email, status, count, ...(reason && { reason }) });
  });

  app.post(`${BASE}/calendar-timezone`, (c) => {
    const email = emailParam(c);
    const timeZone = c.req.query('timeZone') ?? '';
    if (!email) return bad(c, 'the query needs ?email=');
    if (!isValidZone(timeZone)) return bad(c, 'timeZone must be an IANA zone name');
    store.calendar(email).timeZone = timeZone;
    return c.json({ email, timeZone });
  });

  app.post(`${BASE}/pause-notifications`, (c) => {
    const email = emailParam(c);
    const paused = c.req.query('paused') !== 'false';
    if (!email) return bad(c, 'the query needs ?email=');
    channels.setPaused(email, paused);
    return c.json({ email, paused });
  });

  app.get(`${BASE}/deliveries`, (c) => c.json(queue.outcomes()));

  return app;
}

function emailParam(c: Context): string | undefined {
  const email = normalizeEmail(c.req.query('email') ?? '');
  return isEmail(email) ? email : undefined;
}

function bad(c: Context, message: string): Response {
  return c.json({ error: message }, 400);
}
