import { sql } from 'kysely';
import type { CommitmentStatus } from '../core/types.ts';
import { type Db, inTransaction } from './database.ts';
import type { CommitmentEventRow, CommitmentRow } from './schema.ts';

/** Every commitment of a series, oldest first. */
export async function listCommitments(db: Db, seriesId: string): Promise<CommitmentRow[]> {
  return db
    .selectFrom('commitments')
    .selectAll()
    .where('series_id', '=', seriesId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** One commitment of one series; undefined when the id belongs to another series. */
export async function findCommitmentInSeries(
  db: Db,
  seriesId: string,
  commitmentId: string,
): Promise<CommitmentRow | undefined> {
  return db
    .selectFrom('commitments')
    .selectAll()
    .where('series_id', '=', seriesId)
    .where('id', '=', commitmentId)
    .executeTakeFirst();
}

export interface NewCommitment {
  readonly seriesId: string;
  readonly madeAtOccurrenceId: string | null;
  readonly text: string;
  readonly ownerEmail: string;
  readonly due: string | null;
  readonly actorEmail: string | null;
}

/** Records a commitment and its 'created' history entry together. */
export async function insertCommitment(db: Db, commitment: NewCommitment, now: Date): Promise<CommitmentRow> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('commitments')
      .values({
        series_id: commitment.seriesId,
        made_at_occurrence_id: commitment.madeAtOccurrenceId,
        text: commitment.text,
        owner_email: commitment.ownerEmail,
        due_date: commitment.due,
        created_by_email: commitment.actorEmail,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx
      .insertInto('commitment_events')
      .values({
        commitment_id: row.id,
        kind: 'created',
        to_status: 'open',
        actor_email: commitment.actorEmail,
        at: now,
      })
      .execute();
    return row;
  });
}

export interface CommitmentPatch {
  readonly status?: CommitmentStatus;
  readonly text?: string;
  readonly due?: string | null;
  readonly ownerEmail?: string;
}

/**
 * Changes a commitment and writes one history entry per kind of change, in one transaction. The row is locked
 * first, so two people closing the same commitment at once leave one consistent history.
 */
export async function updateCommitment(
  db: Db,
  commitmentId: string,
  patch: CommitmentPatch,
  actorEmail: string | null,
  now: Date,
): Promise<CommitmentRow> {
  return inTransaction(db, async (trx) => {
    const before = await trx
      .selectFrom('commitments')
      .selectAll()
      .where('id', '=', commitmentId)
      .forUpdate()
      .executeTakeFirstOrThrow();
    const statusChanged = patch.status !== undefined && patch.status !== before.status;
    const edits: string[] = [];
    if (patch.text !== undefined && patch.text !== before.text) edits.push('text');
    if (patch.due !== undefined && patch.due !== before.due_date) edits.push('due');
    if (patch.ownerEmail !== undefined && patch.ownerEmail !== before.owner_email) edits.push('owner');
    if (!statusChanged && edits.length === 0) return before;

    const after = await trx
      .updateTable('commitments')
      .set({
        ...(patch.text !== undefined ? { text: patch.text } : {}),
        ...(patch.due !== undefined ? { due_date: patch.due } : {}),
        ...(patch.ownerEmail !== undefined ? { owner_email: patch.ownerEmail } : {}),
        ...(statusChanged ? { status: patch.status, closed_at: patch.status === 'open' ? null : now } : {}),
        updated_at: sql<Date>`now()`,
      })
      .where('id', '=', commitmentId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (statusChanged) {
      await trx
        .insertInto('commitment_events')
        .values({
          commitment_id: commitmentId,
          kind: 'status',
          from_status: before.status,
          to_status: after.status,
          actor_email: actorEmail,
          at: now,
        })
        .execute();
    }
    if (edits.length > 0) {
      await trx
        .insertInto('commitment_events')
        .values({
          commitment_id: commitmentId,
          kind: 'edited',
          detail: edits.join(','),
          actor_email: actorEmail,
          at: now,
        })
        .execute();
    }
    return after;
  });
}

/** The change history of a series' commitments, oldest first. */
export async function commitmentEvents(db: Db, seriesId: string): Promise<CommitmentEventRow[]> {
  return db
    .selectFrom('commitment_events')
    .innerJoin('commitments', 'commitments.id', 'commitment_events.commitment_id')
    .selectAll('commitment_events')
    .where('commitments.series_id', '=', seriesId)
    .orderBy('commitment_events.at')
    .execute();
}

/**
 * Moves the open commitments of `owners` from one thread to another (the people on a series changed and these
 * owners stayed): they keep carrying into the owner's next 1:1, counted as made before its first meeting. Each gets a
 * history entry (`edited`, detail `thread`). Returns how many moved.
 */
export async function moveOpenCommitments(
  db: Db,
  move: { fromSeriesId: string; toSeriesId: string; owners: readonly string[]; at: Date },
): Promise<number> {
  if (move.owners.length === 0) return 0;
  return inTransaction(db, async (trx) => {
    const moved = await trx
      .updateTable('commitments')
      .set({ series_id: move.toSeriesId, made_at_occurrence_id: null, updated_at: sql<Date>`now()` })
      .where('series_id', '=', move.fromSeriesId)
      .where('status', '=', 'open')
      .where('owner_email', 'in', move.owners)
      .returning('id')
      .execute();
    if (moved.length > 0) {
      await trx
        .insertInto('commitment_events')
        .values(moved.map(({ id }) => ({ commitment_id: id, kind: 'edited' as const, detail: 'thread', at: move.at })))
        .execute();
    }
    return moved.length;
  });
}

/** Deletes a commitment; its history entries go with it (the foreign key cascades). */
export async function deleteCommitment(db: Db, commitmentId: string): Promise<void> {
  await db.deleteFrom('commitments').where('id', '=', commitmentId).execute();
}
