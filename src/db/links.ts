import type { Db } from './database.ts';
import type { LinkRole, LinkRow } from './schema.ts';

/** Stores a participant link (its nonce and token hash; never the token). */
export async function insertLink(
  db: Db,
  link: { seriesId: string; role: LinkRole; email: string | null; nonce: string; tokenHash: string },
): Promise<LinkRow> {
  return db
    .insertInto('participant_links')
    .values({
      series_id: link.seriesId,
      role: link.role,
      email: link.email,
      nonce: link.nonce,
      token_hash: link.tokenHash,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** The live link whose token hashes to `tokenHash`, or undefined. */
export async function findLiveLinkByHash(db: Db, tokenHash: string): Promise<LinkRow | undefined> {
  return db
    .selectFrom('participant_links')
    .selectAll()
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
}

/** The live links of a series (one per role). */
export async function liveLinks(db: Db, seriesId: string): Promise<LinkRow[]> {
  return db
    .selectFrom('participant_links')
    .selectAll()
    .where('series_id', '=', seriesId)
    .where('revoked_at', 'is', null)
    .execute();
}
