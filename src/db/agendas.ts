import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { AgendaRow } from './schema.ts';

/** The agenda of an occurrence, created on first use (one per occurrence, whoever asks first). */
export async function ensureAgenda(db: Db, occurrenceId: string): Promise<AgendaRow> {
  await db
    .insertInto('agendas')
    .values({ occurrence_id: occurrenceId })
    .onConflict((oc) => oc.column('occurrence_id').doNothing())
    .execute();
  return db.selectFrom('agendas').selectAll().where('occurrence_id', '=', occurrenceId).executeTakeFirstOrThrow();
}

/** The agendas of several occurrences (the history view), keyed by occurrence id. */
export async function agendasFor(db: Db, occurrenceIds: readonly string[]): Promise<Map<string, AgendaRow>> {
  if (occurrenceIds.length === 0) return new Map();
  const rows = await db.selectFrom('agendas').selectAll().where('occurrence_id', 'in', occurrenceIds).execute();
  return new Map(rows.map((row) => [row.occurrence_id, row]));
}

/** The shared free-text parts of an agenda; a field left out keeps its saved text. */
export interface AgendaTextPatch {
  readonly deepDive?: string;
  readonly sharedNotes?: string;
  /** What the two decided at the meeting (the recap email reports it). */
  readonly decisions?: string;
}

/** Saves the shared free-text parts of an agenda. */
export async function updateAgendaText(db: Db, occurrenceId: string, patch: AgendaTextPatch): Promise<AgendaRow> {
  await ensureAgenda(db, occurrenceId);
  return db
    .updateTable('agendas')
    .set({
      ...(patch.deepDive !== undefined ? { deep_dive: patch.deepDive } : {}),
      ...(patch.sharedNotes !== undefined ? { shared_notes: patch.sharedNotes } : {}),
      ...(patch.decisions !== undefined ? { decisions: patch.decisions } : {}),
      updated_at: sql<Date>`now()`,
    })
    .where('occurrence_id', '=', occurrenceId)
    .returningAll()
    .executeTakeFirstOrThrow();
}
