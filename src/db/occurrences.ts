import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { NewOccurrence, OccurrenceRow } from './schema.ts';

/**
 * Records an occurrence, or updates its times and status when it is already known: an occurrence is identified
 * within its series by its original start, which stays the same when the meeting is moved. An occurrence belongs to
 * the source that lists it: when a "this and following" split at the same time of day lists a meeting the old
 * series had, the new series takes it over (and the old series' clean-up no longer touches it).
 */
export async function upsertOccurrence(db: Db, occurrence: NewOccurrence): Promise<OccurrenceRow> {
  return db
    .insertInto('occurrences')
    .values(occurrence)
    .onConflict((oc) =>
      oc.columns(['series_id', 'original_start']).doUpdateSet((eb) => ({
        starts_at: eb.ref('excluded.starts_at'),
        ends_at: eb.ref('excluded.ends_at'),
        status: eb.ref('excluded.status'),
        source_id: eb.fn.coalesce(eb.ref('excluded.source_id'), eb.ref('occurrences.source_id')),
        provider_instance_id: eb.fn.coalesce(
          eb.ref('excluded.provider_instance_id'),
          eb.ref('occurrences.provider_instance_id'),
        ),
        declined_by: eb.ref('excluded.declined_by'),
        updated_at: sql<Date>`now()`,
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Every occurrence of a series, earliest first. */
export async function listOccurrences(db: Db, seriesId: string): Promise<OccurrenceRow[]> {
  return db
    .selectFrom('occurrences')
    .selectAll()
    .where('series_id', '=', seriesId)
    .orderBy('starts_at')
    .orderBy('id')
    .execute();
}

/** One occurrence of one series; undefined when the id belongs to another series (never cross pairs). */
export async function findOccurrenceInSeries(
  db: Db,
  seriesId: string,
  occurrenceId: string,
): Promise<OccurrenceRow | undefined> {
  return db
    .selectFrom('occurrences')
    .selectAll()
    .where('series_id', '=', seriesId)
    .where('id', '=', occurrenceId)
    .executeTakeFirst();
}

/** Cancels a thread's meetings that have not started (the thread ended: its people changed). */
export async function cancelFutureOccurrences(db: Db, seriesId: string, after: Date): Promise<void> {
  await db
    .updateTable('occurrences')
    .set({ status: 'cancelled', updated_at: sql<Date>`now()` })
    .where('series_id', '=', seriesId)
    .where('status', '=', 'scheduled')
    .where('starts_at', '>', after)
    .execute();
}

/** One occurrence by id. */
export async function findOccurrence(db: Db, id: string): Promise<OccurrenceRow | undefined> {
  return db.selectFrom('occurrences').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Marks as cancelled the meetings of a source the provider no longer lists: those up to `through` (the last one
 * listed), or every later one when `through` is undefined (the listing was complete).
 */
export async function cancelUnlisted(
  db: Db,
  sourceId: string,
  listed: readonly Date[],
  now: Date,
  through: Date | undefined,
): Promise<void> {
  const known = await db
    .selectFrom('occurrences')
    .select(['id', 'original_start'])
    .where('source_id', '=', sourceId)
    .where('status', '=', 'scheduled')
    .where('ends_at', '>', now)
    .$if(through !== undefined, (qb) => qb.where('original_start', '<=', through!))
    .execute();
  const keep = new Set(listed.map((at) => at.getTime()));
  const vanished = known.filter((row) => !keep.has(row.original_start.getTime())).map((row) => row.id);
  if (vanished.length === 0) return;
  await db.updateTable('occurrences').set({ status: 'cancelled' }).where('id', 'in', vanished).execute();
}
