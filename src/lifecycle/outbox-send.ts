import { pauseAccount } from '../accounts/reconnect.ts';
import { findAccount } from '../db/accounts.ts';
import { claimPrompt, holdPrompts, markNotSent, markSent, markUnsettled, settleAbandonedSends } from '../db/prompts.ts';
import type { OccurrenceRow, PromptKind } from '../db/schema.ts';
import { findSourceWithSeries } from '../db/series-sources.ts';
import { describeError, type LogFields, log } from '../observability/log.ts';
import type { AccountSession, CalendarProvider, OutgoingMail } from '../providers/provider.ts';
import { isProviderError } from '../providers/provider-error.ts';
import { kitFor, type LifecycleDeps, sessionFor } from './deps.ts';
import { sendOutcome } from './send-outcome.ts';
import { retryDelay } from './tick.ts';

/** Tries of a send that certainly did not go out (throttled, never connected) before it is given up as failed. */
const MAX_SEND_TRIES = 8;

/** The organizer's mailbox an occurrence's emails go out from. */
export interface SendingMailbox {
  readonly account: NonNullable<Awaited<ReturnType<typeof findAccount>>>;
  readonly sourceId: string;
  readonly provider: CalendarProvider;
  readonly session: AccountSession;
}

/**
 * The mailbox of the calendar series that holds the meeting, while it still organizes it at `organizingAt`: a series
 * deleted, handed over or no longer a 1:1 by then sends nothing for the meeting. Undefined too when the account is
 * not active: a disconnected account sends nothing more; one that needs reconnecting keeps the meeting's emails of
 * `kind` waiting (`pending`, shown on /account) for the person to reconnect — never dropped unseen.
 */
export async function organizerMailbox(
  deps: LifecycleDeps,
  occurrence: OccurrenceRow,
  organizingAt: Date,
  waiting: { readonly kind: PromptKind; readonly recipients: readonly string[] },
): Promise<SendingMailbox | undefined> {
  const source = occurrence.source_id ? await findSourceWithSeries(deps.db, occurrence.source_id) : undefined;
  if (!source?.account_id) return undefined;
  if (source.ended_at !== null && source.ended_at <= organizingAt) return undefined;
  const account = await findAccount(deps.db, source.account_id);
  if (account?.status === 'needs_reconnect') {
    await holdPrompts(deps.db, occurrence.id, waiting.recipients, waiting.kind);
    return undefined;
  }
  if (account?.status !== 'active') return undefined;
  return {
    account,
    sourceId: source.id,
    provider: kitFor(deps, account.provider).api,
    session: sessionFor(deps, account),
  };
}

/** One recipient of a meeting's email, and the other person of the 1:1 (named in it). */
export interface Recipient {
  readonly email: string;
  readonly name: string;
}

/** What sending one kind of email to both people came to. */
export interface SendReport {
  /** The earliest a send that did not go out should be tried again (Retry-After honoured). */
  readonly retryAt?: Date;
  /** The account cannot send: it was paused, and these emails go out after the person reconnects. */
  readonly paused: boolean;
}

/**
 * Sends one kind of email of one occurrence to each person, at most once each, never lost silently: each send is
 * claimed in the outbox first (src/db/prompts.ts), and a failure is judged by what the provider could have done
 * (src/lifecycle/send-outcome.ts): not sent → tried again (Retry-After honoured) up to MAX_SEND_TRIES; may have gone
 * out → ambiguous; refused → failed; the account cannot send → it waits for the person to reconnect. Undefined when
 * the access token could not be had (the account paused on a dead grant); a failing token endpoint throws, so the
 * job tries again before anything could have been sent.
 */
export async function sendToEach(
  deps: LifecycleDeps,
  mailbox: SendingMailbox,
  occurrenceId: string,
  kind: PromptKind,
  people: readonly Recipient[],
  compose: (person: Recipient) => Promise<OutgoingMail>,
): Promise<SendReport | undefined> {
  const { db, clock } = deps;
  try {
    await mailbox.session.accessToken();
  } catch (error) {
    if (!isProviderError(error, 'auth')) throw error;
    // The account is paused (a dead grant): the recaps wait, visibly, and reconnecting sends them. A reminder is not
    // held: once its meeting starts it is owed to no one.
    if (kind === 'recap') {
      await holdPrompts(
        db,
        occurrenceId,
        people.map((person) => person.email),
        kind,
      );
    }
    return undefined;
  }
  for (const promptId of await settleAbandonedSends(db, occurrenceId, clock())) {
    promptMoved('warn', { promptId, occurrenceId, from: 'sending', to: 'ambiguous', reason: 'abandoned' });
  }
  let retryAt: Date | undefined;
  for (const person of people) {
    const claimed = await claimPrompt(db, occurrenceId, person.email, clock(), kind);
    if (!claimed) continue;
    const ids = { promptId: claimed.id, occurrenceId, kind, attempt: claimed.attempts };
    promptMoved('info', { ...ids, from: 'pending', to: 'sending', reason: 'claimed' });
    let mail: OutgoingMail;
    try {
      mail = await compose(person);
    } catch (error) {
      // Nothing went out: the claim goes back so the next run can compose it again.
      await markNotSent(db, claimed.id, error instanceof Error ? error.message : String(error));
      throw error;
    }
    try {
      const { messageId } = await mailbox.provider.sendMail(mailbox.session, mail);
      await markSent(db, claimed.id, messageId, clock());
      promptMoved('info', { ...ids, from: 'sending', to: 'sent', reason: 'sent' });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const outcome = sendOutcome(error);
      const why = { error: describeError(error) };
      if (outcome.kind === 'auth') {
        // Nothing went out; the account pauses and this email goes out once it is reconnected.
        await markNotSent(db, claimed.id, message);
        promptMoved('warn', { ...ids, ...why, from: 'sending', to: 'pending', reason: 'account-needs-reconnect' });
        await pauseAccount(db, mailbox.account, outcome.error);
        return { paused: true, ...(retryAt && { retryAt }) };
      }
      if (outcome.kind === 'retry' && claimed.attempts < MAX_SEND_TRIES) {
        await markNotSent(db, claimed.id, message);
        const at = new Date(clock().getTime() + (outcome.retryAfterMs ?? retryDelay(error, claimed.attempts)));
        retryAt = retryAt && retryAt > at ? retryAt : at;
        promptMoved('warn', {
          ...ids,
          ...why,
          from: 'sending',
          to: 'pending',
          reason: 'not-sent',
          retryAt: at.toISOString(),
        });
        continue;
      }
      const failure = outcome.kind === 'retry' ? 'gave-up' : outcome.kind;
      await markUnsettled(db, claimed.id, failure, message);
      const to = failure === 'unknown' ? 'ambiguous' : 'failed';
      promptMoved('warn', { ...ids, ...why, from: 'sending', to, reason: failure });
    }
  }
  return { paused: false, ...(retryAt && { retryAt }) };
}

/**
 * One `prompt.state` line per change of an outbox email's state (src/db/prompts.ts), with its kind (recap or
 * reminder): ids and states, the provider's words on a failure — never the recipient's address, the email or its link.
 */
function promptMoved(level: 'info' | 'warn', fields: LogFields & { from: string; to: string; reason: string }): void {
  log[level]('prompt.state', fields);
}
