import type { Context } from 'hono';
import { findCalendarsByWatches, noteNotifications, notePush, updateCalendar } from '../../db/calendars.ts';
import type { Db } from '../../db/database.ts';
import { SYNC_CALENDAR } from '../../db/job-kinds.ts';
import { scheduleJob } from '../../db/jobs.ts';
import type { Provider } from '../../db/schema.ts';
import { type LogFields, log } from '../../observability/log.ts';
import { metrics, type WebhookOutcome } from '../../observability/metrics.ts';
import { hashToken, sameDigest } from '../../security/link-token.ts';
import type { AppEnv } from '../app-deps.ts';
import { type GraphNotification, parseGraphNotifications } from '../graph-notifications.ts';

// What a Google Calendar push notification's headers can be (Calendar push guide): a channel id of at most 64
// characters (Carryover's are UUIDs), a channel token of at most 256, and a resource state (sync, exists,
// not_exists). Anything else is refused before the database is asked about it.
const GOOGLE_CHANNEL_ID = /^[\x21-\x7e]{1,64}$/;
const MAX_GOOGLE_TOKEN_LENGTH = 256;
const GOOGLE_RESOURCE_STATE = /^[a-z_]{1,32}$/;

/** A Google notification's headers, or why they cannot be one. */
type GoogleHeaders =
  | { readonly ok: true; readonly channelId: string; readonly state: string; readonly token: string }
  | { readonly ok: false; readonly message: string };

function readGoogleHeaders(c: Context<AppEnv>): GoogleHeaders {
  const channelId = c.req.header('x-goog-channel-id');
  const state = c.req.header('x-goog-resource-state');
  const token = c.req.header('x-goog-channel-token') ?? '';
  if (!channelId || !state) {
    const message = 'not a Google Calendar notification: X-Goog-Channel-ID and X-Goog-Resource-State are required';
    return { ok: false, message };
  }
  if (!GOOGLE_CHANNEL_ID.test(channelId)) {
    return { ok: false, message: 'X-Goog-Channel-ID must be 1 to 64 visible ASCII characters' };
  }
  if (!GOOGLE_RESOURCE_STATE.test(state)) {
    return { ok: false, message: 'X-Goog-Resource-State must be a resource state such as "exists"' };
  }
  if (token.length > MAX_GOOGLE_TOKEN_LENGTH) {
    return { ok: false, message: `X-Goog-Channel-Token must be at most ${MAX_GOOGLE_TOKEN_LENGTH} characters` };
  }
  return { ok: true, channelId, state, token };
}

/** What a webhook handler answered, and what became of the request for the log and the metrics. */
interface Answer {
  readonly outcome: WebhookOutcome;
  readonly response: Response;
  readonly fields?: LogFields;
}

/**
 * A webhook route: the handler's answer, with one `webhook` line (provider, kind, outcome, status, ms, and the ids it
 * names — never a channel token or clientState) and a count in `carryover_webhooks_total`. A forged request is a
 * warning: someone knows a channel id but not its secret.
 */
function webhookRoute(provider: Provider, kind: string, handle: (c: Context<AppEnv>) => Promise<Answer>) {
  return async function webhook(c: Context<AppEnv>): Promise<Response> {
    const started = performance.now();
    const { outcome, response, fields } = await handle(c);
    metrics.webhook(provider, outcome);
    const line = {
      requestId: c.get('requestId'),
      provider,
      kind,
      outcome,
      status: response.status,
      ms: Math.round(performance.now() - started),
      ...fields,
    };
    if (outcome === 'forged') log.warn('webhook', line);
    else log.info('webhook', line);
    return response;
  };
}

/**
 * POST /webhooks/google: a Calendar push notification (headers only, no body). It is checked and answered at
 * once; the sync itself runs on the tick, so Google never waits on it. Unknown channels (stopped, or from before a
 * reconnect) are acknowledged and ignored; a known channel with a wrong token is refused and changes nothing.
 */
