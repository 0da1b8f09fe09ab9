import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { PromptRow, PromptState } from './schema.ts';

/**
 * Claims the prompt of one occurrence for one recipient: creates its outbox row if missing and moves it from
 * pending to sending. Returns the row only to the one caller that won the claim, so the email goes out once
 * whatever crashes, retries, duplicate triggers or second instances happen. A row left in 'sending' by a crash is
 * never claimed again: it may have been sent.
 */
export async function claimPrompt(db: Db, occurrenceId: string, recipient: string): Promise<PromptRow | undefined> {
  await db
    .insertInto('prompts')
    .values({ occurrence_id: occurrenceId, recipient_email: recipient })
    .onConflict((oc) => oc.columns(['occurrence_id', 'recipient_email']).doNothing())
    .execute();
  return db
    .updateTable('prompts')
    .set((eb) => ({ state: 'sending', attempts: eb('attempts', '+', 1), updated_at: sql<Date>`now()` }))
    .where('occurrence_id', '=', occurrenceId)
    .where('recipient_email', '=', recipient)
    .where('state', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}

/** Records how a claimed send ended. */
export async function settlePrompt(
  db: Db,
  promptId: string,
  outcome: { state: PromptState; messageId?: string; error?: string; at: Date },
): Promise<void> {
  await db
    .updateTable('prompts')
    .set({
      state: outcome.state,
      provider_message_id: outcome.messageId ?? null,
      last_error: outcome.error?.slice(0, 2000) ?? null,
      sent_at: outcome.state === 'sent' ? outcome.at : null,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', promptId)
    .execute();
}

/** The prompts of an occurrence. */
export async function promptsOf(db: Db, occurrenceId: string): Promise<PromptRow[]> {
  return db.selectFrom('prompts').selectAll().where('occurrence_id', '=', occurrenceId).execute();
}
