import type { Db } from './database.ts';
import type { CommitmentRow, SeriesRow } from './schema.ts';

/**
 * What the overview (GET /overview) reads: a person's 1:1 threads and, for all of them at once, their commitments,
 * next meetings, last ratings and the accounts that write their invites. Each query takes every thread's id, so the
 * page costs the same few queries however many 1:1s a manager has.
 */

/** The calendar threads in which one of `emails` is organizer or attendee (demos aside), by title. */
export async function threadsOfPeople(db: Db, emails: readonly string[]): Promise<SeriesRow[]> {
  if (emails.length === 0) return [];
  return db
    .selectFrom('series')
    .selectAll()
    .where('kind', '=', 'calendar')
    .where((eb) => eb.or([eb('organizer_email', 'in', emails), eb('attendee_email', 'in', emails)]))
    .orderBy('title')
    .orderBy('id')
    .execute();
}

/**
 * The commitments the overview counts: every open one, and those closed since `closedSince` (the follow-through
 * chart's months). Older closed ones are history the overview does not show.
 */
export async function commitmentsForOverview(
  db: Db,
  seriesIds: readonly string[],
  closedSince: Date,
): Promise<CommitmentRow[]> {
  if (seriesIds.length === 0) return [];
  return db
    .selectFrom('commitments')
    .selectAll()
    .where('series_id', 'in', seriesIds)
    .where((eb) => eb.or([eb('status', '=', 'open'), eb('closed_at', '>=', closedSince)]))
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Each thread's next meeting that takes place (not cancelled, declined by nobody) and has not ended by `now`. */
export async function nextMeetings(db: Db, seriesIds: readonly string[], now: Date) {
  if (seriesIds.length === 0) return [];
  return db
    .selectFrom('occurrences')
    .select(['series_id', 'id', 'starts_at', 'ends_at'])
    .distinctOn('series_id')
    .where('series_id', 'in', seriesIds)
    .where('status', '=', 'scheduled')
    .where('declined_by', 'is', null)
    .where('ends_at', '>', now)
    .orderBy('series_id')
    .orderBy('starts_at')
    .execute();
}

/**
 * The latest rating each person gave in each thread, as far as `viewers` may see them: their own ratings, and other
 * people's only where they shared them. Unshared ratings of anyone else are never read.
 */
export async function visibleLastRatings(db: Db, seriesIds: readonly string[], viewers: readonly string[]) {
  if (seriesIds.length === 0 || viewers.length === 0) return [];
  return db
    .selectFrom('meeting_feedback')
    .innerJoin('occurrences', 'occurrences.id', 'meeting_feedback.occurrence_id')
    .select([
      'meeting_feedback.series_id',
      'meeting_feedback.author_email',
      'meeting_feedback.rating',
      'meeting_feedback.shared',
      'occurrences.starts_at',
    ])
    .distinctOn(['meeting_feedback.series_id', 'meeting_feedback.author_email'])
    .where('meeting_feedback.series_id', 'in', seriesIds)
    .where('meeting_feedback.rating', 'is not', null)
    .where((eb) =>
      eb.or([eb('meeting_feedback.author_email', 'in', viewers), eb('meeting_feedback.shared', '=', true)]),
    )
    .orderBy('meeting_feedback.series_id')
    .orderBy('meeting_feedback.author_email')
    .orderBy('occurrences.starts_at', 'desc')
    .execute();
}

/** The accounts that write each thread's invites (through a live source), with their health. */
export async function writingAccounts(db: Db, seriesIds: readonly string[]) {
  if (seriesIds.length === 0) return [];
  return db
    .selectFrom('series_sources')
    .innerJoin('accounts', 'accounts.id', 'series_sources.account_id')
    .select([
      'series_sources.series_id',
      'accounts.id as account_id',
      'accounts.email',
      'accounts.provider',
      'accounts.status',
      'accounts.status_reason',
    ])
    .distinct()
    .where('series_sources.series_id', 'in', seriesIds)
    .where('series_sources.ended_at', 'is', null)
    .execute();
}
