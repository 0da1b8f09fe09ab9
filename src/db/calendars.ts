import type { Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from './database.ts';
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

/** The calendar a push channel belongs to, by the channel id the provider echoes. */
export async function findCalendarByWatch(db: Db, watchId: string) {
  return db.selectFrom('calendars').selectAll().where('watch_id', '=', watchId).executeTakeFirst();
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

/**
 * Notes a genuine change notification: when it came, and the items it named (Graph's event ids), kept without
 * duplicates for the next sync to read directly. Past MAX_NOTIFIED_ITEMS the list becomes null: the next sync lists
 * every series instead. One statement, no read first: a webhook costs one query per calendar.
 */
export async function noteNotification(
  db: Db,
  calendarId: string,
  { at, itemIds }: { at: Date; itemIds: readonly string[] },
): Promise<void> {
  const named = sql`array(select jsonb_array_elements_text(${JSON.stringify(itemIds)}::jsonb))`;
  const merged = sql`array(select distinct item from unnest(notified_items || ${named}) as item)`;
  await db
    .updateTable('calendars')
    .set({
      last_notified_at: at,
      updated_at: sql<Date>`now()`,
      notified_items:
        itemIds.length === 0
          ? sql<string[] | null>`notified_items`
          : sql<string[] | null>`case when notified_items is null
              or cardinality(${merged}) > ${MAX_NOTIFIED_ITEMS} then null else ${merged} end`,
    })
    .where('id', '=', calendarId)
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
