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
