import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { PrivateNoteRow } from './schema.ts';

/** A person's private note on an occurrence; only ever read for its author. */
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

/** Saves (creates or replaces) a person's private note on an occurrence. */
export async function savePrivateNote(
  db: Db,
  note: { occurrenceId: string; authorEmail: string; body: string },
): Promise<PrivateNoteRow> {
  return db
    .insertInto('private_notes')
    .values({ occurrence_id: note.occurrenceId, author_email: note.authorEmail, body: note.body })
    .onConflict((oc) =>
      oc.columns(['occurrence_id', 'author_email']).doUpdateSet({ body: note.body, updated_at: sql<Date>`now()` }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}