export const googleWebhook = webhookRoute('google', 'push', async (c) => {
  const { db, clock } = c.get('deps');
  const headers = readGoogleHeaders(c);
  if (!headers.ok) {
    const response = c.json({ error: 'invalid', message: headers.message }, 400);
    return { outcome: 'malformed', response, fields: { reason: headers.message } };
  }
  const { channelId, state, token } = headers;
  const digest = await hashToken(token);
  const resourceId = c.req.header('x-goog-resource-id');
  // One statement finds the channel and, only when token and resource id match, notes the notification and schedules
  // the sync ("sync" only confirms a new channel; "exists"/"not_exists" mean something changed).
  const channel = await notePush(db, {
    watchId: channelId,
    tokenDigest: digest,
    resourceId: resourceId ?? null,
    at: clock(),
    schedule: state !== 'sync',
  });
  if (!channel) return { outcome: 'unknown-channel', response: c.body(null, 200), fields: { channelId } };
  // The answer is decided on the channel as the statement read it, the digest compared in constant time.
  const tokenOk = channel.watch_secret_hash !== null && sameDigest(digest, channel.watch_secret_hash);
  const resourceOk = resourceId === channel.watch_resource_id;
  if (!tokenOk || !resourceOk) {
    const response = c.json({ error: 'unauthorized', message: 'channel token does not match' }, 401);
    const reason = `${tokenOk ? 'resource id' : 'token'} mismatch`;
    return { outcome: 'forged', response, fields: { channelId, calendarId: channel.id, reason } };
  }
  return {
    outcome: 'accepted',
    response: c.body(null, 200),
    fields: { calendarId: channel.id, resourceState: state },
  };
});

/** Graph's handshake: a POST with ?validationToken= wants the token back as text/plain within 10 seconds. */
function validationAnswer(c: Context<AppEnv>): Response | undefined {
  const token = c.req.query('validationToken');
  return token === undefined ? undefined : c.text(token, 200);
}

type WatchedCalendar = Awaited<ReturnType<typeof findCalendarsByWatches>>[number];

/** What a Graph POST's entries come to once checked: the calendars they genuinely name, or a forgery. */
type Verdict =
  | { readonly forged: false; readonly calendars: ReadonlyMap<string, WatchedCalendar> }
  | { readonly forged: true; readonly subscriptionId: string };

/**
 * Checks every notification's subscription and clientState at a cost bounded by what is distinct in the body: one
 * query for all the subscriptions it names, one hash per distinct (subscription, clientState) pair. Unknown
 * subscriptions (old ones, from before a reconnect) are ignored. A known subscription with a wrong clientState is an
 * attack: the whole request is refused, so nothing it names is scheduled. Calendars are keyed by subscription id.
 */
async function verify(db: Db, notifications: readonly GraphNotification[]): Promise<Verdict> {
  const ids = [...new Set(notifications.map((n) => n.subscriptionId))];
  const known = new Map((await findCalendarsByWatches(db, ids)).map((cal) => [cal.watch_id!, cal]));
  const calendars = new Map<string, WatchedCalendar>();
  const checked = new Set<string>();
  for (const { subscriptionId, clientState } of notifications) {
    const calendar = known.get(subscriptionId);
    if (!calendar) continue;
    // subscriptionId holds no NUL (the schema refuses it), so this key names one pair only.
    const pair = `${subscriptionId}\u0000${clientState ?? ''}`;
    if (checked.has(pair)) continue;
    checked.add(pair);
    const ok =
      calendar.watch_secret_hash !== null &&
      clientState != null &&
      sameDigest(await hashToken(clientState), calendar.watch_secret_hash);
    if (!ok) return { forged: true, subscriptionId };
    calendars.set(subscriptionId, calendar);
  }
  return { forged: false, calendars };
}

/** The refusal of a forged Graph POST, logged once for the request however many entries it held. */
function refuseForged(c: Context<AppEnv>, subscriptionId: string): Answer {
  const response = c.json({ error: 'unauthorized', message: 'clientState does not match' }, 401);
  return { outcome: 'forged', response, fields: { subscriptionId, reason: 'clientState mismatch' } };
}

/** The 400 for a body that is not a Graph notification collection. */
function invalidNotification(c: Context<AppEnv>, kind: string, message: string): Answer {
  const response = c.json({ error: 'invalid', message: `not a Graph ${kind} notification: ${message}` }, 400);
  return { outcome: 'malformed', response, fields: { reason: message.slice(0, 200) } };
}

/** Graph's handshake answer as a webhook outcome (the token echoed is Graph's, not a secret of ours). */
function validation(c: Context<AppEnv>): Answer | undefined {
  const response = validationAnswer(c);
  return response && { outcome: 'validation', response };
}

