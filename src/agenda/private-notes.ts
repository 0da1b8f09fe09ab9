import type { Db } from '../db/database.ts';
import { findPrivateNote, plaintextNotes, savePrivateNote, sealStoredNote } from '../db/private-notes.ts';
import type { PrivateNoteRow } from '../db/schema.ts';
import type { Keys } from '../security/keys.ts';
import { open, seal } from '../security/secret-box.ts';

/**
 * Private notes are sealed at rest with the same secret box as provider tokens (AES-256-GCM under a key derived from
 * SECRET_KEY): a copy of the database alone reads none of them. Only their author's personal link opens them.
 */

/** A private note as its author reads it. */
export interface PrivateNote {
  readonly occurrenceId: string;
  readonly body: string;
  readonly updatedAt: Date;
}

async function readable(keys: Keys, row: PrivateNoteRow): Promise<PrivateNote> {
  // A row from before sealing is still readable until the start-up upgrade seals it.
  const body = row.sealed ? await open(keys, row.body) : row.body;
  return { occurrenceId: row.occurrence_id, body, updatedAt: row.updated_at };
}

/** The author's note on an occurrence, opened; undefined when they wrote none. */
export async function readPrivateNote(
  db: Db,
  keys: Keys,
  occurrenceId: string,
  authorEmail: string,
): Promise<PrivateNote | undefined> {
  const row = await findPrivateNote(db, occurrenceId, authorEmail);
  return row ? readable(keys, row) : undefined;
}

/** Seals and saves the author's note on an occurrence. */
export async function writePrivateNote(
  db: Db,
  keys: Keys,
  note: { occurrenceId: string; authorEmail: string; body: string },
): Promise<PrivateNote> {
  const row = await savePrivateNote(db, {
    occurrenceId: note.occurrenceId,
    authorEmail: note.authorEmail,
    sealedBody: await seal(keys, note.body),
  });
  return { occurrenceId: row.occurrence_id, body: note.body, updatedAt: row.updated_at };
}

/** Seals every note stored before notes were sealed (run at start, where the key is at hand). Returns how many. */
export async function sealPlaintextNotes(db: Db, keys: Keys, batch = 200): Promise<number> {
  let sealed = 0;
  for (let rows = await plaintextNotes(db, batch); rows.length > 0; rows = await plaintextNotes(db, batch)) {
    for (const row of rows) await sealStoredNote(db, row.id, row.body, await seal(keys, row.body));
    sealed += rows.length;
  }
  return sealed;
}
