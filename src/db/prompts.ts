import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { PromptFailure, PromptKind, PromptRow, PromptState } from './schema.ts';

/**
 * The prompt outbox as a state machine, each transition one guarded statement:
 *
 *   pending ──claim──▶ sending ──sent──▶ sent
 *      ▲                  ├──not sent (throttled, never connected, account paused)──▶ pending   (tried again)
 *      │                  ├──not sent, tries used up──▶ failed (gave-up)
 *      │                  ├──refused for good──▶ failed (refused)
 *      │                  └──may have gone out, or its sender died mid-send──▶ ambiguous (unknown)
 *      └──────────── a person asks to send again ◀── failed | ambiguous
 *
 * A prompt is sent at most once without a person asking: nothing moves it out of `ambiguous` or `failed` but them.
 */

/** How long a claim to send holds; a send still `sending` after it was cut short by a crash. */
const SEND_CLAIM_MS = 5 * 60_000;

/**
 * Records emails of one kind of a meeting as waiting (`pending`) for these recipients, unless they are there already:
 * the account that sends them cannot right now, and they go out once it is reconnected.
 */
export async function holdPrompts(
  db: Db,
  occurrenceId: string,
  recipients: readonly string[],
  kind: PromptKind,
): Promise<void> {
  if (recipients.length === 0) return;
  await db
    .insertInto('prompts')
    .values(recipients.map((recipient) => ({ occurrence_id: occurrenceId, recipient_email: recipient, kind })))
    .onConflict((oc) => oc.columns(['occurrence_id', 'recipient_email', 'kind']).doNothing())
    .execute();
}

/**
 * Claims one email of one occurrence (its recap, or its reminder) for one recipient: creates its outbox row if
 * missing and moves it from pending to sending. Returns the row only to the one caller that won the claim, so the
 * email goes out once whatever crashes, retries, duplicate triggers or second instances happen.
 */
export async function claimPrompt(
  db: Db,
  occurrenceId: string,
  recipient: string,
  now: Date,
  kind: PromptKind = 'recap',
): Promise<PromptRow | undefined> {
  await db
    .insertInto('prompts')
    .values({ occurrence_id: occurrenceId, recipient_email: recipient, kind })
    .onConflict((oc) => oc.columns(['occurrence_id', 'recipient_email', 'kind']).doNothing())
    .execute();
  return db
    .updateTable('prompts')
    .set((eb) => ({
      state: 'sending',
      attempts: eb('attempts', '+', 1),
      claimed_until: new Date(now.getTime() + SEND_CLAIM_MS),
      updated_at: sql<Date>`now()`,
    }))
    .where('occurrence_id', '=', occurrenceId)
    .where('recipient_email', '=', recipient)
    .where('kind', '=', kind)
    .where('state', '=', 'pending')
    .returningAll()
    .executeTakeFirst();
}

/**
 * Sends whose instance died between claiming and recording the outcome: they may have gone out, so they become
 * ambiguous — visible, never resent by themselves. Returns the ids of the prompts settled so.
 */
export async function settleAbandonedSends(db: Db, occurrenceId: string, now: Date): Promise<string[]> {
  const rows = await db
    .updateTable('prompts')
    .set({
      state: 'ambiguous',
      failure: 'unknown',
      last_error: 'the instance sending it stopped before it knew whether the email went out',
      claimed_until: null,
      updated_at: sql<Date>`now()`,
    })
    .where('occurrence_id', '=', occurrenceId)
    .where('state', '=', 'sending')
    .where('claimed_until', '<', now)
    .returning('id')
    .execute();
  return rows.map((row) => row.id);
}