/** How a verified Graph POST ends: accepted for the calendars it named, or about subscriptions none has now. */
function graphAnswer(c: Context<AppEnv>, notifications: number, calendarIds: readonly string[]): Answer {
  const response = c.body(null, 202);
  const fields = { notifications, calendarIds };
  return { outcome: calendarIds.length > 0 ? 'accepted' : 'unknown-channel', response, fields };
}

/**
 * The event an Outlook change notification names: its `resource` is `Users/{user id}/Events/{event id}` (the same id
 * as `resourceData.id`; "Change notifications for Outlook resources"). Undefined for anything else.
 */
function eventIdOf(notification: GraphNotification): string | undefined {
  const match = /\/events\/([^/?#]+)$/i.exec(notification.resource ?? '');
  if (!match?.[1]) return undefined;
  const id = decodeURIComponent(match[1]);
  // Ids are kept for the next sync to read: only ones that could be Graph's (base64url-ish, bounded) are kept.
  return /^[A-Za-z0-9_=+/-]{1,300}$/.test(id) ? id : undefined;
}

/**
 * POST /webhooks/microsoft: Graph change notifications (often several per change, and batched). Verified against
 * each subscription's clientState, answered at once (Graph wants an answer within 3 s), the sync left to the tick.
 * The events they name are kept on the calendar: the sync reads the ones its delta window does not cover (a series
 * whose next meeting is months away) at once, instead of at the next daily full sync.
 */
export const microsoftWebhook = webhookRoute('microsoft', 'change', async (c) => {
  const handshake = validation(c);
  if (handshake) return handshake;
  const parsed = await parseGraphNotifications(c);
  if (!parsed.ok) return invalidNotification(c, 'change', parsed.message);
  const { notifications } = parsed;
  const { db, clock } = c.get('deps');
  const verdict = await verify(db, notifications);
  if (verdict.forged) return refuseForged(c, verdict.subscriptionId);
  // The events each calendar's notifications name, in one pass; then one statement for all of them.
  const itemIds = new Map([...verdict.calendars.keys()].map((subscriptionId) => [subscriptionId, new Set<string>()]));
  for (const notification of notifications) {
    // Only genuine entries are read further: an unknown subscription's are ignored, whatever they hold.
    const named = itemIds.get(notification.subscriptionId);
    const id = named && eventIdOf(notification);
    if (id) named.add(id);
  }
  const notes = [...verdict.calendars].map(([subscriptionId, calendar]) => ({
    calendarId: calendar.id,
    itemIds: [...(itemIds.get(subscriptionId) ?? [])],
  }));
  await noteNotifications(db, notes, clock());
  return graphAnswer(
    c,
    notifications.length,
    [...verdict.calendars.values()].map((calendar) => calendar.id),
  );
});

/**
 * POST /webhooks/microsoft/lifecycle ("Reduce missing subscriptions and change notifications"): `subscriptionRemoved`
 * makes the next sync create a new subscription (the old one is gone); `reauthorizationRequired` makes it reauthorize
 * the subscription (`POST …/reauthorize`) and renew it in place; `missed` makes it sync (the delta catches up on what
 * was missed). One sync per calendar, however many entries name it.
 */
export const microsoftLifecycle = webhookRoute('microsoft', 'lifecycle', async (c) => {
  const handshake = validation(c);
  if (handshake) return handshake;
  const parsed = await parseGraphNotifications(c);
  if (!parsed.ok) return invalidNotification(c, 'lifecycle', parsed.message);
  const { notifications } = parsed;
  const { db, clock } = c.get('deps');
  const verdict = await verify(db, notifications);
  if (verdict.forged) return refuseForged(c, verdict.subscriptionId);
  const events = (id: string) =>
    new Set(notifications.filter((n) => n.subscriptionId === id).map((n) => n.lifecycleEvent ?? ''));
  const now = clock();
  for (const [subscriptionId, calendar] of verdict.calendars) {
    const named = events(subscriptionId);
    // Removed: the subscription is gone, so it counts as expired now (a new one is made, none is deleted).
    if (named.has('subscriptionRemoved')) {
      await updateCalendar(db, calendar.id, { watch_expires_at: now, watch_retry_at: null });
    } else if (named.has('reauthorizationRequired')) {
      await updateCalendar(db, calendar.id, { watch_reauthorize: true, watch_retry_at: null });
    }
    await scheduleJob(db, { kind: SYNC_CALENDAR, key: calendar.id, runAt: now });
  }
  return graphAnswer(
    c,
    notifications.length,
    [...verdict.calendars.values()].map((calendar) => calendar.id),
  );
});
