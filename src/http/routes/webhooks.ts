import type { Context } from 'hono';
import { findCalendarByWatch, updateCalendar } from '../../db/calendars.ts';
import { SYNC_CALENDAR } from '../../db/job-kinds.ts';
import { scheduleJob } from '../../db/jobs.ts';
import { hashToken, sameDigest } from '../../security/link-token.ts';
import type { AppEnv } from '../app-deps.ts';

/**
 * POST /webhooks/google: a Calendar push notification (headers only, no body). It is checked and answered at
 * once; the sync itself runs on the tick, so Google never waits on it. Unknown channels (stopped, or from before a
 * reconnect) are acknowledged and ignored; a known channel with a wrong token is refused and changes nothing.
 */
export async function googleWebhook(c: Context<AppEnv>): Promise<Response> {
  const { db, clock } = c.get('deps');
  const channelId = c.req.header('x-goog-channel-id');
  const state = c.req.header('x-goog-resource-state');
  if (!channelId || !state) {
    return c.json(
      {
        error: 'invalid',
        message: 'not a Google Calendar notification: X-Goog-Channel-ID and X-Goog-Resource-State are required',
      },
      400,
    );
  }
  const calendar = await findCalendarByWatch(db, channelId);
  if (!calendar) return c.body(null, 200);
  const token = c.req.header('x-goog-channel-token') ?? '';
  const tokenOk = calendar.watch_secret_hash !== null && sameDigest(await hashToken(token), calendar.watch_secret_hash);
  const resourceOk = c.req.header('x-goog-resource-id') === calendar.watch_resource_id;
  if (!tokenOk || !resourceOk) {
    console.warn(
      `refused a Google notification for channel ${channelId}: ${tokenOk ? 'resource id' : 'token'} mismatch`,
    );
    return c.json({ error: 'unauthorized', message: 'channel token does not match' }, 401);
  }
  const now = clock();
  await updateCalendar(db, calendar.id, { last_notified_at: now });
  // "sync" only confirms a new channel; "exists"/"not_exists" mean something changed.
  if (state !== 'sync') await scheduleJob(db, { kind: SYNC_CALENDAR, key: calendar.id, runAt: now });
  return c.body(null, 200);
}

interface GraphNotification {
  readonly subscriptionId?: string;
  readonly clientState?: string;
  readonly lifecycleEvent?: string;
}

/** Graph's handshake: a POST with ?validationToken= wants the token back as text/plain within 10 seconds. */
function validationAnswer(c: Context<AppEnv>): Response | undefined {
  const token = c.req.query('validationToken');
  return token === undefined ? undefined : c.text(token, 200);
}

/** Reads Graph's `{ value: [...] }` body, or undefined when it is not one. */
async function notificationsOf(c: Context<AppEnv>): Promise<readonly GraphNotification[] | undefined> {
  try {
    const body = (await c.req.json()) as { value?: unknown };
    return Array.isArray(body.value) ? (body.value as GraphNotification[]) : undefined;
  } catch {
    // Not JSON at all: answered as a malformed notification below.
    return undefined;
  }
}

/**
 * Checks each notification's subscription and clientState; returns the calendars of the genuine ones, and whether
 * any known subscription came with a wrong clientState (an attack: refused, nothing changes).
 */
async function verified(c: Context<AppEnv>, notifications: readonly GraphNotification[]) {
  const { db } = c.get('deps');
  const calendars = new Map<string, NonNullable<Awaited<ReturnType<typeof findCalendarByWatch>>>>();
  let forged = false;
  for (const notification of notifications) {
    if (!notification.subscriptionId) continue;
    const calendar = await findCalendarByWatch(db, notification.subscriptionId);
    if (!calendar) continue; // an old subscription: acknowledged, ignored
    const ok =
      calendar.watch_secret_hash !== null &&
      sameDigest(await hashToken(notification.clientState ?? ''), calendar.watch_secret_hash);
    if (ok) calendars.set(calendar.id, calendar);
    else forged = true;
  }
  return { calendars, forged };
}

/**
 * POST /webhooks/microsoft: Graph change notifications (often several per change). Verified against each
 * subscription's clientState, answered at once (Graph wants an answer within 3 s), the sync left to the tick.
 */
export async function microsoftWebhook(c: Context<AppEnv>): Promise<Response> {
  const validation = validationAnswer(c);
  if (validation) return validation;
  const notifications = await notificationsOf(c);
  if (!notifications) return c.json({ error: 'invalid', message: 'not a Graph change notification' }, 400);
  const { db, clock } = c.get('deps');
  const { calendars, forged } = await verified(c, notifications);
  const now = clock();
  for (const calendar of calendars.values()) {
    await updateCalendar(db, calendar.id, { last_notified_at: now });
    await scheduleJob(db, { kind: SYNC_CALENDAR, key: calendar.id, runAt: now });
  }
  if (forged) return c.json({ error: 'unauthorized', message: 'clientState does not match' }, 401);
  return c.body(null, 202);
}

/**
 * POST /webhooks/microsoft/lifecycle: reauthorizationRequired and subscriptionRemoved make the next sync create a
 * new subscription; missed makes it sync (the delta catches up on what was missed).
 */
export async function microsoftLifecycle(c: Context<AppEnv>): Promise<Response> {
  const validation = validationAnswer(c);
  if (validation) return validation;
  const notifications = await notificationsOf(c);
  if (!notifications) return c.json({ error: 'invalid', message: 'not a Graph lifecycle notification' }, 400);
  const { db, clock } = c.get('deps');
  const { calendars, forged } = await verified(c, notifications);
  const now = clock();
  for (const notification of notifications) {
    const calendar = [...calendars.values()].find((cal) => cal.watch_id === notification.subscriptionId);
    if (!calendar) continue;
    if (
      notification.lifecycleEvent === 'reauthorizationRequired' ||
      notification.lifecycleEvent === 'subscriptionRemoved'
    ) {
      await updateCalendar(db, calendar.id, { watch_expires_at: now });
    }
    await scheduleJob(db, { kind: SYNC_CALENDAR, key: calendar.id, runAt: now });
  }
  if (forged) return c.json({ error: 'unauthorized', message: 'clientState does not match' }, 401);
  return c.body(null, 202);
}
