/**
 * Follow-through: did the pair do what they said, by when they said. Due dates are calendar dates in the series' zone,
 * so "late" is judged by the local date a commitment was closed on, not by instants.
 */
import { isOverdue } from './carry-over.ts';
import { todayIn } from './time.ts';
import type { Commitment, FollowThrough } from './types.ts';

type Outcome = 'doneOnTime' | 'doneLate' | 'open' | 'overdue' | 'dropped';

function outcomeOf(commitment: Commitment, now: Date, timeZone: string): Outcome {
  switch (commitment.status) {
    case 'dropped':
      return 'dropped';
    case 'open':
      return isOverdue(commitment, timeZone, now) ? 'overdue' : 'open';
    case 'done':
      // No due date means nothing to be late for; a done commitment without a closing time (rows from before
      // closedAt was recorded) gets the benefit of the doubt.
      if (commitment.due === null || commitment.closedAt === null) return 'doneOnTime';
      return todayIn(commitment.closedAt, timeZone) <= commitment.due ? 'doneOnTime' : 'doneLate';
  }
}

/** Counts of each outcome and the on-time rate over everything that has come due (done, or open past due). */
export function followThrough(commitments: readonly Commitment[], now: Date, timeZone: string): FollowThrough {
  const counts: Record<Outcome, number> = { doneOnTime: 0, doneLate: 0, open: 0, overdue: 0, dropped: 0 };
  for (const commitment of commitments) counts[outcomeOf(commitment, now, timeZone)] += 1;
  const judged = counts.doneOnTime + counts.doneLate + counts.overdue;
  return { total: commitments.length, ...counts, onTimeRate: judged === 0 ? null : counts.doneOnTime / judged };
}
