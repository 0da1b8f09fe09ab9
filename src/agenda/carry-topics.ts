import { topicsToCarry } from '../core/topic-carry.ts';
import type { Db } from '../db/database.ts';
import { listOccurrences } from '../db/occurrences.ts';
import { carryTopic, uncarriedOpenTopics } from '../db/topic-carry.ts';
import { toOccurrenceTimes } from './mappers.ts';

/**
 * Carries a series' unresolved talking points from meetings that are over (or did not take place) onto the next
 * meeting that does (src/core/topic-carry.ts). Safe to run any number of times: each topic is carried once, and its
 * copy carries it on. Returns how many topics were carried.
 */
export async function carryTopicsForward(db: Db, seriesId: string, now: Date): Promise<number> {
  const [topics, occurrences] = await Promise.all([uncarriedOpenTopics(db, seriesId), listOccurrences(db, seriesId)]);
  if (topics.length === 0) return 0;
  const plan = topicsToCarry(
    topics.map((t) => ({ id: t.id, occurrenceId: t.occurrence_id, resolved: false, carried: false })),
    occurrences.map(toOccurrenceTimes),
    now,
  );
  let carried = 0;
  for (const { topicId, intoOccurrenceId } of plan) {
    if (await carryTopic(db, topicId, intoOccurrenceId, now)) carried++;
  }
  return carried;
}
