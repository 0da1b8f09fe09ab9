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
 * - `consent?email=&deny=gmail.send[,calendar.events]` — the user's next consent leaves those scopes unticked
 *   (`deny=` empty clears), for flows that auto-approve
 * - `short-pages?email=&sizes=0,1,2&calls=list|instances|all` — the user's next pages are cut to these sizes
 * - `guest-calendar?email=|domain=&google=false|true` — takes an address (or a domain) off Google Calendar: no copy
 *   of events, only the emails `sendUpdates` sends
 * and `GET /sandbox/control/google/deliveries` — the recent push deliveries and their outcomes, and
 * `GET /sandbox/control/google/tokens` — how many sync, page, access and refresh tokens the emulator holds (each is
 * bounded: see calendar/store.ts, calendar/paging.ts and ../oauth-grants.ts).
 */
import { type Context, Hono } from 'hono';
import { bad, emailParam, failNextHandler, pauseNotificationsHandler, revokeGrantsHandler } from '../controls.ts';
import { type Delays, delayNextHandler } from '../delays.ts';
import type { DeliveryQueue } from '../deliveries.ts';
import { type Drops, dropAfterHandler } from '../drops.ts';
import type { FaultTable } from '../faults.ts';
import { failTokenHandler, type TokenFaults } from '../token-faults.ts';
import type { PagedCall, Pager } from './calendar/paging.ts';
import type { CalendarStore } from './calendar/store.ts';
import { isValidZone } from './calendar/time.ts';
import type { Channels } from './calendar/watch.ts';
import type { ConsentChoices } from './oauth/consent-choices.ts';
import type { Grants } from './oauth/grants.ts';
import { fullScope } from './oauth/scopes.ts';
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
  readonly choices: ConsentChoices;
  readonly pager: Pager;
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
  choices,
  pager,
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

  app.post(`${BASE}/consent`, (c) => {
    const email = emailParam(c);
    if (!email) return bad(c, 'the query needs ?email=');
    const denied = listParam(c, 'deny').map(fullScope);
    choices.deny(email, denied);
    return c.json({ email, deny: denied });
  });

  app.post(`${BASE}/short-pages`, (c) => {
    const email = emailParam(c);
    const sizes = listParam(c, 'sizes').map(Number);
    const calls = c.req.query('calls') ?? 'all';
    if (!email) return bad(c, 'the query needs ?email=');
    if (!sizes.every((size) => Number.isInteger(size) && size >= 0)) return bad(c, 'sizes must be whole numbers');
    if (!['list', 'instances', 'all'].includes(calls)) return bad(c, 'calls must be list, instances or all');
    const which: PagedCall[] = calls === 'all' ? ['list', 'instances'] : [calls as PagedCall];
    pager.cut(email, sizes, which);
    return c.json({ email, sizes, calls: which });
  });

  app.post(`${BASE}/guest-calendar`, (c) => {
    const email = emailParam(c);
    const domain = c.req.query('domain');
    const onGoogle = c.req.query('google') !== 'false';
    if (email) store.guests.set({ email }, onGoogle);
    else if (domain && /^[^\s@]+\.[^\s@]+$/.test(domain)) store.guests.set({ domain }, onGoogle);
    else return bad(c, 'the query needs ?email= or ?domain=');
    return c.json({ ...(email ? { email } : { domain }), google: onGoogle });
  });

  app.get(`${BASE}/deliveries`, (c) => c.json(queue.outcomes()));
  app.get(`${BASE}/tokens`, (c) =>
    c.json({ syncTokens: store.syncTokenCount(), pageTokens: pager.tokenCount(), ...grants.tokenCounts() }),
  );

  return app;
}

/** A comma-separated (or repeated) query parameter, without empty entries. */
function listParam(c: Context, name: string): string[] {
  return (
    c.req
      .queries(name)
      ?.flatMap((value) => value.split(','))
      .map((value) => value.trim())
      .filter((value) => value !== '') ?? []
  );
}
