import { sql } from 'kysely';
import { type Db, inTransaction } from './database.ts';
import type { TopicRow } from './schema.ts';

/** The talking points of one occurrence, in agenda order. */
export async function listTopics(db: Db, occurrenceIds: readonly string[]): Promise<TopicRow[]> {
  if (occurrenceIds.length === 0) return [];
  return db
    .selectFrom('topics')
    .selectAll()
    .where('occurrence_id', 'in', occurrenceIds)
    .orderBy('occurrence_id')
    .orderBy('position')
    .orderBy('created_at')
    .execute();
}

/** Adds a talking point at the end of an occurrence's list. */
export async function insertTopic(
  db: Db,
  topic: { seriesId: string; occurrenceId: string; authorEmail: string | null; text: string },
): Promise<TopicRow> {
  return inTransaction(db, async (trx) => {
    // Lock the occurrence row so two people adding at once get distinct positions.
    await trx.selectFrom('occurrences').select('id').where('id', '=', topic.occurrenceId).forUpdate().execute();
    const last = await trx
      .selectFrom('topics')
      .select((eb) => eb.fn.max('position').as('max'))
      .where('occurrence_id', '=', topic.occurrenceId)
      .executeTakeFirst();
    return trx
      .insertInto('topics')
      .values({
        series_id: topic.seriesId,
        occurrence_id: topic.occurrenceId,
        author_email: topic.authorEmail,
        text: topic.text,
        position: (last?.max ?? -1) + 1,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
  });
}

/** One talking point of one series; undefined when the id belongs to another series. */
export async function findTopicInSeries(db: Db, seriesId: string, topicId: string): Promise<TopicRow | undefined> {
  return db
    .selectFrom('topics')
    .selectAll()
    .where('series_id', '=', seriesId)
    .where('id', '=', topicId)
    .executeTakeFirst();
}

/**
 * Edits a talking point: its text, whether it is resolved, and its place in the list (0-based; the others shift).
 * All in one transaction, so a reorder never leaves two topics at one position.
 */
export async function updateTopic(
  db: Db,
  topic: TopicRow,
  patch: { text?: string; resolved?: boolean; position?: number },
  now: Date,
): Promise<TopicRow> {
  return inTransaction(db, async (trx) => {
    if (patch.text !== undefined || patch.resolved !== undefined) {
      await trx
        .updateTable('topics')
        .set({
          ...(patch.text !== undefined ? { text: patch.text } : {}),
          ...(patch.resolved !== undefined ? { resolved_at: patch.resolved ? (topic.resolved_at ?? now) : null } : {}),
          updated_at: sql<Date>`now()`,
        })
        .where('id', '=', topic.id)
        .execute();
    }
    if (patch.position !== undefined) {
      const order = (await lockedOrder(trx, topic.occurrence_id)).filter((id) => id !== topic.id);
      const at = Math.max(0, Math.min(patch.position, order.length));
      order.splice(at, 0, topic.id);
      await renumber(trx, order);
    }
    return trx.selectFrom('topics').selectAll().where('id', '=', topic.id).executeTakeFirstOrThrow();
  });
}

/** Deletes a talking point and closes the gap it leaves, so positions stay 0, 1, 2… for the "move to" choice. */
export async function deleteTopic(db: Db, topic: TopicRow): Promise<void> {
  await inTransaction(db, async (trx) => {
    const order = (await lockedOrder(trx, topic.occurrence_id)).filter((id) => id !== topic.id);
    await trx.deleteFrom('topics').where('id', '=', topic.id).execute();
    await renumber(trx, order);
  });
}

/** A meeting's topic ids in agenda order, their rows locked until the transaction ends. */
async function lockedOrder(trx: Db, occurrenceId: string): Promise<string[]> {
  const rows = await trx
    .selectFrom('topics')
    .select(['id'])
    .where('occurrence_id', '=', occurrenceId)
    .orderBy('position')
    .orderBy('created_at')
    .forUpdate()
    .execute();
  return rows.map((row) => row.id);
}

/** Gives each id its index as position, touching only the rows whose place changed. */
async function renumber(trx: Db, order: readonly string[]): Promise<void> {
  for (const [position, id] of order.entries()) {
    await trx.updateTable('topics').set({ position }).where('id', '=', id).where('position', '!=', position).execute();
  }
}
