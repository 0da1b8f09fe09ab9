/**
 * The sandbox: protocol-faithful emulators of the provider APIs Carryover uses (Google Calendar and Gmail; Microsoft
 * Graph and the Microsoft identity platform), served by the same Hono app in sandbox mode so the real client
 * libraries can talk to them in tests, demos and benchmarks without the internet. State is in memory; time is the
 * clock passed in.
 *
 * ```ts
 * const sandbox = createSandbox({ clock: () => now });
 * app.route('/', sandbox.app); // only in sandbox mode
 * ```
 */
import { Hono } from 'hono';
import type { Deliver } from './deliveries.ts';
import { createGoogleSandbox } from './google/google-app.ts';
import { createGraphSandbox } from './graph/graph-app.ts';
import { createMailbox, type Mailbox, mailboxRoutes } from './mailbox.ts';
import { type Persistent, persistentParts } from './persistence.ts';
import { createStats, type Stats, statsRoutes } from './stats.ts';
import { createUsers } from './users.ts';

/** How a sandbox runs. */
export interface SandboxOptions {
  /** "Now" for token lifetimes, channel expirations, `updated` stamps: driven by tests. */
  readonly clock: () => Date;
  /** How push notifications are POSTed; `globalThis.fetch` by default. */
  readonly deliver?: Deliver;
  /**
   * Whether the OAuth authorization page approves at once when `login_hint` names the account (default true), so
   * flows run without a browser. `prompt=none` with a `login_hint` approves at once either way.
   */
  readonly autoApprove?: boolean;
  /**
   * Whether Google's events.watch accepts plain `http://` addresses (default true). Google refuses them (400
   * `push.webhookUrlNotHttps`); tests and the demo serve Carryover over plain http on loopback, so the sandbox allows
   * them unless told not to.
   */
  readonly allowHttpPush?: boolean;
  /**
   * Whether Graph's subscriptions accept plain `http://` notification URLs (default true). Graph refuses them (400
   * `InvalidRequest` "NotificationUrl scheme='http' is not supported."); allowed here for the same reason.
   */
  readonly allowHttpNotificationUrls?: boolean;
}

/** A running sandbox. */
export interface Sandbox {
  /** Every sandbox route, at absolute paths under `/sandbox/`. */
  readonly app: Hono;
  /** Mail sent through the emulators, per recipient. */
  readonly mailbox: Mailbox;
  /** Emulated API calls per user. */
  readonly stats: Stats;
  /** Resolves when no push notification is queued or in flight. */
  idle(): Promise<void>;
  /**
   * What a standalone sandbox keeps across restarts: calendars and events (Google) and mailboxes with their items
   * (Graph), sync and delta tokens, push channels and subscriptions with their paused users, who is off Google
   * Calendar, OAuth codes, grants and tokens, and the mail delivered. Not kept: call counts, the one-shot controls
   * (`fail-next`, delays, drops, token faults, a pending consent choice), Google page tokens of a listing under way and
   * notifications not yet delivered.
   */
  readonly state: Persistent;
}

/** Creates a sandbox with empty state. */
export function createSandbox({
  clock,
  deliver = (request) => globalThis.fetch(request),
  autoApprove = true,
  allowHttpPush = true,
  allowHttpNotificationUrls = true,
}: SandboxOptions): Sandbox {
  const users = createUsers();
  const mailbox = createMailbox();
  const stats = createStats();
  const google = createGoogleSandbox({ clock, users, mailbox, stats, deliver, autoApprove, allowHttpPush });
  const graph = createGraphSandbox({
    clock,
    users,
    mailbox,
    stats,
    deliver,
    autoApprove,
    allowHttpNotificationUrls,
  });

  const app = new Hono();
  app.route('/', mailboxRoutes(mailbox));
  app.route('/', statsRoutes(stats));
  app.route('/', google.app);
  app.route('/', graph.app);
  const state = persistentParts({
    google: google.persistent,
    graph: graph.persistent,
    mailbox: mailbox.persistent,
  });
  return {
    app,
    mailbox,
    stats,
    state,
    async idle() {
      // The two emulators deliver independently; neither's notifications cause the other's.
      await Promise.all([google.idle(), graph.idle()]);
    },
  };
}

export type { Deliver } from './deliveries.ts';
export type { Mailbox, MailMessage } from './mailbox.ts';
export type { CallCount, Stats, StatsSnapshot } from './stats.ts';
