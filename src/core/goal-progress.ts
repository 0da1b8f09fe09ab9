/**
 * Development goals, the rules without I/O: how far a goal has come, whether it is overdue, which meeting proposes a
 * goals check-in, and which of a goal's changes belong to which meeting of the history.
 */
import type { OccurrenceTimes } from './types.ts';

/** What can happen to a goal; each change is one entry in its record (`goal_events.kind`). */
export const GOAL_EVENT_KINDS = [
  'created',
  'edited',
  'status',
  'milestone-added',
  'milestone-edited',
  'milestone-done',
  'milestone-reopened',
  'milestone-removed',
] as const;

export type GoalEventKind = (typeof GOAL_EVENT_KINDS)[number];

/** Whether a stored kind is one this code knows (the column is plain text). */
export function isGoalEventKind(kind: string): kind is GoalEventKind {
  return (GOAL_EVENT_KINDS as readonly string[]).includes(kind);
}

/** Milestones done out of all of them. */
export interface GoalProgress {
  readonly done: number;
  readonly total: number;
}

/** How many of a goal's milestones are done. */
export function goalProgress(milestones: readonly { readonly done: boolean }[]): GoalProgress {
  return { done: milestones.filter((m) => m.done).length, total: milestones.length };
}

/**
 * Whether a date has passed while the thing is still open: judged against `today` (YYYY-MM-DD in the series' zone),
 * so a target of today is not overdue yet — as for commitments.
 */
export function isPastDate(date: string | null, open: boolean, today: string): boolean {
  return open && date !== null && date < today;
}

/** The first milestone not yet done, in the goal's order; undefined when all are done (or there are none). */
export function nextMilestone<M extends { readonly done: boolean; readonly position: number }>(
  milestones: readonly M[],
): M | undefined {
  return [...milestones].sort((a, b) => a.position - b.position).find((m) => !m.done);
}

/** Meetings that take place (not cancelled, not declined), earliest first; ties by id so the order is stable. */
function held(occurrences: readonly OccurrenceTimes[]): OccurrenceTimes[] {
  return occurrences
    .filter((o) => !o.cancelled)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** The 1-based place of a meeting among the thread's meetings that take place; undefined when it does not take place. */
export function meetingOrdinal(occurrences: readonly OccurrenceTimes[], occurrenceId: string): number | undefined {
  const index = held(occurrences).findIndex((o) => o.id === occurrenceId);
  return index < 0 ? undefined : index + 1;
}

/**
 * Whether the meeting is a goals check-in: every `every`-th meeting that takes place (the 4th, 8th, … by default),
 * never when `every` is 0 (turned off). Counting only meetings held keeps a cancelled week from moving the
 * check-in onto a meeting nobody attends.
 *
 * @example isCheckInDue(8, 4) // true
 */
export function isCheckInDue(ordinal: number | undefined, every: number): boolean {
  return ordinal !== undefined && every > 0 && ordinal % every === 0;
}

/** Whether the meeting `occurrenceId` of this thread proposes a goals check-in. */
export function proposesCheckIn(occurrences: readonly OccurrenceTimes[], occurrenceId: string, every: number): boolean {
  return isCheckInDue(meetingOrdinal(occurrences, occurrenceId), every);
}

/**
 * Which of the held meetings each change belongs to: a change made after one meeting ended and up to the end of the
 * next is that next meeting's (what moved "since last time", including during it). Only meetings that have ended by
 * `now` get changes; ones made since the last meeting ended belong to none yet. Returns occurrence id → changes, in
 * the order given.
 */
export function changesByMeeting<E extends { readonly at: Date }>(
  occurrences: readonly OccurrenceTimes[],
  changes: readonly E[],
  now: Date,
): ReadonlyMap<string, readonly E[]> {
  const byMeeting = new Map<string, E[]>();
  let after = Number.NEGATIVE_INFINITY;
  for (const meeting of held(occurrences)) {
    const until = meeting.endsAt.getTime();
    if (until > now.getTime()) break;
    const from = after;
    const own = changes.filter((change) => change.at.getTime() > from && change.at.getTime() <= until);
    if (own.length > 0) byMeeting.set(meeting.id, own);
    after = Math.max(after, until);
  }
  return byMeeting;
}
