import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { NewOccurrence, OccurrenceRow } from './schema.ts';

/**
 * Records an occurrence, or updates its times and status when it is already known: an occurrence is identified
 * within its series by its original start, which stays the same when the meeting is moved.
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
