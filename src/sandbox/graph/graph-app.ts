/**
 * The Microsoft emulator: the identity platform's OAuth v2.0 endpoints under `/sandbox/microsoft/{tenant}/`, Graph
 * v1.0 (me, events, instances, calendarView and its delta, subscriptions, sendMail) under `/sandbox/graph/v1.0/`,
 * and its controls under `/sandbox/control/microsoft/`. Graph calls are authenticated, may be failed, slowed or
 * dropped on purpose, carry a `request-id`, and are counted per user; token requests may be failed or slowed; change
 * notifications go out through their own delivery queue.
 */
import { Hono, type MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import { createDelays, delayApiCalls } from '../delays.ts';
import { createDeliveryQueue, type Deliver } from '../deliveries.ts';
import { createDrops, dropAfterProcessing } from '../drops.ts';
import { createFaults } from '../faults.ts';
import type { Mailbox } from '../mailbox.ts';
import { type Persistent, persistentParts } from '../persistence.ts';
import { countCalls, type Stats } from '../stats.ts';
import { createTokenFaults, tokenGate } from '../token-faults.ts';
import type { Users } from '../users.ts';
import { PERMISSIONS, requireUser } from './auth.ts';
import { createDeltaRounds } from './calendar/delta.ts';
import { meetingMessages } from './calendar/meeting-messages.ts';
import { calendarRoutes, GRAPH_BASE } from './calendar/routes.ts';
import { createGraphStore } from './calendar/store.ts';
import { callerOf, type GraphEnv, graphErrorHandler, requestIds } from './context.ts';
import { controlRoutes } from './control-routes.ts';
import { graphErrors, injectedError } from './errors.ts';
import { mailRoutes } from './mail-routes.ts';
import { createGrants } from './oauth/grants.ts';
import { microsoftOAuthRoutes } from './oauth/routes.ts';
import { subscriptionRoutes } from './subscriptions/routes.ts';
import { createSubscriptions } from './subscriptions/subscriptions.ts';

/** What the Microsoft emulator needs from the sandbox around it. */
export interface GraphSandboxOptions {
  readonly clock: () => Date;
  readonly users: Users;
  readonly mailbox: Mailbox;
  readonly stats: Stats;
  readonly deliver: Deliver;
  readonly autoApprove: boolean;
  /** Accept `http://` notification URLs, which Graph refuses (default true: tests and the demo run on localhost). */
  readonly allowHttpNotificationUrls?: boolean;
}

/** The emulator's routes and a way to wait for its notifications. */
export interface GraphSandbox {
  readonly app: Hono;
  idle(): Promise<void>;
  /** Mailboxes, delta tokens, subscriptions and OAuth grants, for a standalone sandbox's state file. */
  readonly persistent: Persistent;
}

/** Graph retries a change notification after a 5xx or a network failure, and drops it after a few tries. */
const retryOn = (status: number) => status >= 500;

/**
 * Graph answers a path it has no resource for with 400, naming the segment. Only middleware (routes ending in `*`)
 * matched such a request; a catch-all route would do instead, but would hide every route's pattern from the stats.
 */
const unknownSegment: MiddlewareHandler<GraphEnv> = async function unknownSegment(c, next) {
  await next();
  if (routePath(c, -1).endsWith('*') && c.res.status === 404) {
    throw graphErrors.badRequest(`Resource not found for the segment '${c.req.path.split('/').pop() ?? ''}'.`);
  }
};

/** Builds the Microsoft emulator. */
export function createGraphSandbox({
  clock,
  users,
  mailbox,
  stats,
  deliver,
  autoApprove,
  allowHttpNotificationUrls = true,
}: GraphSandboxOptions): GraphSandbox {
  const store = createGraphStore(clock);
  const queue = createDeliveryQueue({ deliver, retryOn });
  const subscriptions = createSubscriptions(store, queue, deliver, { allowHttp: allowHttpNotificationUrls });
  const grants = createGrants(clock);
  const delta = createDeltaRounds();
  const faults = createFaults(callerOf, (fault) => injectedError(fault.status, fault.detail, fault.retryAfter));
  const drops = createDrops();
  const delays = createDelays();
  const tokenFaults = createTokenFaults();
  users.addTokenResolver((token) => grants.resolveAccessToken(token));

  const permissionsFor = (method: string, path: string): readonly string[] => {
    if (path.endsWith('/sendMail')) return PERMISSIONS.mailSend;
    if (path === `${GRAPH_BASE}/me`) return PERMISSIONS.profile;
    if (path.startsWith(`${GRAPH_BASE}/me/mailboxSettings`)) return PERMISSIONS.mailboxSettings;
    if (path.startsWith(`${GRAPH_BASE}/subscriptions`)) return PERMISSIONS.calendarRead;
    return method === 'GET' ? PERMISSIONS.calendarRead : PERMISSIONS.calendarWrite;
  };

  const api = new Hono<GraphEnv>();
  api.onError(graphErrorHandler(clock));
  // Outermost, so a dropped call is still processed and counted with the status it would have answered.
  api.use(
    `${GRAPH_BASE}/*`,
    dropAfterProcessing<GraphEnv>(drops, (c) => c.get('user')),
  );
  api.use('/sandbox/graph/*', requestIds);
  api.use(
    '/sandbox/graph/*',
    countCalls(stats, (c) => c.get('user')),
  );
  api.use(
    '/sandbox/microsoft/*',
    countCalls(stats, (c) => c.get('user')),
  );
  api.use('/sandbox/graph/*', unknownSegment);
  api.use(
    `${GRAPH_BASE}/*`,
    requireUser(users, grants, permissionsFor),
    delayApiCalls<GraphEnv>(delays, callerOf),
    faults.middleware,
  );
  api.route('/', calendarRoutes({ store, users, delta, messages: meetingMessages(mailbox, clock) }));
  api.route('/', subscriptionRoutes(subscriptions, store));
  api.route('/', mailRoutes({ users, store, mailbox, clock }));
  api.route('/', microsoftOAuthRoutes(grants, { autoApprove, now: clock, gate: tokenGate(tokenFaults, delays) }));

  const app = new Hono();
  app.route('/', api);
  app.route(
    '/',
    controlRoutes({ grants, store, delta, subscriptions, faults, queue, drops, delays, tokenFaults, clock }),
  );
  const persistent = persistentParts({
    store: store.persistent,
    delta: delta.persistent,
    subscriptions: subscriptions.persistent,
    grants: grants.persistent,
  });
  return { app, idle: () => queue.idle(), persistent };
}
