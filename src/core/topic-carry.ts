/**
 * Talking points carry forward: a point nobody resolved at a meeting that is over (or that did not take place)
 * appears on the next meeting that does, marked as carried, until someone resolves or removes it. Fellow does the
 * same; without it the report's topic silently drops off the agenda when the meeting ran out of time.
 */
import { hasEnded } from './occurrence-timeline.ts';
import type { OccurrenceTimes } from './types.ts';

/** A talking point as carrying needs it. */
export interface CarriableTopic {
  readonly id: string;
  readonly occurrenceId: string;
  readonly resolved: boolean;
  /** Already carried once: its copy carries it on from there, so it is never carried again. */
  readonly carried: boolean;
}

/** One topic to copy onto a later meeting. */
export interface TopicCarry {
  readonly topicId: string;
  readonly intoOccurrenceId: string;
}

/**
 * Which topics to carry, and where: each unresolved, not yet carried topic of a meeting that is over, cancelled or
 * declined goes to the earliest meeting after it that takes place and has not ended at `now`. A topic of a meeting
 * still to come stays where it is; with no meeting left to carry into, nothing moves.
 */
export function topicsToCarry(
  topics: readonly CarriableTopic[],
  occurrences: readonly OccurrenceTimes[],
  now: Date,
): TopicCarry[] {
  const byId = new Map(occurrences.map((o) => [o.id, o]));
  const ahead = occurrences
    .filter((o) => !o.cancelled && !hasEnded(o, now))
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime());
  const carries: TopicCarry[] = [];
  for (const topic of topics) {
    if (topic.resolved || topic.carried) continue;
    const from = byId.get(topic.occurrenceId);
    if (!from || !(from.cancelled || hasEnded(from, now))) continue;
    const into = ahead.find((o) => o.startsAt.getTime() > from.startsAt.getTime());
    if (into) carries.push({ topicId: topic.id, intoOccurrenceId: into.id });
  }
  return carries;
}
