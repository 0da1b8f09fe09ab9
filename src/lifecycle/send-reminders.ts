import { carriedLinesInto } from '../agenda/carried-lines.ts';
import { linkToken } from '../agenda/links.ts';
import { participantNames, topicLine } from '../agenda/mappers.ts';
import { findOccurrence, listOccurrences } from '../db/occurrences.ts';
import type { OccurrenceRow } from '../db/schema.ts';
import { findSeries } from '../db/series.ts';
import { listTopics } from '../db/topics.ts';
import { type ReminderEmailInput, reminderEmail } from '../mail/reminder-email.tsx';
import type { LifecycleDeps } from './deps.ts';
import { organizerMailbox, sendToEach } from './outbox-send.ts';
import type { JobResult } from './tick.ts';

/** When an occurrence's reminder is due: REMINDER_HOURS before it starts. */
export function reminderDueAt(occurrence: Pick<OccurrenceRow, 'starts_at'>, reminderHours: number): Date {
  return new Date(occurrence.starts_at.getTime() - reminderHours * 3600_000);
}

/**
 * REMINDER_HOURS before a meeting, emails both people from the organizer's mailbox: when it is, their own agenda
 * link, the talking points so far and the commitments carried into it, and to the report an invitation to add
 * theirs. At most once per occurrence and person (the outbox, src/lifecycle/outbox-send.ts); never for a meeting
 * that was cancelled or declined, a thread with reminders off, a demo, or once the meeting has started. A meeting
 * found after its reminder time but before it starts gets its reminder at once; one moved later, at its new time.
 */
export async function sendReminders(deps: LifecycleDeps, occurrenceId: string): Promise<JobResult> {
  const { db, clock } = deps;
  const now = clock();
  if (deps.reminderHours <= 0) return undefined;
  const occurrence = await findOccurrence(db, occurrenceId);
  if (!occurrence || occurrence.status === 'cancelled' || occurrence.declined_by !== null) return undefined;
  if (occurrence.starts_at <= now) return undefined; // too late: the meeting has started
  const dueAt = reminderDueAt(occurrence, deps.reminderHours);
  if (dueAt > now) return { rerunAt: dueAt }; // the meeting was moved later
  const series = await findSeries(db, occurrence.series_id);
  // A demo has no mailbox; a thread may have its reminders turned off on its agenda page. A paused thread sends
  // nothing: its reminder goes out if it is resumed before the meeting, else the recap's job marks it skipped.
  if (!series || series.kind === 'demo' || !series.reminders || series.status !== 'active') return undefined;
  if (series.paused_at !== null) return undefined;
  const recipients = [series.organizer_email, series.attendee_email];
  // A reminder is not held for a paused account: once the meeting starts it is owed to no one (the recap is held).
  const mailbox = await organizerMailbox(deps, occurrence, now, { kind: 'reminder', recipients: [] });
  if (!mailbox) return undefined;

  const names = participantNames(series);
  const carried = await carriedLinesInto(db, series, occurrence, await listOccurrences(db, series.id), now);
  const topics = await listTopics(db, [occurrence.id]);
  const content: Omit<ReminderEmailInput, 'recipient' | 'other' | 'recipientIsReport' | 'link'> = {
    title: series.title,
    startsAt: occurrence.starts_at,
    endsAt: occurrence.ends_at,
    timeZone: series.time_zone,
    now,
    carried,
    topics: topics.map((topic) => topicLine(topic, names)),
  };
  const people = recipients.map((email) => ({ email, name: names.get(email)! }));

  const report = await sendToEach(deps, mailbox, occurrence.id, 'reminder', people, async (person) => {
    const other = people.find((p) => p.email !== person.email)!;
    // Each person's own link: their meetings only, and their private note for this one.
    const token = await linkToken(db, deps.keys, series.id, person.email);
    return reminderEmail({
      ...content,
      recipient: person,
      other,
      recipientIsReport: person.email === series.attendee_email,
      link: `${deps.baseUrl}/a/${token}?occurrence=${occurrence.id}`,
    });
  });
  // A send to retry, but not past the meeting's start: a late reminder is no reminder.
  if (report?.retryAt && report.retryAt < occurrence.starts_at) return { rerunAt: report.retryAt };
  return undefined;
}
