import { nextBackstopMs, spreadFor } from '../core/backstop.ts';
import { findCalendarWithAccount, forgetNotifiedItems, updateCalendar } from '../db/calendars.ts';
import { PREPARE_SOURCE } from '../db/job-kinds.ts';
import { scheduleJob } from '../db/jobs.ts';
import { isOwnWrite, providerSeriesOfInstance } from '../db/occurrences.ts';
import { findSource } from '../db/series-sources.ts';
import { describeError, log } from '../observability/log.ts';
import type { CalendarChanges, ListChangesOptions } from '../providers/provider.ts';
import { isProviderError } from '../providers/provider-error.ts';
import { hashToken, newNonce } from '../security/link-token.ts';
import { kitFor, type LifecycleDeps, pausingOnAuth, sessionFor } from './deps.ts';
import { recordSeries } from './record-series.ts';
import type { JobResult } from './tick.ts';

/** How long a push channel is asked to live (Google's maximum for events is about a week; Graph's 10,080 min). */
export const WATCH_TTL_SECONDS = 7 * 24 * 3600;
/** A channel is renewed (Graph) or replaced (Google) this long before it expires. */
const RENEW_BEFORE_MS = 24 * 3600_000;

// The backstop poll adapts to how well push keeps up (src/core/backstop.ts); 5 minutes without push.
export { POLL_WITHOUT_PUSH_MS } from '../core/backstop.ts';

/** A listing too large for one sync goes on this soon after. */
const LISTING_GOES_ON_MS = 60_000;
/** A refused watch is tried again after this, doubling with each refusal up to WATCH_RETRY_MAX_MS. */
const WATCH_RETRY_FIRST_MS = 3600_000;
const WATCH_RETRY_MAX_MS = 24 * 3600_000;

/**
 * Whether this deployment can be pushed to at all (config `push`: a public https BASE_URL, or the sandbox). Without it
 * the lifecycle never asks for a watch and polls instead. Absent means push, as before the setting existed.
 */
export interface WatchPolicy {
  readonly push?: boolean;
}

/** How long to wait before trying a watch again after `failures` refusals in a row: 1 h, 2 h, 4 h … 24 h. */
export function watchRetryDelayMs(failures: number): number {
  return Math.min(WATCH_RETRY_MAX_MS, WATCH_RETRY_FIRST_MS * 2 ** Math.max(0, failures - 1));
}

type Calendar = NonNullable<Awaited<ReturnType<typeof findCalendarWithAccount>>>;

/**
 * One sync of a watched calendar, shared by push (webhooks schedule it) and poll (it reschedules itself):
 * incremental changes since the stored cursor (a full sync when there is none or it expired), each recurring series
 * judged and recorded, touched series re-prepared, and the push channel kept alive.
 */
export async function syncCalendar(deps: LifecycleDeps & WatchPolicy, calendarId: string): Promise<JobResult> {
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
    const backstopMs = await syncChanges(deps, account, calendar, session, provider, now, pushHealthy);
    return { rerunAt: new Date(now.getTime() + spreadFor(calendar.id, backstopMs)) };
  });
}

/**
 * Lists what changed since the cursor (with the items notifications named since the last sync), records each series,
 * re-prepares touched ones, and saves the cursor with the next backstop interval, which it returns: tighter when this
 * sync found changes no notification had announced, looser while push keeps up.
 */
async function syncChanges(
  deps: LifecycleDeps,
  account: Parameters<typeof recordSeries>[1],
  calendar: Calendar,
  session: ReturnType<typeof sessionFor>,
  provider: ReturnType<typeof kitFor>['api'],
  now: Date,
  pushHealthy: boolean,
): Promise<number> {
  const { db } = deps;
  const notified = calendar.notified_items;
  // Only an incremental listing tells whether push missed something (a full one lists everything).
  let incremental = calendar.sync_cursor !== null;
  const options: ListChangesOptions =
    notified === null ? { notifiedItems: 'too-many' } : notified.length > 0 ? { notifiedItems: notified } : {};
  let changes: CalendarChanges;
  try {
    changes = await provider.listChanges(session, calendar.provider_calendar_id, calendar.sync_cursor, options);
  } catch (error) {
    // 410 (or Graph's 400 syncStateNotFound): the cursor expired or was invalidated: wipe it, read everything again.
    if (!isProviderError(error, 'gone') || calendar.sync_cursor === null) throw error;
    await updateCalendar(db, calendar.id, { sync_cursor: null });
    incremental = false;
    changes = await provider.listChanges(session, calendar.provider_calendar_id, null, options);
  }

  const lookup = (providerSeriesId: string) =>
    provider.getSeries(session, calendar.provider_calendar_id, providerSeriesId);
  for (const series of changes.series) await recordSeries(deps, account, series, 'UTC', lookup);
  // Changes of someone else's (not our own writes coming back), for judging whether push keeps up.
  let foreign = 0;
  const ownWritesOf = new Set<string>();
  for (const touched of changes.touchedOccurrences) {
    // A removed occurrence may come without its series (Graph's @removed): find it by the instance we recorded.
    const seriesId = touched.seriesId ?? (await providerSeriesOfInstance(db, account.id, touched.instanceId));
    if (!seriesId) continue;
    const source = await findSource(db, account.provider, account.id, seriesId);
    if (!source || source.ended_at) continue;
    // Our own write comes back as a change too; the etag we stored for it says nothing else happened since.
    if (await isOwnWrite(db, source.id, touched.instanceId, touched.etag)) {
      ownWritesOf.add(seriesId);
      continue;
    }
    foreign += 1;
    await scheduleJob(db, { kind: PREPARE_SOURCE, key: source.id, runAt: now });
  }
  foreign += changes.series.filter((series) => !ownWritesOf.has(series.providerSeriesId)).length;
  const warning = changes.warning ?? null;
  // Said once when it appears, kept on the calendar while it holds.
  if (warning && warning !== calendar.sync_warning)
    log.warn('calendar.sync-warning', { calendarId: calendar.id, warning });
  // Changes found with no notification since the last sync: push missed them (lost, or never sent).
  const notifiedSince =
    calendar.last_notified_at !== null &&
    (calendar.last_synced_at === null || calendar.last_notified_at > calendar.last_synced_at);
  const unannounced = pushHealthy && incremental && changes.full !== true && !notifiedSince && foreign > 0;
  const previousMs = calendar.backstop_seconds === null ? null : calendar.backstop_seconds * 1000;
  const backstopMs = nextBackstopMs({ push: pushHealthy, previousMs, unannounced });
  if (unannounced) {
    log.info('calendar.unannounced-changes', { calendarId: calendar.id, changes: foreign, backstopMs });
  }
  // The cursor is saved only after a fully paged run (listChanges returns only then).
  await updateCalendar(db, calendar.id, {
    sync_cursor: changes.cursor,
    last_synced_at: now,
    sync_warning: warning,
    ...(pushHealthy && { backstop_seconds: Math.round(backstopMs / 1000) }),
  });
  if (notified === null || notified.length > 0) await forgetNotifiedItems(db, calendar.id, notified ?? 'all');
  // A listing stopped at its page bound goes on at the next sync, soon: the calendar's 1:1s are not all known yet.
  return changes.more ? Math.min(backstopMs, LISTING_GOES_ON_MS) : backstopMs;
}

