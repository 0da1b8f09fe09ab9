import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { Provider } from './schema.ts';

/** A provider series of an account, if Carryover knows it. */
export async function findSource(db: Db, provider: Provider, accountId: string, providerSeriesId: string) {
  return db
    .selectFrom('series_sources')
    .selectAll()
    .where('provider', '=', provider)
    .where('account_id', '=', accountId)
    .where('provider_series_id', '=', providerSeriesId)
    .executeTakeFirst();
}

/** One source by id, with its series. */
export async function findSourceWithSeries(db: Db, sourceId: string) {
  return db
    .selectFrom('series_sources')
    .innerJoin('series', 'series.id', 'series_sources.series_id')
    .selectAll('series_sources')
    .select(['series.status as series_status', 'series.time_zone as time_zone'])
    .where('series_sources.id', '=', sourceId)
    .executeTakeFirst();
}

/** The thread a provider iCalUID already feeds (the same meeting seen from a new organizer's calendar). */
export async function seriesIdByICalUid(db: Db, iCalUid: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('series_sources')
    .select('series_id')
    .where('ical_uid', '=', iCalUid)
    .orderBy('updated_at', 'desc')
    .executeTakeFirst();
  return row?.series_id;
}

/** The live sources of a thread on one account (to check them with the provider before deciding on a thread). */
export async function liveSourcesOnAccount(db: Db, seriesIds: readonly string[], accountId: string) {
  if (seriesIds.length === 0) return [];
  return db
    .selectFrom('series_sources')
    .selectAll()
    .where('series_id', 'in', seriesIds)
    .where('account_id', '=', accountId)
    .where('ended_at', 'is', null)
    .execute();
}

/** Updates what is known about when a source's series runs (its recurrence may have been cut short). */
export async function updateSourceBounds(
  db: Db,
  sourceId: string,
  bounds: { firstStart: Date | null; recurrenceEndsAt: Date | null },
): Promise<void> {
  await db
    .updateTable('series_sources')
    .set({
      first_start: bounds.firstStart,
      recurrence_ends_at: bounds.recurrenceEndsAt,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', sourceId)
    .execute();
}

/** Records that the provider listed every remaining meeting of a source: the last ends at `at` (null: more follow). */
export async function setLastEnds(db: Db, sourceId: string, at: Date | null): Promise<void> {
  await db.updateTable('series_sources').set({ last_ends_at: at }).where('id', '=', sourceId).execute();
}

/** Ends every live source of a thread but one (the thread stopped: its people changed). */
export async function endOtherSources(db: Db, seriesId: string, keepSourceId: string | null, at: Date) {
  await db
    .updateTable('series_sources')
    .set({ ended_at: at, updated_at: sql<Date>`now()` })
    .where('series_id', '=', seriesId)
    .where('ended_at', 'is', null)
    .$if(keepSourceId !== null, (qb) => qb.where('id', '!=', keepSourceId!))
    .execute();
}

/** The live (not ended) sources of a series. */
export async function liveSources(db: Db, seriesId: string) {
  return db
    .selectFrom('series_sources')
    .selectAll()
    .where('series_id', '=', seriesId)
    .where('ended_at', 'is', null)
    .execute();
}

/** The live sources an account writes through, with their 1:1's title and zone: what a disconnect lets go of. */
export async function releasableSources(db: Db, accountId: string) {
  return db
    .selectFrom('series_sources')
    .innerJoin('series', 'series.id', 'series_sources.series_id')
    .selectAll('series_sources')
    .select(['series.title as series_title', 'series.time_zone as time_zone'])
    .where('series_sources.account_id', '=', accountId)
    .where('series_sources.ended_at', 'is', null)
    .orderBy('series_sources.created_at')
    .execute();
}

/** The 1:1s found in an account's calendar, each once however many of its sources point at it (its page). */
export async function seriesOfAccount(db: Db, accountId: string) {
  return db
    .selectFrom('series')
    .innerJoin('series_sources', 'series_sources.series_id', 'series.id')
    .select(['series.id', 'series.title', 'series.attendee_email', 'series.attendee_name', 'series.status'])
    .distinct()
    .where('series_sources.account_id', '=', accountId)
    .orderBy('series.title')
    .orderBy('series.id')
    .execute();
}

/** Attaches a provider series to a series (or re-attaches an ended one). */
export async function upsertSource(
  db: Db,
  source: {
    seriesId: string;
    accountId: string;
    provider: Provider;
    providerSeriesId: string;
    iCalUid: string | null;
    organizerEmail: string;
    firstStart: Date | null;
    recurrenceEndsAt: Date | null;
  },
) {
  return db
    .insertInto('series_sources')
    .values({
      series_id: source.seriesId,
      account_id: source.accountId,
      provider: source.provider,
      provider_series_id: source.providerSeriesId,
      ical_uid: source.iCalUid,
      organizer_email: source.organizerEmail,
      first_start: source.firstStart,
      recurrence_ends_at: source.recurrenceEndsAt,
    })
    .onConflict((oc) =>
      oc.columns(['provider', 'account_id', 'provider_series_id']).doUpdateSet({
        series_id: source.seriesId,
        ical_uid: source.iCalUid,
        organizer_email: source.organizerEmail,
        first_start: source.firstStart,
        recurrence_ends_at: source.recurrenceEndsAt,
        // The series was changed: whether its last meeting is known is for the next listing to say.
        last_ends_at: null,
        ended_at: null,
        updated_at: sql<Date>`now()`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Stops writing through a source (series deleted, no longer organized by this account). */
export async function endSource(db: Db, sourceId: string, at: Date): Promise<void> {
  await db
    .updateTable('series_sources')
    .set({ ended_at: at, updated_at: sql<Date>`now()` })
    .where('id', '=', sourceId)
    .execute();
}

/** Whether a thread has another live series that starts later than `firstStart` (it, not this one, names the thread). */
export async function hasLaterSource(db: Db, seriesId: string, sourceId: string | null, firstStart: Date) {
  const row = await db
    .selectFrom('series_sources')
    .select('id')
    .where('series_id', '=', seriesId)
    .where('ended_at', 'is', null)
    .where('first_start', '>', firstStart)
    .$if(sourceId !== null, (qb) => qb.where('id', '!=', sourceId!))
    .executeTakeFirst();
  return row !== undefined;
}
