import { type Db, inTransaction } from './database.ts';
import type { TopicRow } from './schema.ts';

/** A series' talking points that are open and were never carried: the only ones carrying looks at. */
export async function uncarriedOpenTopics(db: Db, seriesId: string): Promise<Pick<TopicRow, 'id' | 'occurrence_id'>[]> {
  return db
    .selectFrom('topics')
    .select(['id', 'occurrence_id'])
    .where('series_id', '=', seriesId)
    .where('resolved_at', 'is', null)
    .where('carried_at', 'is', null)
    .orderBy('created_at')
    .execute();
}

/**
 * Copies an open talking point onto a later meeting, at the end of its list, and marks the original carried — in one
 * transaction, guarded on the original still being open and uncarried, so two instances carrying at once (or a
 * retried job) make one copy. Returns the copy, or undefined when there was nothing (left) to carry.
 */
export async function carryTopic(
  db: Db,
  topicId: string,
  intoOccurrenceId: string,
  now: Date,
): Promise<TopicRow | undefined> {
  return inTransaction(db, async (trx) => {
    const original = await trx
      .updateTable('topics')
      .set({ carried_at: now })
      .where('id', '=', topicId)
      .where('carried_at', 'is', null)
      .where('resolved_at', 'is', null)
      .returningAll()
      .executeTakeFirst();
    if (!original) return undefined;
    // Lock the meeting's row as adding a topic does, so a carried topic and a new one never share a position.
    await trx.selectFrom('occurrences').select('id').where('id', '=', intoOccurrenceId).forUpdate().execute();
    const last = await trx
      .selectFrom('topics')
      .select((eb) => eb.fn.max('position').as('max'))
      .where('occurrence_id', '=', intoOccurrenceId)
      .executeTakeFirst();
    return trx
      .insertInto('topics')
      .values({
        series_id: original.series_id,
        occurrence_id: intoOccurrenceId,
        author_email: original.author_email,
        text: original.text,
        position: (last?.max ?? -1) + 1,
        carried_from_topic_id: original.id,
      })
      .returningAll()
      .executeTakeFirst();
  });
}

/**
 * For the carried topics among `topics`: the meeting each one's original belongs to, by the original's id. One
 * lookup for the originals not already in `topics` (a meeting older than the history shown).
 */
export async function carriedSources(
  db: Db,
  topics: readonly Pick<TopicRow, 'id' | 'occurrence_id' | 'carried_from_topic_id'>[],
): Promise<Map<string, string>> {
  const known = new Map(topics.map((t) => [t.id, t.occurrence_id]));
  const sources = new Map<string, string>();
  const missing: string[] = [];
  for (const { carried_from_topic_id: from } of topics) {
    if (from === null) continue;
    const occurrenceId = known.get(from);
    if (occurrenceId) sources.set(from, occurrenceId);
    else missing.push(from);
  }
  if (missing.length > 0) {
    const rows = await db.selectFrom('topics').select(['id', 'occurrence_id']).where('id', 'in', missing).execute();
    for (const row of rows) sources.set(row.id, row.occurrence_id);
  }
  return sources;
}
