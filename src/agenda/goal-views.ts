import {
  type GoalEventKind,
  type GoalProgress,
  goalProgress,
  isGoalEventKind,
  isPastDate,
  nextMilestone,
} from '../core/goal-progress.ts';
import { formatShortDateTime, todayIn } from '../core/time.ts';
import { listGoalEvents, listGoals, listMilestones } from '../db/goals.ts';
import type { GoalEventRow, GoalMilestoneRow, GoalRow, GoalStatus } from '../db/schema.ts';
import type { PersonView } from './agenda-view.ts';
import type { AgendaContext } from './context.ts';
import { participantNames } from './mappers.ts';

export interface MilestoneView {
  readonly id: string;
  readonly text: string;
  readonly due: string | null;
  readonly position: number;
  readonly done: boolean;
  readonly doneAt: string | null;
  /** Not done and its due date has passed (in the series' zone). */
  readonly overdue: boolean;
}

/** One entry of a goal's record: what changed, by whom, when — as data and as a sentence. */
export interface GoalEventView {
  /** A kind this code no longer knows reads as 'edited'. */
  readonly kind: GoalEventKind;
  /** The fields edited, the new status, or the milestone's text. */
  readonly detail: string | null;
  readonly by: PersonView | null;
  readonly at: string;
  /** The time for people, in the zone the page is shown in. */
  readonly when: string;
  /** What happened, e.g. "Sam completed the milestone “Outline the talk”". */
  readonly text: string;
}

export interface GoalView {
  readonly id: string;
  readonly title: string;
  readonly description: string;
  readonly owner: PersonView;
  readonly targetDate: string | null;
  readonly status: GoalStatus;
  /** Active and its target date has passed (in the series' zone). */
  readonly overdue: boolean;
  readonly progress: GoalProgress;
  readonly nextMilestone: MilestoneView | null;
  readonly milestones: readonly MilestoneView[];
  readonly createdAt: string;
  readonly closedAt: string | null;
  /** Its record, oldest first. */
  readonly events: readonly GoalEventView[];
}

/** A change to a goal as a past meeting of the history lists it: the goal it was to, and what happened. */
export interface GoalLineView {
  readonly goalId: string;
  readonly goalTitle: string;
  readonly kind: GoalEventKind;
  readonly text: string;
  readonly at: string;
}

const STATUS_ORDER: Readonly<Record<GoalStatus, number>> = { active: 0, achieved: 1, dropped: 2 };

/**
 * Every goal of the link's 1:1 with its milestones and record: active first, then achieved, then dropped (oldest
 * first within each). Times of the record are shown in `zone`.
 */
export async function loadGoals(ctx: AgendaContext, zone: string): Promise<GoalView[]> {
  const series = ctx.opened.series;
  const [goals, milestones, events] = await Promise.all([
    listGoals(ctx.db, series.id),
    listMilestones(ctx.db, series.id),
    listGoalEvents(ctx.db, series.id),
  ]);
  const names = participantNames(series);
  const person = (email: string): PersonView => ({ email, name: names.get(email) ?? email });
  const today = todayIn(ctx.now, series.time_zone);
  return goals
    .map((goal) =>
      goalView(
        goal,
        milestones.filter((m) => m.goal_id === goal.id),
        events.filter((e) => e.goal_id === goal.id).map((e) => eventView(e, person, zone)),
        person,
        today,
      ),
    )
    .sort((a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status]);
}

/** Every goal's record as history lines, each naming its goal, oldest first. */
export function goalLines(goals: readonly GoalView[]): GoalLineView[] {
  return goals
    .flatMap((goal) =>
      goal.events.map((event) => ({
        goalId: goal.id,
        goalTitle: goal.title,
        kind: event.kind,
        text: event.text,
        at: event.at,
      })),
    )
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
}

function goalView(
  goal: GoalRow,
  milestoneRows: readonly GoalMilestoneRow[],
  events: readonly GoalEventView[],
  person: (email: string) => PersonView,
  today: string,
): GoalView {
  const milestones = milestoneRows.map((m) => milestoneView(m, today));
  return {
    id: goal.id,
    title: goal.title,
    description: goal.description,
    owner: person(goal.owner_email),
    targetDate: goal.target_date,
    status: goal.status,
    overdue: isPastDate(goal.target_date, goal.status === 'active', today),
    progress: goalProgress(milestones),
    nextMilestone: nextMilestone(milestones) ?? null,
    milestones,
    createdAt: goal.created_at.toISOString(),
    closedAt: goal.closed_at?.toISOString() ?? null,
    events,
  };
}

function milestoneView(row: GoalMilestoneRow, today: string): MilestoneView {
  const done = row.done_at !== null;
  return {
    id: row.id,
    text: row.text,
    due: row.due_date,
    position: row.position,
    done,
    doneAt: row.done_at?.toISOString() ?? null,
    overdue: isPastDate(row.due_date, !done, today),
  };
}

function kindOf(kind: string): GoalEventKind {
  return isGoalEventKind(kind) ? kind : 'edited';
}

function eventView(row: GoalEventRow, person: (email: string) => PersonView, zone: string): GoalEventView {
  const by = row.actor_email ? person(row.actor_email) : null;
  const kind = kindOf(row.kind);
  return {
    kind,
    detail: row.detail,
    by,
    at: row.at.toISOString(),
    when: formatShortDateTime(row.at, zone),
    text: `${by?.name ?? 'Someone'} ${whatHappened(kind, row.detail)}`,
  };
}

const FIELD_NAMES: Readonly<Record<string, string>> = {
  title: 'title',
  description: 'description',
  target: 'target date',
  owner: 'owner',
};

/** The verb phrase of a record entry, e.g. "completed the milestone “Outline the talk”". */
function whatHappened(kind: GoalEventKind, detail: string | null): string {
  const quoted = `“${detail ?? ''}”`;
  switch (kind) {
    case 'created':
      return 'added the goal';
    case 'edited': {
      const fields = (detail ?? '').split(',').map((f) => FIELD_NAMES[f] ?? f);
      const list = fields.length > 1 ? `${fields.slice(0, -1).join(', ')} and ${fields.at(-1)}` : fields[0];
      return `edited the ${list || 'goal'}`;
    }
    case 'status':
      return detail === 'achieved' ? 'marked it achieved' : detail === 'dropped' ? 'dropped it' : 'reopened it';
    case 'milestone-added':
      return `added the milestone ${quoted}`;
    case 'milestone-edited':
      return `edited the milestone ${quoted}`;
    case 'milestone-done':
      return `completed the milestone ${quoted}`;
    case 'milestone-reopened':
      return `marked the milestone ${quoted} not done`;
    case 'milestone-removed':
      return `removed the milestone ${quoted}`;
  }
}
