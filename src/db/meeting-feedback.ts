import { type ExpressionBuilder, sql } from 'kysely';
import type { Db } from './database.ts';
import type { Database, MeetingFeedbackRow } from './schema.ts';

/**
 * Each person's rating of a meeting and answer to its question (answers are sealed by the caller). A row is its
 * author's; the other person of the 1:1 may read it only once the author shared it. The reads below take the viewer
 * and the other person and return only what the viewer may see, so an unshared row of the other person never leaves
 * the database, and nobody else's row ever does (a person who is no longer of the pair shared nothing with the viewer).
 */

/** Who is reading, and the other person of the 1:1 (whose shared feedback they may read). */
export interface FeedbackReader {
  readonly viewer: string;
  readonly other: string;
}

/** What one person says about one meeting, ready to store (`answerSealed` already encrypted, or null). */
export interface FeedbackWrite {
  readonly seriesId: string;
  readonly occurrenceId: string;
  readonly authorEmail: string;
  readonly rating: number | null;
  readonly questionKey: string;
  readonly answerSealed: string | null;
  readonly shared: boolean;
}

/** Saves (creates or replaces) a person's feedback on a meeting: one row per meeting and author. */
export async function upsertFeedback(db: Db, feedback: FeedbackWrite): Promise<MeetingFeedbackRow> {
  const values = {
    rating: feedback.rating,
    question_key: feedback.questionKey,
    answer_sealed: feedback.answerSealed,
    shared: feedback.shared,
  };
  return db
    .insertInto('meeting_feedback')
    .values({
      series_id: feedback.seriesId,
      occurrence_id: feedback.occurrenceId,
      author_email: feedback.authorEmail,
      ...values,
    })
    .onConflict((oc) =>
      oc.columns(['occurrence_id', 'author_email']).doUpdateSet({ ...values, updated_at: sql<Date>`now()` }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The feedback on one meeting the reader may read: their own, and the other person's if shared. */
export async function feedbackOnMeeting(
  db: Db,
  occurrenceId: string,
  reader: FeedbackReader,
): Promise<MeetingFeedbackRow[]> {
  return db
    .selectFrom('meeting_feedback')
    .selectAll()
    .where('occurrence_id', '=', occurrenceId)
    .where((eb) => visibleTo(eb, reader))
    .execute();
}

/** A rating in a thread's trend: whose, on which meeting (answers are not read for a trend). */
export type RatingRow = Pick<MeetingFeedbackRow, 'occurrence_id' | 'author_email' | 'rating'>;

/** The ratings of a thread the reader may see: their own, and the other person's shared ones. */
export async function ratingsInSeries(db: Db, seriesId: string, reader: FeedbackReader): Promise<RatingRow[]> {
  return db
    .selectFrom('meeting_feedback')
    .select(['occurrence_id', 'author_email', 'rating'])
    .where('series_id', '=', seriesId)
    .where('rating', 'is not', null)
    .where((eb) => visibleTo(eb, reader))
    .execute();
}

function visibleTo(eb: ExpressionBuilder<Database, 'meeting_feedback'>, reader: FeedbackReader) {
  return eb.or([
    eb('author_email', '=', reader.viewer),
    eb.and([eb('author_email', '=', reader.other), eb('shared', '=', true)]),
  ]);
}

/** Every feedback row of a thread the reader may read (answers included, still sealed): for their export. */
export async function feedbackInSeries(
  db: Db,
  seriesId: string,
  reader: FeedbackReader,
): Promise<MeetingFeedbackRow[]> {
  return db
    .selectFrom('meeting_feedback')
    .selectAll()
    .where('series_id', '=', seriesId)
    .where((eb) => visibleTo(eb, reader))
    .orderBy('created_at')
    .execute();
}
