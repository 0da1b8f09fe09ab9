import type { PrivateNote } from '../agenda/private-notes.ts';
import type { AgendaRow, CommitmentRow, TopicRow } from '../db/schema.ts';

/** The public JSON of a commitment: the API's field names, not the table's. */
export function commitmentJson(row: CommitmentRow) {
  return {
    id: row.id,
    text: row.text,
    owner: row.owner_email,
    due: row.due_date,
    status: row.status,
    madeAtOccurrenceId: row.made_at_occurrence_id,
    createdBy: row.created_by_email,
    createdAt: row.created_at.toISOString(),
    closedAt: row.closed_at?.toISOString() ?? null,
  };
}

/** The public JSON of a talking point. */
export function topicJson(row: TopicRow) {
  return {
    id: row.id,
    occurrenceId: row.occurrence_id,
    text: row.text,
    author: row.author_email,
    position: row.position,
    resolved: row.resolved_at !== null,
  };
}

/** The public JSON of an agenda's shared text. */
export function agendaJson(row: AgendaRow) {
  return {
    occurrenceId: row.occurrence_id,
    deepDive: row.deep_dive,
    sharedNotes: row.shared_notes,
    decisions: row.decisions,
  };
}

/** The public JSON of a private note (only ever sent to its author). */
export function privateNoteJson(note: PrivateNote) {
  return { occurrenceId: note.occurrenceId, body: note.body, updatedAt: note.updatedAt.toISOString() };
}
