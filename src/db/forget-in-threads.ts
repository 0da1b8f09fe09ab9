import { sql } from 'kysely';
import type { Db } from './database.ts';

/**
 * What stands in for a person who deleted their data wherever a shared record named them (a thread's person, a
 * topic's author, a commitment's owner or author, a change's actor, a decline). Not an address: nothing can be sent
 * to it, and no calendar can report it.
 */
export const FORMER_PARTICIPANT = 'former-participant';
/** How a shared record names a person who deleted their data. */
export const FORMER_PARTICIPANT_NAME = 'a former participant';

/**
 * Takes `email` out of threads that stay for the other person: names replaced, future meetings cancelled, the
 * shared link revoked, the other person's series stopped. Returns the stopped series.
 */
export async function forgetInThreads(trx: Db, email: string, threads: readonly string[], at: Date): Promise<string[]> {
  await trx
    .updateTable('series')
    .set({ organizer_email: FORMER_PARTICIPANT, organizer_name: FORMER_PARTICIPANT_NAME })
    .where('id', 'in', threads)
    .where('organizer_email', '=', email)
    .execute();
  await trx
    .updateTable('series')
    .set({ attendee_email: FORMER_PARTICIPANT, attendee_name: FORMER_PARTICIPANT_NAME })
    .where('id', 'in', threads)
    .where('attendee_email', '=', email)
    .execute();
  await trx
    .updateTable('topics')
    .set({ author_email: FORMER_PARTICIPANT })
    .where('series_id', 'in', threads)
    .where('author_email', '=', email)
    .execute();
  await trx
    .updateTable('commitments')
    .set({ owner_email: FORMER_PARTICIPANT })
    .where('series_id', 'in', threads)
    .where('owner_email', '=', email)
    .execute();
  await trx
    .updateTable('commitments')
    .set({ created_by_email: FORMER_PARTICIPANT })
    .where('series_id', 'in', threads)
    .where('created_by_email', '=', email)
    .execute();
  await trx
    .updateTable('commitment_events')
    .set({ actor_email: FORMER_PARTICIPANT })
    .where('actor_email', '=', email)
    .where('commitment_id', 'in', (eb) => eb.selectFrom('commitments').select('id').where('series_id', 'in', threads))
    .execute();
  // Goals of the other person stay theirs; who created or moved them is no longer named.
  await trx
    .updateTable('goals')
    .set({ created_by_email: FORMER_PARTICIPANT })
    .where('series_id', 'in', threads)
    .where('created_by_email', '=', email)
    .execute();
  await trx
    .updateTable('goal_events')
    .set({ actor_email: FORMER_PARTICIPANT })
    .where('actor_email', '=', email)
    .where('goal_id', 'in', (eb) => eb.selectFrom('goals').select('id').where('series_id', 'in', threads))
    .execute();
  await trx
    .updateTable('series')
    .set({ paused_by: FORMER_PARTICIPANT })
    .where('id', 'in', threads)
    .where('paused_by', '=', email)
    .execute();
  await trx
    .updateTable('occurrences')
    .set({ declined_by: FORMER_PARTICIPANT })
    .where('series_id', 'in', threads)
    .where('declined_by', '=', email)
    .execute();
  // The record keeps the meetings that took place; none follow for a pair that no longer exists.
  await trx
    .updateTable('occurrences')
    .set({ status: 'cancelled', updated_at: sql<Date>`now()` })
    .where('series_id', 'in', threads)
    .where('status', '=', 'scheduled')
    .where('starts_at', '>', at)
    .execute();
  // The shared link sits in invites the leaving person keeps a copy of.
  await trx
    .updateTable('participant_links')
    .set({ revoked_at: at })
    .where('series_id', 'in', threads)
    .where('role', '=', 'shared')
    .where('revoked_at', 'is', null)
    .execute();
  const ended = await trx
    .updateTable('series_sources')
    .set({ ended_at: at, updated_at: sql<Date>`now()` })
    .where('series_id', 'in', threads)
    .where('ended_at', 'is', null)
    .returning('id')
    .execute();
  return ended.map((s) => s.id);
}
