/**
 * Follow-through month by month, for a small chart: of a pair's commitments, how many were done on time, done late,
 * or are overdue, in each of the last few months. The rules are follow-through.ts's (dates in the series' zone); this
 * only decides which month a commitment counts in:
 * - done: the month it was closed in (local date) — when the work was finished, on time or not;
 * - open with a due date: the month it fell due in, where it shows as overdue once that date has passed;
 * - dropped, undated open ones, and done ones with no closing time (rows older than closedAt): no month.
 */
import { followThrough } from './follow-through.ts';
import { todayIn } from './time.ts';
import type { Commitment } from './types.ts';

/** One month's bar: what was done on time, done late, and what is overdue, counted in that month. */
export interface MonthFollowThrough {
  /** The month, as YYYY-MM in the series' zone. */
  readonly month: string;
  readonly doneOnTime: number;
  readonly doneLate: number;
  readonly overdue: number;
}

/** The month (YYYY-MM) a commitment counts in, or undefined when it counts in none (see the file's comment). */
export function monthOf(commitment: Commitment, timeZone: string): string | undefined {
  if (commitment.status === 'done') {
    return commitment.closedAt === null ? undefined : todayIn(commitment.closedAt, timeZone).slice(0, 7);
  }
  if (commitment.status === 'open') return commitment.due?.slice(0, 7);
  return undefined;
}

/** The `count` months up to and including the one `today` (YYYY-MM-DD) is in, oldest first. */
export function monthsUpTo(today: string, count: number): string[] {
  const year = Number(today.slice(0, 4));
  const month = Number(today.slice(5, 7)); // 1–12
  return Array.from({ length: count }, (_, i) => {
    // Months since year 0, counted back from today's: the arithmetic crosses year ends without a date library.
    const index = year * 12 + (month - 1) - (count - 1 - i);
    return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}`;
  });
}

/**
 * The last `months` months' follow-through (the current month included, oldest first), judged as of `now` in the
 * series' zone. A month with nothing in it has zero counts, so a chart always has its bars in place.
 */
export function followThroughByMonth(
  commitments: readonly Commitment[],
  now: Date,
  timeZone: string,
  months = 3,
): MonthFollowThrough[] {
  const keys = monthsUpTo(todayIn(now, timeZone), months);
  const buckets = new Map<string, Commitment[]>(keys.map((key) => [key, []]));
  for (const commitment of commitments) {
    const month = monthOf(commitment, timeZone);
    if (month !== undefined) buckets.get(month)?.push(commitment);
  }
  return keys.map((month) => {
    // An open commitment whose due date is still ahead counts as `open` here, which the chart leaves out.
    const counts = followThrough(buckets.get(month) ?? [], now, timeZone);
    return { month, doneOnTime: counts.doneOnTime, doneLate: counts.doneLate, overdue: counts.overdue };
  });
}
