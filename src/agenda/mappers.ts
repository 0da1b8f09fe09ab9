import { displayName } from '../core/people.ts';
import { formatShortDate } from '../core/time.ts';
import type { Commitment, OccurrenceTimes } from '../core/types.ts';
import type { CommitmentRow, OccurrenceRow, SeriesRow, TopicRow } from '../db/schema.ts';

/** A commitment row as the core sees it. */
export function toCommitment(row: CommitmentRow): Commitment {
  return {
    id: row.id,
    seriesId: row.series_id,
    text: row.text,
    owner: row.owner_email,
    due: row.due_date,
    status: row.status,
    madeAtOccurrenceId: row.made_at_occurrence_id,
    createdAt: row.created_at,
    closedAt: row.closed_at,
  };
}

/**
 * An occurrence row as the core's timeline sees it. A meeting either person declined does not take place, exactly
 * like a cancelled one: it is never "the next meeting", gets no prompt and carries nothing.
 */
export function toOccurrenceTimes(row: OccurrenceRow): OccurrenceTimes {
  return {
    id: row.id,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    cancelled: row.status === 'cancelled' || row.declined_by !== null,
  };
}

/** The two people's display names by email (made from their address where the calendar gave no name). */
export function participantNames(
  series: Pick<SeriesRow, 'organizer_email' | 'organizer_name' | 'attendee_email' | 'attendee_name'>,
): ReadonlyMap<string, string> {
  return new Map([
    [series.organizer_email, displayName({ email: series.organizer_email, name: series.organizer_name ?? undefined })],
    [series.attendee_email, displayName({ email: series.attendee_email, name: series.attendee_name ?? undefined })],
  ]);
}

/**
 * A commitment as an invite or an email lists it: its owner by name, its due date as people read it ("Fri 11 Dec",
 * relative to `today` in the series' zone), and whether it is overdue.
 */
export function commitmentLine(
  commitment: Commitment,
  overdue: boolean,
  names: ReadonlyMap<string, string>,
  today: string,
): { text: string; ownerName: string; due: string | null; overdue: boolean } {
  return {
    text: commitment.text,
    ownerName: names.get(commitment.owner) ?? commitment.owner,
    due: commitment.due === null ? null : formatShortDate(commitment.due, today),
    overdue,
  };
}

/** A talking point as an email lists it: its author by name (null when nobody said), and whether it was resolved. */
export function topicLine(
  topic: Pick<TopicRow, 'text' | 'author_email' | 'resolved_at'>,
  names: ReadonlyMap<string, string>,
): { text: string; authorName: string | null; resolved: boolean } {
  return {
    text: topic.text,
    authorName: topic.author_email ? (names.get(topic.author_email) ?? null) : null,
    resolved: topic.resolved_at !== null,
  };
}
