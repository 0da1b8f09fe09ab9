import type { Db } from './database.ts';
import type { LinkRole, LinkRow } from './schema.ts';

/** The live link whose token hashes to `tokenHash`, or undefined. */
export async function findLiveLinkByHash(db: Db, tokenHash: string): Promise<LinkRow | undefined> {
  return db
    .selectFrom('participant_links')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** A person's live link on a thread, or the thread's live shared link (email null). */
export async function findLiveLink(db: Db, seriesId: string, email: string | null): Promise<LinkRow | undefined> {
  return db
    .selectFrom('participant_links')
    .selectAll()
    .where('series_id', '=', seriesId)
    .where('revoked_at', 'is', null)
    .$if(email === null, (qb) => qb.where('role', '=', 'shared'))
    .$if(email !== null, (qb) => qb.where('role', '=', 'person').where('email', '=', email))
    .executeTakeFirst();
}

/** Revokes a thread's shared link (it sits in invites people who left or joined may still see). */
export async function revokeSharedLink(db: Db, seriesId: string, at: Date): Promise<void> {
  await db
    .updateTable('participant_links')
    .set({ revoked_at: at })
    .where('series_id', '=', seriesId)
    .where('role', '=', 'shared')
    .where('revoked_at', 'is', null)
    .execute();
}

/** Inserts a link unless a live one of the same person (or the shared one) exists; returns the live one. */
export async function ensureLink(
  db: Db,
  link: { seriesId: string; role: LinkRole; email: string | null; nonce: string; tokenHash: string },
): Promise<LinkRow> {
  // The partial unique indexes (one live link per person, one live shared link per thread) decide races.
  const inserted = await db
    .insertInto('participant_links')
    .values({
      series_id: link.seriesId,
      role: link.role,
      email: link.email,
      nonce: link.nonce,
      token_hash: link.tokenHash,
    })
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  const row = inserted ?? (await findLiveLink(db, link.seriesId, link.role === 'shared' ? null : link.email));
  if (!row) throw new Error(`no live ${link.role} link on series ${link.seriesId} after inserting one`);
  return row;
}
