import { findCalendarWithAccount, updateCalendar } from '../db/calendars.ts';
import { PREPARE_SOURCE } from '../db/job-kinds.ts';
import { scheduleJob } from '../db/jobs.ts';
import { isOwnWrite, providerSeriesOfInstance } from '../db/occurrences.ts';
import { findSource } from '../db/series-sources.ts';
import type { CalendarChanges } from '../providers/provider.ts';
import { isProviderError } from '../providers/provider-error.ts';
import { hashToken, newNonce } from '../security/link-token.ts';
import { kitFor, type LifecycleDeps, pausingOnAuth, sessionFor } from './deps.ts';
import { recordSeries } from './record-series.ts';
import type { JobResult } from './tick.ts';

/** How long a push channel is asked to live (Google's maximum for events is about a week). */
export const WATCH_TTL_SECONDS = 7 * 24 * 3600;
/** A channel is replaced this long before it expires (the new one overlaps the old). */
const RENEW_BEFORE_MS = 24 * 3600_000;
/** With push working, poll this often anyway (push is "not 100% reliable"). */
const POLL_WITH_PUSH_MS = 30 * 60_000;
/** Without push (not set up, or quiet for long), poll this often. */
const POLL_WITHOUT_PUSH_MS = 60_000;

/**
 * One sync of a watched calendar, shared by push (webhooks schedule it) and poll (it reschedules itself):
 * incremental changes since the stored cursor (a full sync when there is none or it expired), each recurring series
 * judged and recorded, touched series re-prepared, and the push channel kept alive.
 */
export async function syncCalendar(deps: LifecycleDeps, calendarId: string): Promise<JobResult> {
  const { db, clock } = deps;
  const now = clock();
  const calendar = await findCalendarWithAccount(db, calendarId);
  if (calendar?.account_status !== 'active') return undefined;
  const account = {
    id: calendar.account_id,
    email: calendar.account_email,
    provider: calendar.provider,
    tokens_encrypted: calendar.tokens_encrypted,
    status: calendar.account_status,
  };
  const provider = kitFor(deps, account.provider).api;
  const session = sessionFor(deps, account);

  return pausingOnAuth(deps, account, async () => {
    // The channel first, then the listing: a change made while the calendar is first listed is either in the list
    // or notified through the channel, never in between (a new calendar was only seen at the next poll).
    const pushHealthy = await keepWatch(deps, calendar, session, provider, now);
    await syncChanges(deps, account, calendar, session, provider, now);
    return { rerunAt: new Date(now.getTime() + (pushHealthy ? POLL_WITH_PUSH_MS : POLL_WITHOUT_PUSH_MS)) };
  });
}

/** Lists what changed since the cursor, records each series, re-prepares touched ones, and saves the cursor. */
async function syncChanges(
  deps: LifecycleDeps,
  account: Parameters<typeof recordSeries>[1],
  calendar: NonNullable<Awaited<ReturnType<typeof findCalendarWithAccount>>>,
  session: ReturnType<typeof sessionFor>,
  provider: ReturnType<typeof kitFor>['api'],
  now: Date,
): Promise<void> {
  const { db } = deps;
  let changes: CalendarChanges;
  try {
    changes = await provider.listChanges(session, calendar.provider_calendar_id, calendar.sync_cursor);
  } catch (error) {
    // 410: the cursor expired or was invalidated: wipe it and read everything again.
    if (!isProviderError(error, 'gone') || calendar.sync_cursor === null) throw error;
    await updateCalendar(db, calendar.id, { sync_cursor: null });
    changes = await provider.listChanges(session, calendar.provider_calendar_id, null);
  }

  const lookup = (providerSeriesId: string) =>
    provider.getSeries(session, calendar.provider_calendar_id, providerSeriesId);
  for (const series of changes.series) await recordSeries(deps, account, series, 'UTC', lookup);
  for (const touched of changes.touchedOccurrences) {
    // A removed occurrence may come without its series (Graph's @removed): find it by the instance we recorded.
    const seriesId = touched.seriesId ?? (await providerSeriesOfInstance(db, account.id, touched.instanceId));
    if (!seriesId) continue;
    const source = await findSource(db, account.provider, account.id, seriesId);
    if (!source || source.ended_at) continue;
    // Our own write comes back as a change too; the etag we stored for it says nothing else happened since.
    if (await isOwnWrite(db, source.id, touched.instanceId, touched.etag)) continue;
    await scheduleJob(db, { kind: PREPARE_SOURCE, key: source.id, runAt: now });
  }
  // The cursor is saved only after a fully paged run (listChanges returns only then).
  await updateCalendar(db, calendar.id, { sync_cursor: changes.cursor, last_synced_at: now });
}

/** Starts a push channel, or replaces one that is about to expire; says whether push can be relied on. */
async function keepWatch(
  deps: LifecycleDeps,
  calendar: NonNullable<Awaited<ReturnType<typeof findCalendarWithAccount>>>,
  session: ReturnType<typeof sessionFor>,
  provider: ReturnType<typeof kitFor>['api'],
  now: Date,
): Promise<boolean> {
  const expires = calendar.watch_expires_at;
  if (calendar.watch_id && expires && expires.getTime() - RENEW_BEFORE_MS > now.getTime()) return true;
  const token = newNonce();
  try {
    const watch = await provider.watch(session, calendar.provider_calendar_id, {
      id: crypto.randomUUID(),
      address: `${deps.baseUrl}/webhooks/${calendar.provider}`,
      token,
      ttlSeconds: WATCH_TTL_SECONDS,
    });
    await updateCalendar(deps.db, calendar.id, {
      watch_id: watch.id,
      watch_resource_id: watch.resourceId,
      watch_secret_hash: await hashToken(token),
      watch_expires_at: watch.expiresAt,
    });
  } catch (error) {
    // No push (a provider refusal, an unreachable address): polling keeps things going; try again next sync.
    console.warn(`watch for calendar ${calendar.id} failed:`, error instanceof Error ? error.message : error);
    return false;
  }
  // Overlap: the old channel is stopped only once the new one exists.
  if (calendar.watch_id && calendar.watch_resource_id) {
    await provider
      .stopWatch(session, { id: calendar.watch_id, resourceId: calendar.watch_resource_id })
      .catch((error: unknown) => console.warn('stopping the old channel failed:', error));
  }
  return true;
}
