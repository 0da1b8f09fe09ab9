/**
 * Test and demo controls for the Graph emulator, under `POST /sandbox/control/microsoft/…` (no auth: the sandbox
 * only runs in sandbox mode):
 * - `revoke-grants?email=` — the user removes the app's consent: refresh → `invalid_grant`, access tokens → 401
 * - `expire-delta-tokens?email=[&code=resyncRequired]` — every outstanding delta and skip token of that mailbox
 *   answers 410 (`syncStateNotFound` by default)
 * - `fail-next?email=&status=&code=&count=&retryAfter=` — the user's next `count` Graph calls fail (`count=0` clears)
 * - `pause-notifications?email=&paused=true|false` — that user's change notifications are lost while paused
 * - `lifecycle?subscription=&event=reauthorizationRequired|subscriptionRemoved|missed` — a lifecycle notification
 * and `GET /sandbox/control/microsoft/deliveries` — recent notification deliveries and their outcomes.
 */
import type { LifecycleEventType } from '@microsoft/microsoft-graph-types';
import { Hono } from 'hono';
import { bad, emailParam, failNextHandler, pauseNotificationsHandler, revokeGrantsHandler } from '../controls.ts';
import type { DeliveryQueue } from '../deliveries.ts';
import type { FaultTable } from '../faults.ts';
import type { GraphStore } from './calendar/store.ts';
import type { Grants } from './oauth/grants.ts';
import type { Subscriptions } from './subscriptions/subscriptions.ts';

/** What the controls act on. */
export interface ControlDeps {
  readonly grants: Grants;
  readonly store: GraphStore;
  readonly subscriptions: Subscriptions;
  readonly faults: FaultTable;
  readonly queue: DeliveryQueue;
}

const BASE = '/sandbox/control/microsoft';
const LIFECYCLE_EVENTS: readonly LifecycleEventType[] = ['reauthorizationRequired', 'subscriptionRemoved', 'missed'];

/** The control routes. */
export function controlRoutes({ grants, store, subscriptions, faults, queue }: ControlDeps): Hono {
  const app = new Hono();

  app.post(`${BASE}/revoke-grants`, revokeGrantsHandler(grants));

  app.post(`${BASE}/expire-delta-tokens`, (c) => {
    const email = emailParam(c);
    const code = c.req.query('code') ?? 'syncStateNotFound';
    if (!email) return bad(c, 'the query needs ?email=');
    if (code !== 'syncStateNotFound' && code !== 'resyncRequired')
      return bad(c, 'code must be syncStateNotFound or resyncRequired');
    const mailbox = store.mailbox(email);
    mailbox.deltaGeneration += 1;
    mailbox.deltaResetCode = code;
    return c.json({ email, expired: true, code });
  });

  app.post(`${BASE}/fail-next`, failNextHandler(faults, 'code'));

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

  return app;
}
