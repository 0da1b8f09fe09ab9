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

/** The series a provider iCalUID already belongs to (both people connected, or a change of organizer). */
export async function seriesIdByICalUid(db: Db, iCalUid: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('series_sources')
    .select('series_id')
    .where('ical_uid', '=', iCalUid)
    .orderBy('created_at')
    .executeTakeFirst();
  return row?.series_id;
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
    })
    .onConflict((oc) =>
      oc.columns(['provider', 'account_id', 'provider_series_id']).doUpdateSet({
        series_id: source.seriesId,
        ical_uid: source.iCalUid,
        organizer_email: source.organizerEmail,
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
