import { linkToken } from '../agenda/links.ts';
import { commitmentLine, participantNames, toCommitment, toOccurrenceTimes, topicLine } from '../agenda/mappers.ts';
import { carriedInto, isOverdue, madeAt } from '../core/carry-over.ts';
import { todayIn } from '../core/time.ts';
import { agendasFor } from '../db/agendas.ts';
import { listCommitments } from '../db/commitments.ts';
import { PREPARE_SOURCE } from '../db/job-kinds.ts';
import { scheduleJob } from '../db/jobs.ts';
import { findOccurrence, listOccurrences } from '../db/occurrences.ts';
import { findSeries } from '../db/series.ts';
import { skipPausedPrompts } from '../db/series-pause.ts';
import { listTopics } from '../db/topics.ts';
import type { CommitmentLine } from '../mail/lines.tsx';
import { type RecapEmailInput, recapEmail } from '../mail/recap-email.tsx';
import type { LifecycleDeps } from './deps.ts';
import { organizerMailbox, sendToEach } from './outbox-send.ts';
import type { JobResult } from './tick.ts';

/**
 * After a meeting ends (+ PROMPT_DELAY_MINUTES), emails both people from the organizer's mailbox the meeting's recap,
 * which is also the prompt: their own link to record what was agreed and to close earlier commitments. At most once
 * per occurrence and person, never lost silently (src/lifecycle/outbox-send.ts). A meeting held while its 1:1 is
 * paused gets neither: its emails are marked skipped (src/db/series-pause.ts).
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
  if (!series) return undefined;
  if (series.paused_at !== null) {
    // Held while paused: no email, but its recap (and reminder, if one was due) show on the agenda as not sent, and why.
    const kinds = deps.reminderHours > 0 && series.reminders ? (['recap', 'reminder'] as const) : (['recap'] as const);
    await skipPausedPrompts(db, occurrence.id, [series.organizer_email, series.attendee_email], kinds);
    return undefined;
  }
  const recipients = [series.organizer_email, series.attendee_email];
  const mailbox = await organizerMailbox(deps, occurrence, occurrence.ends_at, { kind: 'recap', recipients });
  if (!mailbox) return undefined;

  const all = await listOccurrences(db, series.id);
  const commitments = (await listCommitments(db, series.id)).map(toCommitment);
  const names = participantNames(series);
  const today = todayIn(now, series.time_zone);
  const line = (c: (typeof commitments)[number], overdue: boolean): CommitmentLine =>
    commitmentLine(c, overdue, names, today);
  const [topics, agendas] = await Promise.all([listTopics(db, [occurrence.id]), agendasFor(db, [occurrence.id])]);
  const agenda = agendas.get(occurrence.id);
  // Only what both people share: the agenda's texts, its topics and commitments — never anyone's private note.
  const content: Omit<RecapEmailInput, 'recipient' | 'other' | 'link' | 'feedbackLink'> = {
    title: series.title,
    startsAt: occurrence.starts_at,
    endsAt: occurrence.ends_at,
    timeZone: series.time_zone,
    topics: topics.map((topic) => topicLine(topic, names)),
    deepDive: agenda?.deep_dive ?? '',
    sharedNotes: agenda?.shared_notes ?? '',
    decisions: agenda?.decisions ?? '',
    nextSteps: madeAt(commitments, occurrence.id).map((c) => line(c, isOverdue(c, series.time_zone, now))),
    // Made before this meeting and still open: what the next one reviews.
    stillOpen: carriedInto(
      commitments,
      toOccurrenceTimes(occurrence),
      all.map(toOccurrenceTimes),
      series.time_zone,
      now,
    ).map(({ commitment, overdue }) => line(commitment, overdue)),
  };
  const people = recipients.map((email) => ({ email, name: names.get(email)! }));

  const report = await sendToEach(deps, mailbox, occurrence.id, 'recap', people, async (person) => {
    const other = people.find((p) => p.email !== person.email)!;
    // Each person's own link to this thread: it opens only their meetings, and their private notes.
    const token = await linkToken(db, deps.keys, series.id, person.email);
    const link = `${deps.baseUrl}/a/${token}?occurrence=${occurrence.id}`;
    const feedbackLink = `${deps.baseUrl}/a/${token}/feedback?occurrence=${occurrence.id}`;
    return recapEmail({ ...content, recipient: person, other, link, feedbackLink });
  });
  if (!report) return undefined;
  // The following meeting now carries what is still open.
  await scheduleJob(db, { kind: PREPARE_SOURCE, key: mailbox.sourceId, runAt: now });
  return report.retryAt ? { rerunAt: report.retryAt } : undefined;
}