/** A claimed send went out. */
export async function markSent(db: Db, promptId: string, messageId: string, at: Date): Promise<void> {
  await db
    .updateTable('prompts')
    .set({
      state: 'sent',
      provider_message_id: messageId,
      sent_at: at,
      failure: null,
      last_error: null,
      claimed_until: null,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', promptId)
    .where('state', '=', 'sending')
    .execute();
}

/** A claimed send certainly did not go out: back to pending for a later try. */
export async function markNotSent(db: Db, promptId: string, error: string): Promise<void> {
  await db
    .updateTable('prompts')
    .set({ state: 'pending', last_error: error.slice(0, 2000), claimed_until: null, updated_at: sql<Date>`now()` })
    .where('id', '=', promptId)
    .where('state', '=', 'sending')
    .execute();
}

/** A claimed send failed for good (`refused`, `gave-up`) or may have gone out (`unknown`): a person decides. */
export async function markUnsettled(db: Db, promptId: string, failure: PromptFailure, error: string): Promise<void> {
  await db
    .updateTable('prompts')
    .set({
      state: failure === 'unknown' ? 'ambiguous' : 'failed',
      failure,
      last_error: error.slice(0, 2000),
      claimed_until: null,
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', promptId)
    .where('state', '=', 'sending')
    .execute();
}

/**
 * A person asked to send a failed or ambiguous prompt again (they checked it did not arrive): pending once more,
 * its tries counted afresh. Returns the occurrence whose prompts to run and the state the prompt left, or undefined
 * when there was nothing to resend.
 */
export async function requestResend(
  db: Db,
  promptId: string,
  at: Date,
): Promise<{ occurrenceId: string; kind: PromptKind; from: PromptState } | undefined> {
  const row = await db
    .updateTable('prompts')
    // The row as it was: a derived table is read in the statement's snapshot, before this update.
    .from((eb) => eb.selectFrom('prompts').select(['id', 'state']).where('id', '=', promptId).as('before'))
    .set({
      state: 'pending',
      failure: null,
      attempts: 0,
      resend_requested_at: at,
      updated_at: sql<Date>`now()`,
    })
    .whereRef('prompts.id', '=', 'before.id')
    .where('prompts.state', 'in', ['failed', 'ambiguous'])
    .returning(['prompts.occurrence_id', 'prompts.kind', 'before.state as from'])
    .executeTakeFirst();
  return row && { occurrenceId: row.occurrence_id, kind: row.kind, from: row.from };
}

/** The prompts of an occurrence. */
export async function promptsOf(db: Db, occurrenceId: string): Promise<PromptRow[]> {
  return db.selectFrom('prompts').selectAll().where('occurrence_id', '=', occurrenceId).execute();
}

/** A prompt that did not (certainly) go out, with what a person needs to decide on it. */
export interface UnsettledPrompt {
  readonly id: string;
  readonly occurrenceId: string;
  readonly recipient: string;
  readonly kind: PromptKind;
  readonly state: 'failed' | 'ambiguous';
  readonly failure: PromptFailure | null;
  readonly error: string | null;
  readonly seriesTitle: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly timeZone: string;
}

/** The failed and ambiguous prompts sent (or not) from one account's mailbox, newest meetings first. */
export async function unsettledPromptsOfAccount(db: Db, accountId: string): Promise<UnsettledPrompt[]> {
  const rows = await db
    .selectFrom('prompts')
    .innerJoin('occurrences', 'occurrences.id', 'prompts.occurrence_id')
    .innerJoin('series_sources', 'series_sources.id', 'occurrences.source_id')
    .innerJoin('series', 'series.id', 'occurrences.series_id')
    .select([
      'prompts.id',
      'prompts.occurrence_id',
      'prompts.recipient_email',
      'prompts.kind',
      'prompts.state',
      'prompts.failure',
      'prompts.last_error',
      'series.title',
      'series.time_zone',
      'occurrences.starts_at',
      'occurrences.ends_at',
    ])
    .where('series_sources.account_id', '=', accountId)
    .where('prompts.state', 'in', ['failed', 'ambiguous'])
    .orderBy('occurrences.starts_at', 'desc')
    .limit(50)
    .execute();
  return rows.map((row) => ({
    id: row.id,
    occurrenceId: row.occurrence_id,
    recipient: row.recipient_email,
    kind: row.kind,
    state: row.state as 'failed' | 'ambiguous',
    failure: row.failure,
    error: row.last_error,
    seriesTitle: row.title,
    startsAt: row.starts_at,
    endsAt: row.ends_at,
    timeZone: row.time_zone,
  }));
}

/** Whether a prompt belongs to a meeting of this thread (never act on another pair's prompt). */
export async function isPromptOfSeries(db: Db, promptId: string, seriesId: string): Promise<boolean> {
  const row = await db
    .selectFrom('prompts')
    .innerJoin('occurrences', 'occurrences.id', 'prompts.occurrence_id')
    .select('prompts.id')
    .where('prompts.id', '=', promptId)
    .where('occurrences.series_id', '=', seriesId)
    .executeTakeFirst();
  return row !== undefined;
}

/** The account whose mailbox sends an occurrence's prompts (to check who may ask to resend them). */
export async function senderOfPrompt(db: Db, promptId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('prompts')
    .innerJoin('occurrences', 'occurrences.id', 'prompts.occurrence_id')
    .innerJoin('series_sources', 'series_sources.id', 'occurrences.source_id')
    .select('series_sources.account_id')
    .where('prompts.id', '=', promptId)
    .executeTakeFirst();
  return row?.account_id ?? undefined;
}

/**
 * The meetings of an account with emails of one kind waiting to go out (resumed when the account is reconnected):
 * recaps by default, reminders when asked.
 */
export async function occurrencesWithPendingPrompts(
  db: Db,
  accountId: string,
  kind: PromptKind = 'recap',
): Promise<string[]> {
  const rows = await db
    .selectFrom('prompts')
    .innerJoin('occurrences', 'occurrences.id', 'prompts.occurrence_id')
    .innerJoin('series_sources', 'series_sources.id', 'occurrences.source_id')
    .select('occurrences.id')
    .distinct()
    .where('series_sources.account_id', '=', accountId)
    .where('prompts.state', '=', 'pending')
    .where('prompts.kind', '=', kind)
    .execute();
  return rows.map((row) => row.id);
}

/** How many prompts are in each state, for /metrics. */
export async function promptCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('prompts')
    .select(['kind', 'state', (eb) => eb.fn.countAll<string>().as('count')])
    .groupBy(['kind', 'state'])
    .execute();
  return Object.fromEntries(rows.map((row) => [`${row.kind}:${row.state}`, Number(row.count)]));
}
