/**
 * Where "now" sits among a series' occurrences: which meeting is on, which comes next, which came before. Cancelled
 * occurrences never take place, so none of these answers is ever a cancelled one.
 */
import type { OccurrenceTimes } from './types.ts';

/** Occurrences that take place, earliest first (ties by id, so answers do not depend on input order). */
function heldInOrder(occurrences: readonly OccurrenceTimes[]): OccurrenceTimes[] {
  return occurrences
    .filter((o) => !o.cancelled)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime() || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Whether the occurrence is over at `now` (its end instant counts as over). */
export function hasEnded(occurrence: OccurrenceTimes, now: Date): boolean {
  return now.getTime() >= occurrence.endsAt.getTime();
}

/** Whether the occurrence has started and not yet ended at `now`. */
export function isInProgress(occurrence: OccurrenceTimes, now: Date): boolean {
  return occurrence.startsAt.getTime() <= now.getTime() && !hasEnded(occurrence, now);
}

/** The occurrence under way at `now`; when two overlap (a moved meeting), the one that started first. */
export function inProgress(occurrences: readonly OccurrenceTimes[], now: Date): OccurrenceTimes | undefined {
  return heldInOrder(occurrences).find((o) => isInProgress(o, now));
}

/** The earliest occurrence that has not ended at `now`; one in progress counts. */
export function nextOccurrence(occurrences: readonly OccurrenceTimes[], now: Date): OccurrenceTimes | undefined {
  return heldInOrder(occurrences).find((o) => !hasEnded(o, now));
}

/** The most recent occurrence that has started by `now` (in progress or ended). */
export function latestStarted(occurrences: readonly OccurrenceTimes[], now: Date): OccurrenceTimes | undefined {
  return heldInOrder(occurrences).findLast((o) => o.startsAt.getTime() <= now.getTime());
}

/** The occurrence an agenda page should open on: the one under way, else the next, else the last one held. */
export function focusOccurrence(occurrences: readonly OccurrenceTimes[], now: Date): OccurrenceTimes | undefined {
  // "Next" already answers with the meeting under way: it is the earliest one that has not ended.
  return nextOccurrence(occurrences, now) ?? latestStarted(occurrences, now);
}

/** The latest occurrence that started before `target` started — the "last time" of `target`. */
export function previousOf(
  occurrences: readonly OccurrenceTimes[],
  target: Pick<OccurrenceTimes, 'id' | 'startsAt'>,
): OccurrenceTimes | undefined {
  return heldInOrder(occurrences).findLast(
    (o) => o.id !== target.id && o.startsAt.getTime() < target.startsAt.getTime(),
  );
}
