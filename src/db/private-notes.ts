import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { PrivateNoteRow } from './schema.ts';

/** A person's private note on an occurrence, as stored (sealed); only ever read for its author. */
export async function findPrivateNote(
  db: Db,
  occurrenceId: string,
  authorEmail: string,
): Promise<PrivateNoteRow | undefined> {
  return db
    .selectFrom('private_notes')
    .selectAll()
    .where('occurrence_id', '=', occurrenceId)
    .where('author_email', '=', authorEmail)
    .executeTakeFirst();
}

/** Saves (creates or replaces) a person's private note on an occurrence; `sealedBody` is already encrypted. */
export async function savePrivateNote(
  db: Db,
  note: { occurrenceId: string; authorEmail: string; sealedBody: string },
): Promise<PrivateNoteRow> {
  return db
    .insertInto('private_notes')
    .values({ occurrence_id: note.occurrenceId, author_email: note.authorEmail, body: note.sealedBody, sealed: true })
    .onConflict((oc) =>
      oc
        .columns(['occurrence_id', 'author_email'])
        .doUpdateSet({ body: note.sealedBody, sealed: true, updated_at: sql<Date>`now()` }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Notes stored before notes were sealed, a batch at a time. */
export async function plaintextNotes(db: Db, limit: number): Promise<Pick<PrivateNoteRow, 'id' | 'body'>[]> {
  return db.selectFrom('private_notes').select(['id', 'body']).where('sealed', '=', false).limit(limit).execute();
}

/** Replaces a plaintext note by its sealed form, unless someone saved it (sealed) meanwhile. */
export async function sealStoredNote(db: Db, id: string, plaintext: string, sealedBody: string): Promise<void> {
  await db
    .updateTable('private_notes')
    .set({ body: sealedBody, sealed: true })
    .where('id', '=', id)
    .where('sealed', '=', false)
    .where('body', '=', plaintext)
    .execute();
}
