import { feedbackInSeries } from '../db/meeting-feedback.ts';
import type { OccurrenceRow } from '../db/schema.ts';
import { open } from '../security/secret-box.ts';
import type { AgendaContext } from './context.ts';
import type { ExportPerson } from './export-data.ts';
import { questionOf, readerOf } from './feedback-rules.ts';
import { loadGoals } from './goal-views.ts';

/**
 * What a person's own link exports beyond the shared record: the pair's development goals and the feedback the
 * person may read (their own, and the other person's where it was shared with them). The shared link exports neither,
 * as its pages show neither.
 */

export interface ExportGoal {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly owner: ExportPerson;
  /** A calendar date (YYYY-MM-DD) in the series' time zone. */
  readonly targetDate: string | null;
  readonly status: 'active' | 'achieved' | 'dropped';
  readonly milestones: readonly {
    readonly text: string;
    readonly due: string | null;
    readonly doneAt: string | null;
  }[];
  /** Its record, oldest first, each entry as a sentence. */
  readonly history: readonly { readonly at: string; readonly text: string }[];
}

export interface ExportFeedback {
  readonly meetingId: string;
  readonly meetingStartsAt: string;
  readonly author: ExportPerson;
  readonly rating: number | null;
  readonly question: string;
  readonly answer: string;
  /** Whether its author shared it with the other person. */
  readonly shared: boolean;
}

/** The goals of the link's 1:1, for the export of a person's own link. */
export async function exportGoals(ctx: AgendaContext): Promise<ExportGoal[]> {
  const goals = await loadGoals(ctx, ctx.opened.series.time_zone);
  return goals.map((goal) => ({
    id: goal.id,
    title: goal.title,
    description: goal.description,
    owner: goal.owner,
    targetDate: goal.targetDate,
    status: goal.status,
    milestones: goal.milestones.map((m) => ({ text: m.text, due: m.due, doneAt: m.doneAt })),
    history: goal.events.map((event) => ({ at: event.at, text: event.text })),
  }));
}

/** The feedback `viewerEmail` may read on this 1:1, answers opened, oldest meeting first. */
export async function exportFeedback(
  ctx: AgendaContext,
  viewerEmail: string,
  rows: readonly OccurrenceRow[],
  person: (email: string) => ExportPerson,
): Promise<ExportFeedback[]> {
  const series = ctx.opened.series;
  const feedback = await feedbackInSeries(ctx.db, series.id, readerOf(series, viewerEmail));
  const byId = new Map(rows.map((row) => [row.id, row]));
  const out: ExportFeedback[] = [];
  for (const row of feedback) {
    const meeting = byId.get(row.occurrence_id);
    if (!meeting) continue; // a meeting no longer in the thread's record (it cascades with it)
    out.push({
      meetingId: meeting.id,
      meetingStartsAt: meeting.starts_at.toISOString(),
      author: person(row.author_email),
      rating: row.rating,
      question: questionOf(series, rows, meeting, row.author_email, row.question_key).text,
      answer: row.answer_sealed ? await open(ctx.keys, row.answer_sealed) : '',
      shared: row.shared,
    });
  }
  return out.sort((a, b) => a.meetingStartsAt.localeCompare(b.meetingStartsAt));
}