/**
 * Keeps the calendar's push channel alive and says whether push can be relied on. In order: a deployment without push
 * never asks for one; a live channel far from expiry is left alone; one near expiry (or that Graph asked to have
 * reauthorized) is renewed in place where the provider can (Graph), else replaced — a new channel first, then the old
 * one stopped (Google). A refused watch is not asked for again before its back-off (1 h doubling to 24 h): meanwhile
 * the calendar is polled.
 */
async function keepWatch(
  deps: LifecycleDeps & WatchPolicy,
  calendar: Calendar,
  session: ReturnType<typeof sessionFor>,
  provider: ReturnType<typeof kitFor>['api'],
  now: Date,
): Promise<boolean> {
  if (deps.push === false) return false;
  const expires = calendar.watch_expires_at;
  const live = calendar.watch_id !== null && expires !== null && expires.getTime() > now.getTime();
  const due = !live || calendar.watch_reauthorize || expires.getTime() - RENEW_BEFORE_MS <= now.getTime();
  if (!due) return true;
  if (calendar.watch_retry_at && calendar.watch_retry_at.getTime() > now.getTime()) return live;
  try {
    if (live && provider.renewWatch && (await renewed(deps, calendar, session, provider))) return true;
    await replaceWatch(deps, calendar, session, provider, live && !provider.renewWatch);
    return true;
  } catch (error) {
    // A dead grant is the account's problem, not the watch's: it pauses the account (pausingOnAuth), no back-off.
    if (isProviderError(error, 'auth')) throw error;
    // No push (a provider refusal, an unreachable address, a mailbox at its subscription limit): polling keeps
    // things going, and the watch is tried again after the back-off, not on every sync.
    const failures = calendar.watch_failures + 1;
    const retryAt = new Date(now.getTime() + watchRetryDelayMs(failures));
    await updateCalendar(deps.db, calendar.id, { watch_failures: failures, watch_retry_at: retryAt });
    log.warn('calendar.watch-failed', {
      calendarId: calendar.id,
      failuresInARow: failures,
      retryAt: retryAt.toISOString(),
      error: describeError(error),
    });
    return live;
  }
}

/** Renews a live watch in place; false when the provider no longer has it (make a new one). */
async function renewed(
  deps: LifecycleDeps,
  calendar: Calendar,
  session: ReturnType<typeof sessionFor>,
  provider: ReturnType<typeof kitFor>['api'],
): Promise<boolean> {
  try {
    const watch = await provider.renewWatch!(
      session,
      { id: calendar.watch_id!, resourceId: calendar.watch_resource_id ?? calendar.watch_id! },
      { ttlSeconds: WATCH_TTL_SECONDS, reauthorize: calendar.watch_reauthorize },
    );
    await updateCalendar(deps.db, calendar.id, {
      watch_expires_at: watch.expiresAt,
      watch_reauthorize: false,
      watch_failures: 0,
      watch_retry_at: null,
    });
    return true;
  } catch (error) {
    if (isProviderError(error, 'not-found', 'gone')) return false;
    throw error;
  }
}

/**
 * Starts a new channel; with `stopOld`, stops the live one it replaces once the new one exists (overlap). An expired
 * or removed channel is gone already and is not stopped: nothing is left behind to count against a provider's limit.
 */
async function replaceWatch(
  deps: LifecycleDeps,
  calendar: Calendar,
  session: ReturnType<typeof sessionFor>,
  provider: ReturnType<typeof kitFor>['api'],
  stopOld: boolean,
): Promise<void> {
  const token = newNonce();
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
    watch_reauthorize: false,
    watch_failures: 0,
    watch_retry_at: null,
  });
  if (stopOld && calendar.watch_id && calendar.watch_resource_id) {
    // A channel that could not be stopped stops by itself at its expiry (at most a week); its notifications name an
    // id no calendar has any more, and are acknowledged and ignored.
    await provider
      .stopWatch(session, { id: calendar.watch_id, resourceId: calendar.watch_resource_id })
      .catch((error: unknown) =>
        log.warn('calendar.stop-old-watch-failed', { calendarId: calendar.id, error: describeError(error) }),
      );
  }
}
