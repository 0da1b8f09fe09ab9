/**
 * Test and demo controls for the Graph emulator, under `POST /sandbox/control/microsoft/…` (no auth: the sandbox
 * only runs in sandbox mode):
 * - `revoke-grants?email=` — the user removes the app's consent: refresh → `invalid_grant`, access tokens → 401
 * - `expire-delta-tokens?email=[&code=resyncRequired][&status=400]` — every outstanding delta and skip token of
 *   that mailbox answers 410 (or 400) with `syncStateNotFound` (or `resyncRequired`)
 * - `mailbox-timezone?email=&timeZone=` — the mailbox's own zone (`mailboxSettings.timeZone`; Windows or IANA name)
 * - `imported-zone?email=&event=&name=` — an event (series) came from another calendar with a zone Outlook names
 *   `name` (e.g. `tzone://Microsoft/Custom`): it is written as its `originalStartTimeZone`/`recurrenceTimeZone`
 * - `fail-next?email=&status=&code=&count=&retryAfter=` — the user's next `count` Graph calls fail (`count=0` clears)
 * - `fail-token?email=&count=&code=&status=&error=&suberror=&retryAfter=&grants=refresh_token|all` — the user's next
 *   `count` token requests are refused (see oauth/token-faults.ts)
 * - `drop-after?email=&count=` — the user's next `count` Graph calls are processed, then their connection is reset
 *   unanswered (Node only; see ../drops.ts)
 * - `delay-next?email=&ms=&count=&calls=api|token|all` — the user's next `count` calls wait `ms` first
 * - `pause-notifications?email=&paused=true|false` — that user's change notifications are lost while paused
 * - `lifecycle?subscription=&event=reauthorizationRequired|subscriptionRemoved|missed` — a lifecycle notification
 * and `GET /sandbox/control/microsoft/deliveries` — recent notification deliveries and their outcomes, and
 * `GET /sandbox/control/microsoft/tokens` — how many delta, skip, access and refresh tokens the emulator holds (each
 * is bounded: see calendar/delta.ts and ../oauth-grants.ts).
 */
import type { LifecycleEventType } from '@microsoft/microsoft-graph-types';
import { Hono } from 'hono';
import { bad, emailParam, failNextHandler, pauseNotificationsHandler, revokeGrantsHandler } from '../controls.ts';
import { type Delays, delayNextHandler } from '../delays.ts';
import type { DeliveryQueue } from '../deliveries.ts';
import { type Drops, dropAfterHandler } from '../drops.ts';
import type { FaultTable } from '../faults.ts';
import { failTokenHandler, type TokenFaults } from '../token-faults.ts';
import type { DeltaRounds } from './calendar/delta.ts';
import type { GraphStore } from './calendar/store.ts';
import { resolveZone } from './calendar/zones.ts';
import type { Grants } from './oauth/grants.ts';
import { microsoftTokenFault } from './oauth/token-faults.ts';
import type { Subscriptions } from './subscriptions/subscriptions.ts';

/** What the controls act on. */
export interface ControlDeps {
  readonly grants: Grants;
  readonly store: GraphStore;
  readonly delta: DeltaRounds;
  readonly subscriptions: Subscriptions;
  readonly faults: FaultTable;
  readonly queue: DeliveryQueue;
  readonly drops: Drops;
  readonly delays: Delays;
  readonly tokenFaults: TokenFaults;
  /** The sandbox clock, for the timestamps in identity platform errors. */
  readonly clock: () => Date;
}

const BASE = '/sandbox/control/microsoft';
const LIFECYCLE_EVENTS: readonly LifecycleEventType[] = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'];

/** The control routes. */
export function controlRoutes({
  grants,
  store,
  delta,
  subscriptions,
  faults,
  queue,
  drops,
  delays,
  tokenFaults,
  clock,
}: ControlDeps): Hono {
  const app = new Hono();

  app.post(`${BASE}/revoke-grants`, revokeGrantsHandler(grants));

  app.post(`${BASE}/expire-delta-tokens`, (c) => {
    const email = emailParam(c);
    const code = c.req.query('code') ?? 'syncStateNotFound';
    const status = Number(c.req.query('status') ?? '410');
    if (!email) return bad(c, 'the query needs ?email=');
    if (code !== 'syncStateNotFound' && code !== 'resyncRequired')
      return bad(c, 'code must be syncStateNotFound or resyncRequired');
    if (status !== 400 && status !== 410) return bad(c, 'status must be 400 or 410');
    const mailbox = store.mailbox(email);
    mailbox.deltaGeneration += 1;
    mailbox.deltaResetCode = code;
    mailbox.deltaResetStatus = status;
    return c.json({ email, expired: true, code, status });
  });

  app.post(`${BASE}/mailbox-timezone`, (c) => {
    const email = emailParam(c);
    const timeZone = c.req.query('timeZone')?.trim();
    if (!email || !timeZone) return bad(c, 'the query needs ?email=&timeZone=');
    if (!resolveZone(timeZone)) return bad(c, `unknown time zone '${timeZone}' (a Windows or IANA name)`);
    store.mailbox(email).timeZone = timeZone;
    return c.json({ email, timeZone });
  });

  app.post(`${BASE}/imported-zone`, (c) => {
    const email = emailParam(c);
    const id = c.req.query('event') ?? '';
    const name = c.req.query('name')?.trim();
    if (!email || !name) return bad(c, 'the query needs ?email=&event=&name=');
    const event = store.mailbox(email).events.get(id);
    if (!event) return c.json({ error: `no event ${id} in ${email}'s calendar` }, 404);
    event.fields = {
      ...event.fields,
      start: { ...event.fields.start, zoneName: name },
      end: { ...event.fields.end, zoneName: name },
    };
    if (event.recurrence)
      event.recurrence = { ...event.recurrence, range: { ...event.recurrence.range, zoneName: name } };
    event.version = store.newVersion();
    return c.json({ email, event: id, originalStartTimeZone: name });
  });

  app.post(`${BASE}/fail-next`, failNextHandler(faults, 'code'));
  app.post(`${BASE}/fail-token`, failTokenHandler(tokenFaults, microsoftTokenFault(clock)));
  app.post(`${BASE}/drop-after`, dropAfterHandler(drops));
  app.post(`${BASE}/delay-next`, delayNextHandler(delays));

  app.post(`${BASE}/pause-notifications`, pauseNotificationsHandler(subscriptions));

  app.post(`${BASE}/lifecycle`, (c) => {
    const id = c.req.query('subscription') ?? '';
    const event = c.req.query('event') as LifecycleEventType | undefined;
    if (!event || !LIFECYCLE_EVENTS.includes(event))
      return bad(c, `event must be one of ${LIFECYCLE_EVENTS.join(', ')}`);
    const outcome = subscriptions.lifecycle(id, event);
    if (outcome === 'unknown') return c.json({ error: `no live subscription ${id}` }, 404);
    if (outcome === 'no-lifecycle-url') return bad(c, 'that subscription has no lifecycleNotificationUrl');
    return c.json({ subscription: id, event, sent: true });
  });

  app.get(`${BASE}/deliveries`, (c) => c.json(queue.outcomes().filter((o) => o.lane.startsWith('graph:'))));
  app.get(`${BASE}/tokens`, (c) => c.json({ ...delta.tokenCounts(), ...grants.tokenCounts() }));

  return app;
}
