import type { Updateable } from 'kysely';
import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { CalendarsTable } from './schema.ts';

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
