import { pauseAccount } from '../accounts/reconnect.ts';
import { linkToken } from '../agenda/links.ts';
import { participantNames, toCommitment, toOccurrenceTimes } from '../agenda/mappers.ts';
import { carriedInto } from '../core/carry-over.ts';
import { findAccount } from '../db/accounts.ts';
import { listCommitments } from '../db/commitments.ts';
import { PREPARE_SOURCE } from '../db/job-kinds.ts';
import { scheduleJob } from '../db/jobs.ts';
import { findOccurrence, listOccurrences } from '../db/occurrences.ts';
import { claimPrompt, markNotSent, markSent, markUnsettled, settleAbandonedSends } from '../db/prompts.ts';
import { findSeries } from '../db/series.ts';
import { findSourceWithSeries } from '../db/series-sources.ts';
import { describeError, type LogFields, log } from '../observability/log.ts';
import { isProviderError } from '../providers/provider-error.ts';
import { kitFor, type LifecycleDeps, sessionFor } from './deps.ts';
import { promptEmail } from './prompt-email.ts';
import { sendOutcome } from './send-outcome.ts';
import { type JobResult, retryDelay } from './tick.ts';

/** Tries of a send that certainly did not go out (throttled, never connected) before it is given up as failed. */
const MAX_SEND_TRIES = 8;

/**
 * After a meeting ends (+ PROMPT_DELAY_MINUTES), emails both people from the organizer's mailbox: their own link to
 * record what was agreed and to close earlier commitments. At most once per occurrence and person, and never lost
 * silently: each send is claimed in the outbox first, and a failure is judged by what the provider could have done
 * (src/lifecycle/send-outcome.ts): not sent → tried again (Retry-After honoured) up to MAX_SEND_TRIES; may have gone
 * out → ambiguous; refused → failed; the account cannot send → the prompt waits for the person to reconnect.
 */
export async function sendPrompts(deps: LifecycleDeps, occurrenceId: string): Promise<JobResult> {
  const { db, clock } = deps;
  const now = clock();
  const occurrence = await findOccurrence(db, occurrenceId);
  // A meeting that did not take place (cancelled, or declined by either person) gets no prompt.
  if (!occurrence || occurrence.status === 'cancelled' || occurrence.declined_by !== null) return undefined;
  const dueAt = new Date(occurrence.ends_at.getTime() + deps.promptDelayMinutes * 60_000);
  if (dueAt > now) return { rerunAt: dueAt }; // the meeting was moved later
  const series = await findSeries(db, occurrence.series_id);
  const source = occurrence.source_id ? await findSourceWithSeries(db, occurrence.source_id) : undefined;
  // Prompts go out from the mailbox of the series that holds the meeting, while it still organizes it: a series that
  // was deleted, handed over or stopped being a 1:1 before the meeting ended prompts for nothing after that.
  if (!series || !source?.account_id) return undefined;
  if (source.ended_at !== null && source.ended_at <= occurrence.ends_at) return undefined;
  const account = await findAccount(db, source.account_id);
  if (account?.status !== 'active') return undefined;

  const provider = kitFor(deps, account.provider).api;
  const session = sessionFor(deps, account);
  // The access token first: a token endpoint that fails now fails before anything could have been sent.
  try {
    await session.accessToken();
  } catch (error) {
    if (isProviderError(error, 'auth')) return undefined; // the account is paused; reconnecting resumes the prompts
    throw error; // the job tries again later (Retry-After honoured)
  }
  for (const promptId of await settleAbandonedSends(db, occurrence.id, now)) {
    promptMoved('warn', {
      promptId,
      occurrenceId: occurrence.id,
      from: 'sending',
      to: 'ambiguous',
      reason: 'abandoned',
    });
  }
  const all = await listOccurrences(db, series.id);
  const following = all.find((o) => o.status === 'scheduled' && o.starts_at > occurrence.starts_at);
  const commitments = (await listCommitments(db, series.id)).map(toCommitment);
  // What is still open going into the next meeting (including anything made at this one).
  const open = following
    ? carriedInto(commitments, toOccurrenceTimes(following), all.map(toOccurrenceTimes), series.time_zone, now)
    : [];
  const names = participantNames(series);
  const people = [
    { email: series.organizer_email, name: names.get(series.organizer_email)! },
    { email: series.attendee_email, name: names.get(series.attendee_email)! },
  ];

  let retryAt: Date | undefined;
  for (const [index, person] of people.entries()) {
    const other = people[1 - index]!;
    const claimed = await claimPrompt(db, occurrence.id, person.email, clock());
    if (!claimed) continue;
    const ids = { promptId: claimed.id, occurrenceId: occurrence.id, attempt: claimed.attempts };
    promptMoved('info', { ...ids, from: 'pending', to: 'sending', reason: 'claimed' });
    // Each person's own link to this thread: it opens only their meetings, and their private notes.
    const token = await linkToken(db, deps.keys, series.id, person.email);
    const mail = promptEmail({
      title: series.title,
      recipient: person,
      other,
      startsAt: occurrence.starts_at,
      endsAt: occurrence.ends_at,
      timeZone: series.time_zone,
      link: `${deps.baseUrl}/a/${token}?occurrence=${occurrence.id}`,
      open: open.map((carried) => ({
        carried,
        ownerName: names.get(carried.commitment.owner) ?? carried.commitment.owner,
      })),
    });
    try {
      const { messageId } = await provider.sendMail(session, mail);
      await markSent(db, claimed.id, messageId, clock());
      promptMoved('info', { ...ids, from: 'sending', to: 'sent', reason: 'sent' });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      const outcome = sendOutcome(error);
      const why = { error: describeError(error) };
      if (outcome.kind === 'auth') {
        // Nothing went out; the account pauses and this prompt goes out once it is reconnected.
        await markNotSent(db, claimed.id, message);
        promptMoved('warn', { ...ids, ...why, from: 'sending', to: 'pending', reason: 'account-needs-reconnect' });
        await pauseAccount(db, account, outcome.error);
        break;
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
  // The following meeting now carries what is still open.
  await scheduleJob(db, { kind: PREPARE_SOURCE, key: source.id, runAt: now });
  return retryAt ? { rerunAt: retryAt } : undefined;
}

/**
 * One `prompt.state` line per change of a prompt's state (src/db/prompts.ts): ids and states, the provider's words
 * on a failure — never the recipient's address, the email or its link.
 */
function promptMoved(level: 'info' | 'warn', fields: LogFields & { from: string; to: string; reason: string }): void {
  log[level]('prompt.state', fields);
}
