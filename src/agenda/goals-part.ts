import { changesByMeeting, proposesCheckIn } from '../core/goal-progress.ts';
import type { OccurrenceRow } from '../db/schema.ts';
import { deriveLinkToken } from '../security/link-token.ts';
import type { AgendaContext } from './context.ts';
import { type GoalLineView, type GoalView, goalLines, loadGoals } from './goal-views.ts';
import { toOccurrenceTimes } from './mappers.ts';

/** An active goal as the agenda shows it: its progress and next step, without its record. */
export type GoalSummaryView = Omit<GoalView, 'events'>;

/**
 * What the agenda page shows of the pair's development goals. They are between the two people, each on their own
 * link: the shared link (in the invite, forwardable) gets `{ visible: false }` and nothing else.
 */
export type GoalsPart =
  | { readonly visible: false }
  | {
      readonly visible: true;
      /** The active goals, oldest first, with milestones done / total, target date and whether it is overdue. */
      readonly active: readonly GoalSummaryView[];
      readonly counts: { readonly active: number; readonly achieved: number; readonly dropped: number };
      /** The goals page of this link. */
      readonly link: string;
      /** Every this many meetings that take place the agenda proposes a goals check-in; 0: never. */
      readonly every: number;
      /** Whether the meeting shown is a goals check-in. */
      readonly checkIn: boolean;
      /**
       * Per past meeting (occurrence id), what moved on the goals since the meeting before it ended, up to its own
       * end. Meetings where nothing moved are absent.
       */
      readonly byOccurrence: Readonly<Record<string, readonly GoalLineView[]>>;
    };

/** Loads the goals part of an agenda view for the meeting shown (`current`) among the thread's meetings. */
export async function loadGoalsPart(
  ctx: AgendaContext,
  current: OccurrenceRow | undefined,
  rows: readonly OccurrenceRow[],
): Promise<GoalsPart> {
  const { opened, now } = ctx;
  if (opened.viewer.role === 'shared') return { visible: false };
  const goals = await loadGoals(ctx, opened.series.time_zone);
  const times = rows.map(toOccurrenceTimes);
  const every = opened.series.goals_every;
  const lines = goalLines(goals).map((line) => ({ at: new Date(line.at), line }));
  const byOccurrence: Record<string, readonly GoalLineView[]> = {};
  for (const [occurrenceId, changes] of changesByMeeting(times, lines, now)) {
    byOccurrence[occurrenceId] = changes.map((change) => change.line);
  }
  const count = (status: GoalView['status']) => goals.filter((goal) => goal.status === status).length;
  return {
    visible: true,
    active: goals.filter((goal) => goal.status === 'active').map(({ events: _events, ...summary }) => summary),
    counts: { active: count('active'), achieved: count('achieved'), dropped: count('dropped') },
    link: `/a/${await deriveLinkToken(ctx.keys, opened.link.nonce)}/goals`,
    every,
    checkIn: current ? proposesCheckIn(times, current.id, every) : false,
    byOccurrence,
  };
}
