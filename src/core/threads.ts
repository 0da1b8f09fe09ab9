/**
 * Which 1:1 thread a calendar series belongs to. A thread is one pair of people and one shared history. Distinct
 * recurring series between the same two people are distinct 1:1s (a weekly 1:1 and a monthly career chat run side
 * by side), unless one continues the other: a "this and following" split, or a series re-created after the old one
 * ended. The test is time, not titles: a new series continues a thread of the same two people only when every
 * series of that thread is over by the new series' first meeting. Two series that overlap in time are two 1:1s.
 */

/** What is known about when one calendar series of a thread runs. */
export interface SeriesSpan {
  /** No longer followed (deleted, moved away, no longer a 1:1): it holds no future meetings for this thread. */
  readonly ended: boolean;
  /** No meeting starts after this (the recurrence's UNTIL or end date); null when open-ended or bound by a count. */
  readonly recurrenceEndsAt: Date | null;
  /** The end of its last meeting, known once the provider listed all that remain; null while more may follow. */
  readonly lastEndsAt: Date | null;
}

/** A thread of the same two people that a new series might continue. */
export interface ThreadCandidate {
  readonly id: string;
  /** When the thread last had a meeting (or was created): the most recent thread is continued first. */
  readonly lastActivity: Date;
  readonly spans: readonly SeriesSpan[];
}

/** Whether a series holds no meeting that starts at or after `at`. */
export function isOverBy(span: SeriesSpan, at: Date): boolean {
  if (span.ended) return true;
  if (span.recurrenceEndsAt !== null && span.recurrenceEndsAt.getTime() < at.getTime()) return true;
  return span.lastEndsAt !== null && span.lastEndsAt.getTime() <= at.getTime();
}

/**
 * The thread a series whose first meeting is at `firstStart` continues: the most recently active thread of the same
 * two people whose every series is over by then. Undefined: the series is a 1:1 of its own.
 */
export function threadToContinue<T extends ThreadCandidate>(candidates: readonly T[], firstStart: Date): T | undefined {
  return candidates
    .filter((thread) => thread.spans.every((span) => isOverBy(span, firstStart)))
    .sort((a, b) => b.lastActivity.getTime() - a.lastActivity.getTime() || (a.id < b.id ? -1 : 1))[0];
}

/** Whether two pairs are the same two people (whoever organizes). */
export function samePeople(a: readonly [string, string], b: readonly [string, string]): boolean {
  return (a[0] === b[0] && a[1] === b[1]) || (a[0] === b[1] && a[1] === b[0]);
}
