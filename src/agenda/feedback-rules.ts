import { type FeedbackAuthor, type FeedbackQuestion, questionByKey, questionFor } from '../core/feedback-questions.ts';
import type { FeedbackReader } from '../db/meeting-feedback.ts';
import type { OccurrenceRow, SeriesRow } from '../db/schema.ts';
import { participantNames } from './mappers.ts';
import type { AgendaProblem } from './outcome.ts';

/**
 * Who is asked what about which meeting, shared by saving feedback and showing it: a meeting can be rated once it
 * has ended, if it took place; each of the two people is asked the question of their bank that the meeting's place in
 * the thread picks.
 */

/** Which bank a person answers from: the organizer is taken to be the manager, the attendee the report. */
export function feedbackAuthor(series: SeriesRow, email: string): FeedbackAuthor {
  return email === series.organizer_email ? 'manager' : 'report';
}

/** The reader of a thread's feedback: one of its two people, and the other one. */
export function readerOf(series: SeriesRow, viewerEmail: string): FeedbackReader {
  const other = viewerEmail === series.organizer_email ? series.attendee_email : series.organizer_email;
  return { viewer: viewerEmail, other };
}

/** A person's name as the thread shows it. */
export function nameIn(series: SeriesRow, email: string): string {
  return participantNames(series).get(email) ?? email;
}

/**
 * The question `email` is asked about `occurrence`: the one stored with their answer when there is one (so a saved
 * answer keeps its question), else the one the meeting's 0-based place among the thread's meetings picks.
 */
export function questionOf(
  series: SeriesRow,
  rows: readonly OccurrenceRow[],
  occurrence: OccurrenceRow,
  email: string,
  storedKey?: string | null,
): FeedbackQuestion {
  const otherName = nameIn(series, readerOf(series, email).other);
  const stored = storedKey ? questionByKey(storedKey, otherName) : undefined;
  if (stored) return stored;
  const ordinal = Math.max(
    0,
    rows.findIndex((row) => row.id === occurrence.id),
  );
  return questionFor(feedbackAuthor(series, email), ordinal, otherName);
}

/** A meeting that cannot be rated: a conflict with what the calendar says of it (`not_ended`, `not_held`). */
export type Unratable = Extract<AgendaProblem, { kind: 'conflict' }>;

/** Why a meeting cannot be rated (yet): it has not ended, or it did not take place; undefined when it can. */
export function unratable(occurrence: OccurrenceRow, now: Date): Unratable | undefined {
  if (occurrence.status === 'cancelled') {
    return { kind: 'conflict', code: 'not_held', message: 'This meeting was cancelled, so there is nothing to rate.' };
  }
  if (occurrence.declined_by !== null) {
    return {
      kind: 'conflict',
      code: 'not_held',
      message: 'This meeting was declined and did not take place, so there is nothing to rate.',
    };
  }
  if (occurrence.ends_at > now) {
    return {
      kind: 'conflict',
      code: 'not_ended',
      message: 'This meeting has not ended yet: rate it once it is over.',
    };
  }
  return undefined;
}
