import type { Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from './database.ts';
import { SYNC_CALENDAR } from './job-kinds.ts';
import { RESCHEDULE_EXISTING } from './jobs.ts';
import type { CalendarsTable } from './schema.ts';

/** Notified items kept per calendar; past this the next sync lists every series instead of reading them one by one. */
export const MAX_NOTIFIED_ITEMS = 100;

/** Registers an account's calendar to watch (once). */
export async function ensureCalendar(db: Db, accountId: string, providerCalendarId: string) {
  await db
    .insertInto('calendars')
    .values({ account_id: accountId, provider_calendar_id: providerCalendarId })
    .onConflict((oc) => oc.columns(['account_id', 'provider_calendar_id']).doNothing())
    .execute();
  return db
    .selectFrom('calendars')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('provider_calendar_id', '=', providerCalendarId)
    .executeTakeFirstOrThrow();
}

/** One calendar with its account. */
export async function findCalendarWithAccount(db: Db, calendarId: string) {
  return db
    .selectFrom('calendars')
    .innerJoin('accounts', 'accounts.id', 'calendars.account_id')
    .selectAll('calendars')
    .select([
      'accounts.email as account_email',
      'accounts.provider as provider',
      'accounts.status as account_status',
      'accounts.tokens_encrypted as tokens_encrypted',
    ])
    .where('calendars.id', '=', calendarId)
    .executeTakeFirst();
}

/**
 * The calendars watched by any of these push channels or subscriptions, in one query: a webhook body naming many
 * (Graph batches notifications) costs one round trip, however many entries repeat the same id.
 */
export async function findCalendarsByWatches(db: Db, watchIds: readonly string[]) {
  if (watchIds.length === 0) return [];
  return db.selectFrom('calendars').selectAll().where('watch_id', 'in', watchIds).execute();
}

/** The calendars of an account. */
export async function calendarsOf(db: Db, accountId: string) {
  return db.selectFrom('calendars').selectAll().where('account_id', '=', accountId).execute();
}

/** Updates a calendar's sync and watch state. */
export async function updateCalendar(
  db: Db,
  calendarId: string,
  patch: Omit<Updateable<CalendarsTable>, 'id' | 'account_id' | 'provider_calendar_id' | 'created_at'>,
): Promise<void> {
  await db
    .updateTable('calendars')
    .set({ ...patch, updated_at: sql<Date>`now()` })
    .where('id', '=', calendarId)
    .execute();
}

/** A push channel as stored, as the statement that noted (or refused) a notification read it. */
export interface PushedChannel {
  readonly id: string;
  readonly watch_secret_hash: string | null;
  readonly watch_resource_id: string | null;
}

/**
 * A Google push notification in one statement: finds the calendar by its channel id and, only when the channel
 * token's digest and the resource id are the ones stored, notes when it came and, when `schedule` is set, schedules
 * the calendar's sync (at most one job per calendar, as scheduleJob would). Undefined: no calendar has this channel.
 * The stored digest is returned so the route can check it again in constant time to tell a forgery from a genuine
 * notification: the `=` here compares SHA-256 digests of the token, never the token itself.
 */
export async function notePush(
  db: Db,
  push: { watchId: string; tokenDigest: string; resourceId: string | null; at: Date; schedule: boolean },
): Promise<PushedChannel | undefined> {
  return db
    .with('watched', (qb) =>
      qb
        .selectFrom('calendars')
        .select(['id', 'watch_secret_hash', 'watch_resource_id'])
        .where('watch_id', '=', push.watchId)
        .limit(1),
    )
    .with('noted', (qb) =>
      qb
        .updateTable('calendars')
        .from('watched')
        .set({ last_notified_at: push.at, updated_at: sql<Date>`now()` })
        .whereRef('calendars.id', '=', 'watched.id')
        .where('watched.watch_secret_hash', '=', push.tokenDigest)
        .where('watched.watch_resource_id', '=', push.resourceId)
        .returning('calendars.id'),
    )
    .with('scheduled', (qb) =>
      qb
        .insertInto('jobs')
        .columns(['kind', 'key', 'run_at'])
        .expression((eb) =>
          eb
            .selectFrom('noted')
            .select([
              sql.lit(SYNC_CALENDAR).as('kind'),
              sql<string>`noted.id::text`.as('key'),
              sql<Date>`${push.at}::timestamptz`.as('run_at'),
            ])
            .where(sql.lit(push.schedule)),
        )
        .onConflict((oc) => oc.columns(['kind', 'key']).doUpdateSet(RESCHEDULE_EXISTING))
        .returning('jobs.id'),
    )
    .selectFrom('watched')
    .select(['watched.id', 'watched.watch_secret_hash', 'watched.watch_resource_id'])
    .executeTakeFirst();
}

/**
 * Notes genuine change notifications of several calendars and schedules each one's sync, in one statement however
 * many calendars and notifications a webhook body names: when they came, and the items they named (Graph's event
 * ids), kept without duplicates for the next sync to read directly. Past MAX_NOTIFIED_ITEMS a calendar's list
 * becomes null: its next sync lists every series instead. Jobs follow scheduleJob's rule: one per calendar, the
 * earlier time kept, a dead one left dead.
 */
export async function noteNotifications(
  db: Db,
  notes: readonly { readonly calendarId: string; readonly itemIds: readonly string[] }[],
  at: Date,
): Promise<void> {
  if (notes.length === 0) return;
  const named = sql`array(select jsonb_array_elements_text(notes.item_ids))`;
  const merged = sql`array(select distinct item from unnest(calendars.notified_items || ${named}) as item)`;
  await db
    .with('notes', (qb) =>
      qb
        .selectFrom(sql<{ note: unknown }>`jsonb_array_elements(${JSON.stringify(notes)}::jsonb)`.as('note'))
        .select([sql<string>`(note->>'calendarId')::uuid`.as('id'), sql<unknown>`note->'itemIds'`.as('item_ids')]),
    )
    .with('noted', (qb) =>
      qb
        .updateTable('calendars')
        .from('notes')
        .set({
          last_notified_at: at,
          updated_at: sql<Date>`now()`,
          notified_items: sql<string[] | null>`case
            when jsonb_array_length(notes.item_ids) = 0 then calendars.notified_items
            when calendars.notified_items is null or cardinality(${merged}) > ${MAX_NOTIFIED_ITEMS} then null
            else ${merged} end`,
        })
        .whereRef('calendars.id', '=', 'notes.id')
        // Named again as a list: the planner cannot see how many rows the JSON holds and would scan every calendar.
        .where(
          'calendars.id',
          'in',
          notes.map((note) => note.calendarId),
        )
        .returning('calendars.id'),
    )
    .insertInto('jobs')
    .columns(['kind', 'key', 'run_at'])
    .expression((eb) =>
      eb
        .selectFrom('noted')
        .select([
          sql.lit(SYNC_CALENDAR).as('kind'),
          sql<string>`noted.id::text`.as('key'),
          sql<Date>`${at}::timestamptz`.as('run_at'),
        ]),
    )
    .onConflict((oc) => oc.columns(['kind', 'key']).doUpdateSet(RESCHEDULE_EXISTING))
    .execute();
}

/**
 * Forgets the notified items a sync has read (items named while it ran stay for the next one); `all` after a sync
 * that listed every series, which also ends an overflow.
 */
export async function forgetNotifiedItems(db: Db, calendarId: string, read: readonly string[] | 'all'): Promise<void> {
  const remaining =
    read === 'all'
      ? sql<string[]>`'{}'::text[]`
      : sql<string[] | null>`case when notified_items is null then null else array(
          select item from unnest(notified_items) as item
          where item <> all (array(select jsonb_array_elements_text(${JSON.stringify(read)}::jsonb)))) end`;
  await db
    .updateTable('calendars')
    .set({ notified_items: remaining, updated_at: sql<Date>`now()` })
    .where('id', '=', calendarId)
    .execute();
}
