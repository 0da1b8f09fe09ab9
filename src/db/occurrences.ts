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
        // Another calendar event now holds this meeting (a "this and following" split): its invite has had no write.
        block_writes: sql<number>`case when excluded.provider_instance_id is distinct from occurrences.provider_instance_id and excluded.provider_instance_id is not null then 0 else occurrences.block_writes end`,
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

/** Whether a changed occurrence is our own write coming back: the etag we stored when we wrote it. */
export async function isOwnWrite(db: Db, sourceId: string, instanceId: string, etag: string): Promise<boolean> {
  const row = await db
    .selectFrom('occurrences')
    .select('id')
    .where('source_id', '=', sourceId)
    .where('provider_instance_id', '=', instanceId)
    .where('provider_etag', '=', etag)
    .executeTakeFirst();
  return row !== undefined;
}

/** The provider series of an occurrence we recorded on an account (for a removal reported without its series). */
export async function providerSeriesOfInstance(
  db: Db,
  accountId: string,
  instanceId: string,
): Promise<string | undefined> {
  const row = await db
    .selectFrom('occurrences')
    .innerJoin('series_sources', 'series_sources.id', 'occurrences.source_id')
    .select('series_sources.provider_series_id')
    .where('series_sources.account_id', '=', accountId)
    .where('occurrences.provider_instance_id', '=', instanceId)
    .executeTakeFirst();
  return row?.provider_series_id;
}

/** Records the version of an occurrence after our write (or our check that nothing needed writing). */
export async function recordBlockWrite(
  db: Db,
  occurrenceId: string,
  write: { etag: string; blockHash: string | null; at: Date; wroteBlock: boolean },
): Promise<void> {
  await db
    .updateTable('occurrences')
    .set((eb) => ({
      provider_etag: write.etag,
      block_hash: write.blockHash,
      block_written_at: write.at,
      // The write budget counts the writes of our block (taking a block off is not counted against the meeting).
      block_writes: write.wroteBlock ? eb('block_writes', '+', 1) : eb.ref('block_writes'),
    }))
    .where('id', '=', occurrenceId)
    .execute();
}
