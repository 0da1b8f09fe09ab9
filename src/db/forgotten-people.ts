import type { Db } from './database.ts';

/** Remembers that the person with this address digest deleted their data (again: the first time is kept). */
export async function forgetPerson(db: Db, addressDigest: string, at: Date): Promise<void> {
  await db
    .insertInto('forgotten_people')
    .values({ address_digest: addressDigest, forgotten_at: at })
    .onConflict((oc) => oc.column('address_digest').doNothing())
    .execute();
}

/** Whether any of these digests belongs to a person who deleted their data. */
export async function anyForgotten(db: Db, addressDigests: readonly string[]): Promise<boolean> {
  if (addressDigests.length === 0) return false;
  const row = await db
    .selectFrom('forgotten_people')
    .select('address_digest')
    .where('address_digest', 'in', addressDigests)
    .executeTakeFirst();
  return row !== undefined;
}

/** The person is back (they connected a calendar): calendars may bring their 1:1s in again. */
export async function rememberPerson(db: Db, addressDigest: string): Promise<void> {
  await db.deleteFrom('forgotten_people').where('address_digest', '=', addressDigest).execute();
}
