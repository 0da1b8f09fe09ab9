import type { Db } from '../db/database.ts';
import type { Keys } from '../security/keys.ts';
import { carryTopicsForward } from './carry-topics.ts';
import { addCommitment, changeCommitment } from './commitment-commands.ts';
import type { AgendaContext } from './context.ts';
import { saveFeedback } from './feedback-commands.ts';
import { addGoal, addMilestone, changeMilestone } from './goal-commands.ts';
import { openLink, type SeriesLinks } from './links.ts';
import { createSeries } from './series-setup.ts';
import { addTopic } from './topic-commands.ts';

const WEEK_MS = 7 * 24 * 3600_000;

/**
 * Creates a sample weekly 1:1 (sandbox mode only): three past meetings with a little history, and upcoming ones,
 * so a newcomer sees a lived-in agenda. It is marked as a demo: no calendar series is ever matched to it (whatever
 * addresses it shares), so its data never reaches a real invite, email or agenda, and it can be deleted. Returns the
 * links of the new series.
 */
export async function createDemoSeries(db: Db, keys: Keys, now: Date): Promise<SeriesLinks> {
  // Meetings on the hour, 30 minutes long, a week apart; the third is tomorrow.
  const first = new Date(Math.ceil(now.getTime() / 3600_000) * 3600_000 + 24 * 3600_000 - 3 * WEEK_MS);
  const occurrences = Array.from({ length: 8 }, (_, i) => ({
    startsAt: new Date(first.getTime() + i * WEEK_MS),
    endsAt: new Date(first.getTime() + i * WEEK_MS + 30 * 60_000),
  }));
  const created = await createSeries(db, keys, {
    title: 'Weekly 1:1 — Maya / Sam',
    organizer: { email: 'maya@example.com', name: 'Maya (manager)' },
    attendee: { email: 'sam@example.com', name: 'Sam (report)' },
    timeZone: 'Europe/Berlin',
    occurrences,
    kind: 'demo',
  });
  if (!created.ok) throw new Error(`demo series could not be created: ${JSON.stringify(created.problem)}`);
  const { links } = created.value;
  const opened = await openLink(db, links.organizer);
  if (!opened) throw new Error('demo series link did not open');
  const [past1, past2] = created.value.occurrences;
  const at = (occurrence: typeof past1, offsetMs: number): AgendaContext => ({
    db,
    keys,
    opened,
    now: new Date(occurrence!.ends_at.getTime() + offsetMs),
  });
  await addTopic(at(past1, -WEEK_MS), { text: 'Onboarding: what is still unclear?', occurrenceId: past1!.id });
  const rfc = await addCommitment(at(past1, 0), {
    text: 'Write the on-call RFC draft',
    owner: 'sam@example.com',
    due: isoDate(past2!.starts_at),
    occurrenceId: past1!.id,
  });
  await addCommitment(at(past1, 0), {
    text: 'Introduce Sam to the platform team',
    owner: 'maya@example.com',
    occurrenceId: past1!.id,
  });
  if (rfc.ok) await changeCommitment(at(past2, -60_000), rfc.value.id, { status: 'done' });
  await addCommitment(at(past2, 0), {
    text: 'Pick a conference talk to submit',
    owner: 'sam@example.com',
    due: isoDate(new Date(now.getTime() + 2 * WEEK_MS)),
    occurrenceId: past2!.id,
  });
  // The onboarding question was never resolved: it is on the next meeting's agenda, as a carried topic.
  await carryTopicsForward(db, created.value.series.id, now);
  await developmentGoal(at(past1, 0), at(past2, 0), now);
  // Sam shared his rating of the last meeting with Maya; hers on the page is hers alone until she shares it.
  const sams = await openLink(db, links.attendee);
  if (sams) {
    const rated = { db, keys, opened: sams, now };
    await saveFeedback(rated, {
      occurrenceId: past2!.id,
      rating: 4,
      answer: 'More time on the RFC review',
      shared: true,
    });
  }
  return links;
}

/** Sam's goal, set at the first meeting, with one milestone done by the second: the goals page and history show it. */
async function developmentGoal(atFirst: AgendaContext, atSecond: AgendaContext, now: Date): Promise<void> {
  const goal = await addGoal(atFirst, {
    title: 'Give a talk at a conference',
    description: 'Share what the team learned from the on-call rework.',
    targetDate: isoDate(new Date(now.getTime() + 12 * WEEK_MS)),
    owner: 'sam@example.com',
  });
  if (!goal.ok) return;
  const topic = await addMilestone(atFirst, goal.value.id, { text: 'Pick a topic and a conference' });
  await addMilestone(atFirst, goal.value.id, { text: 'Write the abstract' });
  await addMilestone(atFirst, goal.value.id, { text: 'Dry run with the team' });
  if (topic.ok) await changeMilestone(atSecond, goal.value.id, topic.value.id, { done: true });
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}
