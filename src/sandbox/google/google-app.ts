/**
 * The Google emulator: OAuth, Calendar v3 and Gmail send under `/sandbox/google/`, its controls under
 * `/sandbox/control/google/`. Calendar and Gmail calls are authenticated, may be failed, slowed or dropped on purpose,
 * and are counted per user; so may token requests be failed or slowed; push notifications go out through their own
 * delivery queue.
 */
import { Hono } from 'hono';
import { createDelays, delayApiCalls } from '../delays.ts';
import { createDeliveryQueue, type Deliver } from '../deliveries.ts';
import { createDrops, dropAfterProcessing } from '../drops.ts';
import { createFaults } from '../faults.ts';
import type { Mailbox } from '../mailbox.ts';
import { type Persistent, persistentParts } from '../persistence.ts';
import { countCalls, type Stats } from '../stats.ts';
import { createTokenFaults, tokenGate } from '../token-faults.ts';
import type { Users } from '../users.ts';
import { CALENDAR_READ_SCOPES, CALENDAR_WRITE_SCOPES, GMAIL_SEND_SCOPES, requireUser } from './auth.ts';
import { createPager } from './calendar/paging.ts';
import { calendarRoutes } from './calendar/routes.ts';
import { createCalendarStore } from './calendar/store.ts';
import { createChannels } from './calendar/watch.ts';
import { callerOf, type GoogleEnv, googleErrorHandler } from './context.ts';
import { controlRoutes } from './control-routes.ts';
import { injectedError } from './errors.ts';
import { gmailRoutes } from './gmail/routes.ts';
import { createConsentChoices } from './oauth/consent-choices.ts';
import { createGrants } from './oauth/grants.ts';
import { oauthRoutes } from './oauth/routes.ts';

/** What the Google emulator needs from the sandbox around it. */
export interface GoogleSandboxOptions {
  readonly clock: () => Date;
  readonly users: Users;
  readonly mailbox: Mailbox;
  readonly stats: Stats;
  readonly deliver: Deliver;
  readonly autoApprove: boolean;
  /** Whether events.watch accepts `http://` addresses, which Google refuses (a sandbox-only allowance). */
  readonly allowHttpPush: boolean;
}

/** The emulator's routes and a way to wait for its notifications. */
export interface GoogleSandbox {
  readonly app: Hono;
  idle(): Promise<void>;
  /** Calendars, channels and OAuth grants, for a standalone sandbox's state file. */
  readonly persistent: Persistent;
}

const CALENDAR = '/sandbox/google/calendar';
const GMAIL = '/sandbox/google/gmail';

/** Google retries a push notification after these statuses ("Push notifications": 500, 502, 503, 504). */
const GOOGLE_RETRY_STATUSES = [500, 502, 503, 504];

/** Builds the Google emulator. */
export function createGoogleSandbox({
  clock,
  users,
  mailbox,
  stats,
  deliver,
  autoApprove,
  allowHttpPush,
}: GoogleSandboxOptions): GoogleSandbox {
  const store = createCalendarStore(clock);
  const queue = createDeliveryQueue({ deliver, retryOn: (status) => GOOGLE_RETRY_STATUSES.includes(status) });
  const channels = createChannels(store, queue, { allowHttp: allowHttpPush });
  const grants = createGrants(clock);
  const choices = createConsentChoices();
  const pager = createPager();
  const faults = createFaults(callerOf, (fault, c) =>
    injectedError(fault.status, fault.detail, fault.retryAfter, c.req.path.startsWith(GMAIL) ? 'gmail' : 'calendar'),
  );
  const drops = createDrops();
  const delays = createDelays();
  const tokenFaults = createTokenFaults();
  users.addTokenResolver((token) => grants.resolveAccessToken(token));

  const api = new Hono<GoogleEnv>();
  api.onError(googleErrorHandler);
  // Outermost, so a dropped call is still processed and counted with the status it would have answered.
  const drop = dropAfterProcessing<GoogleEnv>(drops, (c) => c.get('user'));
  api.use(`${CALENDAR}/*`, drop);
  api.use(`${GMAIL}/*`, drop);
  api.use(
    '/sandbox/google/*',
    countCalls(stats, (c) => c.get('user')),
  );
  const calendarScopes = (method: string) => (method === 'GET' ? CALENDAR_READ_SCOPES : CALENDAR_WRITE_SCOPES);
  const delay = delayApiCalls<GoogleEnv>(delays, callerOf);
  api.use(`${CALENDAR}/*`, requireUser(users, calendarScopes), delay, faults.middleware);
  api.use(
    `${GMAIL}/*`,
    requireUser(users, () => GMAIL_SEND_SCOPES),
    delay,
    faults.middleware,
  );
  api.route('/', calendarRoutes({ store, pager, channels, mailbox }));
  api.route('/', gmailRoutes(mailbox, clock));
  api.route(
    '/',
    oauthRoutes(grants, users, {
      autoApprove,
      now: () => clock().getTime(),
      gate: tokenGate(tokenFaults, delays),
      choices,
    }),
  );

  const app = new Hono();
  app.route('/', api);
  app.route('/', controlRoutes({ grants, store, channels, faults, queue, drops, delays, tokenFaults, choices, pager }));
  const persistent = persistentParts({
    store: store.persistent,
    channels: channels.persistent,
    grants: grants.persistent,
  });
  return { app, idle: () => queue.idle(), persistent };
}
