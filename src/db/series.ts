import { sql } from 'kysely';
import type { SeriesSpan, ThreadCandidate } from '../core/threads.ts';
import type { Db } from './database.ts';
import type { NewSeries, SeriesRow } from './schema.ts';

/** Creates a series (a 1:1 thread between two people). */
export async function insertSeries(db: Db, series: NewSeries): Promise<SeriesRow> {
  return db.insertInto('series').values(series).returningAll().executeTakeFirstOrThrow();
}

/** One series by id, or undefined. */
export async function findSeries(db: Db, id: string): Promise<SeriesRow | undefined> {
  return db.selectFrom('series').selectAll().where('id', '=', id).executeTakeFirst();
}

/** What a calendar says about a thread now: its title, its people's roles and names, its zone. */
export type SeriesFields = Pick<
  SeriesRow,
  'title' | 'organizer_email' | 'organizer_name' | 'attendee_email' | 'attendee_name' | 'time_zone'
>;

/** Updates a thread from its calendar and marks it active again. */
export async function activateSeries(db: Db, id: string, fields: SeriesFields): Promise<void> {
  await db
    .updateTable('series')
    .set({ ...fields, status: 'active', status_reason: null, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** Marks a thread ended or no longer a 1:1, with the reason a person reads. */
export async function stopSeries(
  db: Db,
  id: string,
  status: 'ended' | 'not_one_on_one',
  reason: string | null,
): Promise<void> {
  await db
    .updateTable('series')
    .set({ status, status_reason: reason, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** Turns a thread's reminder emails on or off; returns the thread as it now is (undefined: no such thread). */
export async function setReminders(db: Db, id: string, reminders: boolean): Promise<SeriesRow | undefined> {
  return db
    .updateTable('series')
    .set({ reminders, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirst();
}

/** Deletes a demo thread and everything hanging off it; a calendar's thread is never deleted this way. */
export async function deleteDemoSeries(db: Db, id: string): Promise<boolean> {
  const deleted = await db.deleteFrom('series').where('id', '=', id).where('kind', '=', 'demo').executeTakeFirst();
  return deleted.numDeletedRows > 0n;
}

/**
 * The calendar threads of two people (either may organize), with what is known about when each of their series
 * runs — what `threadToContinue` decides on. Demo threads are never candidates.
 */
export async function threadsOfPair(db: Db, a: string, b: string): Promise<ThreadCandidate[]> {
  const threads = await db
    .selectFrom('series')
    .select(['id', 'created_at'])
    .select((eb) =>
      eb
        .selectFrom('occurrences')
        .select((o) => o.fn.max('starts_at').as('latest'))
        .whereRef('occurrences.series_id', '=', 'series.id')
        .where('occurrences.status', '=', 'scheduled')
        .as('latest_start'),
    )
    .where('kind', '=', 'calendar')
    .where((eb) =>
      eb.or([
        eb.and([eb('organizer_email', '=', a), eb('attendee_email', '=', b)]),
        eb.and([eb('organizer_email', '=', b), eb('attendee_email', '=', a)]),
      ]),
    )
    .execute();
  if (threads.length === 0) return [];
  const sources = await db
    .selectFrom('series_sources')
    .select(['series_id', 'ended_at', 'recurrence_ends_at', 'last_ends_at'])
    .where(
      'series_id',
      'in',
      threads.map((t) => t.id),
    )
    .execute();
  return threads.map((thread) => ({
    id: thread.id,
    lastActivity: thread.latest_start ? new Date(thread.latest_start) : thread.created_at,
    spans: sources
      .filter((source) => source.series_id === thread.id)
      .map(
        (source): SeriesSpan => ({
          ended: source.ended_at !== null,
          recurrenceEndsAt: source.recurrence_ends_at,
          lastEndsAt: source.last_ends_at,
        }),
      ),
  }));
}

/** The name a person goes by elsewhere: their connected account's, else the latest a calendar gave on a thread. */
export async function knownNames(db: Db, email: string): Promise<{ account: string | null; known: string | null }> {
  const account = await db
    .selectFrom('accounts')
    .select('display_name')
    .where('email', '=', email)
    .where('display_name', 'is not', null)
    .orderBy('updated_at', 'desc')
    .executeTakeFirst();
  const thread = await db
    .selectFrom('series')
    .select((eb) =>
      eb
        .case()
        .when('organizer_email', '=', email)
        .then(eb.ref('organizer_name'))
        .else(eb.ref('attendee_name'))
        .end()
        .as('name'),
    )
    .where('kind', '=', 'calendar')
    .where((eb) =>
      eb.or([
        eb.and([eb('organizer_email', '=', email), eb('organizer_name', 'is not', null)]),
        eb.and([eb('attendee_email', '=', email), eb('attendee_name', 'is not', null)]),
      ]),
    )
    .orderBy('updated_at', 'desc')
    .executeTakeFirst();
  return { account: account?.display_name ?? null, known: thread?.name ?? null };
}

/**
 * Other threads of the same two people, the threads this one took over from and those that took over from it, for
 * a person's own view: the pair's organisational memory. Only threads the person was part of.
 */
export async function relatedThreads(db: Db, series: SeriesRow, email: string) {
  const lineage: string[] = [];
  for (let id = series.previous_series_id; id && lineage.length < 20 && !lineage.includes(id); ) {
    lineage.push(id);
    id = (await findSeries(db, id))?.previous_series_id ?? null;
  }
  const other = series.organizer_email === email ? series.attendee_email : series.organizer_email;
  return db
    .selectFrom('series')
    .select(['id', 'title', 'status', 'organizer_email', 'organizer_name', 'attendee_email', 'attendee_name'])
    .where('id', '!=', series.id)
    .where('kind', '=', series.kind)
    .where((eb) => eb.or([eb('organizer_email', '=', email), eb('attendee_email', '=', email)]))
    .where((eb) =>
      eb.or([
        ...(lineage.length > 0 ? [eb('id', 'in', lineage)] : []),
        eb('previous_series_id', '=', series.id),
        eb.and([eb('organizer_email', '=', other), eb('attendee_email', '=', email)]),
        eb.and([eb('organizer_email', '=', email), eb('attendee_email', '=', other)]),
      ]),
    )
    .orderBy('created_at', 'desc')
    .execute();
}
