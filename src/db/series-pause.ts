import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { PromptKind, SeriesRow } from './schema.ts';

/**
 * Pausing a 1:1: while `series.paused_at` is set, Carryover writes nothing to its invites and sends no email for it
 * (src/lifecycle/prepare-source.ts, send-prompts.ts, send-reminders.ts check it); its agenda link keeps working.
 */

/** Why a paused 1:1's emails were not sent, as the agenda shows it next to each ("not sent (…)"). */
export const PAUSED_REASON = 'the 1:1 was paused';

/**
 * Pauses a thread, recording when and by whom; a thread already paused keeps its first pause. Returns the thread as
 * it now is (undefined: no such thread).
 */
export async function pauseSeries(db: Db, id: string, by: string, at: Date): Promise<SeriesRow | undefined> {
  await db
    .updateTable('series')
    .set({ paused_at: at, paused_by: by, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('paused_at', 'is', null)
    .execute();
  return db.selectFrom('series').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Resumes a thread (a thread not paused stays as it is). Returns the thread as it now is (undefined: none). */
export async function resumeSeries(db: Db, id: string): Promise<SeriesRow | undefined> {
  await db
    .updateTable('series')
    .set({ paused_at: null, paused_by: null, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('paused_at', 'is not', null)
    .execute();
  return db.selectFrom('series').selectAll().where('id', '=', id).executeTakeFirst();
}

/**
 * Marks the emails of a meeting held while its 1:1 was paused as skipped, with the reason, so the agenda shows them
 * as not sent rather than not at all: one row per recipient and kind, created if missing. Only a row still waiting
 * (`pending`) moves; one sent, failed, ambiguous or being sent keeps its state.
 */
export async function skipPausedPrompts(
  db: Db,
  occurrenceId: string,
  recipients: readonly string[],
  kinds: readonly PromptKind[],
): Promise<void> {
  const rows = recipients.flatMap((recipient) =>
    kinds.map((kind) => ({
      occurrence_id: occurrenceId,
      recipient_email: recipient,
      kind,
      state: 'skipped' as const,
      last_error: PAUSED_REASON,
    })),
  );
  if (rows.length === 0) return;
  await db
    .insertInto('prompts')
    .values(rows)
    .onConflict((oc) =>
      oc
        .columns(['occurrence_id', 'recipient_email', 'kind'])
        .doUpdateSet({ state: 'skipped', last_error: PAUSED_REASON, claimed_until: null, updated_at: sql<Date>`now()` })
        .where('prompts.state', '=', 'pending'),
    )
    .execute();
}
