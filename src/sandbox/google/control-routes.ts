/**
 * Test and demo controls for the Google emulator, under `POST /sandbox/control/google/…` (no auth: the sandbox only
 * runs in sandbox mode):
 * - `revoke-grants?email=` — the user removes the app's access: every grant, refresh and access token dies
 * - `expire-sync-tokens?email=` — every outstanding sync token of that user's calendar answers 410 next time
 * - `fail-next?email=&status=&reason=&count=&retryAfter=` — the user's next `count` Calendar/Gmail calls fail
 * - `fail-token?email=&count=&status=&error=&retryAfter=&grants=refresh_token|all` — the user's next `count` token
 *   requests are refused (see oauth/token-faults.ts)
 * - `drop-after?email=&count=` — the user's next `count` Calendar/Gmail calls are processed, then their connection
 *   is reset unanswered (Node only; see ../drops.ts)
 * - `delay-next?email=&ms=&count=&calls=api|token|all` — the user's next `count` calls wait `ms` first
 * - `calendar-timezone?email=&timeZone=` — sets the user's calendar time zone (default UTC)
 * - `pause-notifications?email=&paused=true|false` — drops (loses) that user's push notifications while paused
 * and `GET /sandbox/control/google/deliveries` — the recent push deliveries and their outcomes.
 */
import { Hono } from 'hono';
import { bad, emailParam, failNextHandler, pauseNotificationsHandler, revokeGrantsHandler } from '../controls.ts';
import { type Delays, delayNextHandler } from '../delays.ts';
import type { DeliveryQueue } from '../deliveries.ts';
import { type Drops, dropAfterHandler } from '../drops.ts';
import type { FaultTable } from '../faults.ts';
import { failTokenHandler, type TokenFaults } from '../token-faults.ts';
import type { CalendarStore } from './calendar/store.ts';
import { isValidZone } from './calendar/time.ts';
import type { Channels } from './calendar/watch.ts';
import type { Grants } from './oauth/grants.ts';
import { googleTokenFault } from './oauth/token-faults.ts';

/** What the controls act on. */
export interface ControlDeps {
  readonly grants: Grants;
  readonly store: CalendarStore;
  readonly channels: Channels;
  readonly faults: FaultTable;
  readonly queue: DeliveryQueue;
  readonly drops: Drops;
  readonly delays: Delays;
  readonly tokenFaults: TokenFaults;
}

const BASE = '/sandbox/control/google';

/** The control routes. */
export function controlRoutes({
  grants,
  store,
  channels,
  faults,
  queue,
  drops,
  delays,
  tokenFaults,
}: ControlDeps): Hono {
  const app = new Hono();

  app.post(`${BASE}/revoke-grants`, revokeGrantsHandler(grants));

  app.post(`${BASE}/expire-sync-tokens`, (c) => {
    const email = emailParam(c);
    if (!email) return bad(c, 'the query needs ?email=');
    store.expireSyncTokens(email);
    return c.json({ email, expired: true });
  });

  app.post(`${BASE}/fail-next`, failNextHandler(faults, 'reason'));
  app.post(`${BASE}/fail-token`, failTokenHandler(tokenFaults, googleTokenFault));
  app.post(`${BASE}/drop-after`, dropAfterHandler(drops));
  app.post(`${BASE}/delay-next`, delayNextHandler(delays));

  app.post(`${BASE}/calendar-timezone`, (c) => {
    const email = emailParam(c);
    const timeZone = c.req.query('timeZone') ?? '';
    if (!email) return bad(c, 'the query needs ?email=');
    if (!isValidZone(timeZone)) return bad(c, 'timeZone must be an IANA zone name');
    store.calendar(email).timeZone = timeZone;
    return c.json({ email, timeZone });
  });

  app.post(`${BASE}/pause-notifications`, pauseNotificationsHandler(channels));

  app.get(`${BASE}/deliveries`, (c) => c.json(queue.outcomes()));

  return app;
}
