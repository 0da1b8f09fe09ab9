/**
 * Which commitments an occurrence shows. A commitment belongs to the meeting *after* the one it was made at: it is
 * carried into every later occurrence until it is closed, and the agenda reviews what got closed since last time.
 */
import { previousOf } from './occurrence-timeline.ts';
import { todayIn } from './time.ts';
import type { CarriedCommitment, Commitment, CommitmentReview, OccurrenceTimes } from './types.ts';

type Target = Pick<OccurrenceTimes, 'id' | 'startsAt'>;

/**
 * Whether the commitment existed before `target` began. The occurrence it was made at decides — even a cancelled one,
 * whose planned start still places it in time. An id we no longer know (the occurrence was purged) falls back to when
 * the commitment was created.
 */
function madeBefore(commitment: Commitment, target: Target, startsById: ReadonlyMap<string, Date>): boolean {
  const madeAtId = commitment.madeAtOccurrenceId;
  if (madeAtId === null) return true;
  if (madeAtId === target.id) return false;
  const madeAtStart = startsById.get(madeAtId) ?? commitment.createdAt;
  return madeAtStart.getTime() < target.startsAt.getTime();
}

function startsById(occurrences: readonly OccurrenceTimes[]): ReadonlyMap<string, Date> {
  return new Map(occurrences.map((o) => [o.id, o.startsAt]));
}

/** Whether an open commitment is past its due date, judged by the calendar date in the series' zone. */
export function isOverdue(commitment: Commitment, timeZone: string, now: Date): boolean {
  return commitment.status === 'open' && commitment.due !== null && commitment.due < todayIn(now, timeZone);
}

/** Earliest due first, undated last, then oldest first; the id keeps equal ones in a stable order. */
function byDueThenCreated(a: Commitment, b: Commitment): number {
  if (a.due !== b.due) {
    if (a.due === null) return 1;
    if (b.due === null) return -1;
    return a.due < b.due ? -1 : 1;
  }
  return a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The open commitments carried into `target`, earliest due first, each marked overdue or not as of `now`. */
export function carriedInto(
  commitments: readonly Commitment[],
  target: Target,
  occurrences: readonly OccurrenceTimes[],
  timeZone: string,
  now: Date,
): CarriedCommitment[] {
  const starts = startsById(occurrences);
  return commitments
    .filter((c) => c.status === 'open' && madeBefore(c, target, starts))
    .sort(byDueThenCreated)
    .map((commitment) => ({ commitment, overdue: isOverdue(commitment, timeZone, now) }));
}

/**
 * What `target`'s agenda reviews: the commitments still open, and those made before it that were closed at or after
 * the previous occurrence started (all of them when there was no previous occurrence), oldest closure first.
 */
export function reviewFor(
  commitments: readonly Commitment[],
  target: Target,
  occurrences: readonly OccurrenceTimes[],
  timeZone: string,
  now: Date,
): CommitmentReview {
  const starts = startsById(occurrences);
  const since = previousOf(occurrences, target)?.startsAt.getTime() ?? Number.NEGATIVE_INFINITY;
  const closedSinceLast = commitments
    .filter(
      (c) =>
        c.status !== 'open' && c.closedAt !== null && c.closedAt.getTime() >= since && madeBefore(c, target, starts),
    )
    .sort((a, b) => (a.closedAt?.getTime() ?? 0) - (b.closedAt?.getTime() ?? 0) || byDueThenCreated(a, b));
  return { open: carriedInto(commitments, target, occurrences, timeZone, now), closedSinceLast };
}

/** The next steps recorded at one occurrence, in the order they were written down. */
export function madeAt(commitments: readonly Commitment[], occurrenceId: string): Commitment[] {
  return commitments
    .filter((c) => c.madeAtOccurrenceId === occurrenceId)
    .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
