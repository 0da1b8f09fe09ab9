import type { Db } from './database.ts';

/**
 * Read queries the history export needs beyond what the agenda page reads. The export opens each private note
 * through src/agenda/private-notes.ts (which knows how notes are sealed); this only says which ones there are.
 */

/** The meetings of a series on which `authorEmail` wrote a private note: only ever asked for the author's own. */
export async function privateNoteOccurrenceIds(db: Db, seriesId: string, authorEmail: string): Promise<string[]> {
  const rows = await db
    .selectFrom('private_notes')
    .innerJoin('occurrences', 'occurrences.id', 'private_notes.occurrence_id')
    .select('private_notes.occurrence_id')
    .where('occurrences.series_id', '=', seriesId)
    .where('private_notes.author_email', '=', authorEmail)
    .orderBy('occurrences.starts_at')
    .execute();
  return rows.map((row) => row.occurrence_id);
}
