import { textProblem } from '../core/storable-text.ts';
import { isValidIsoDate } from '../core/time.ts';
import {
  deleteMilestone,
  findGoalInSeries,
  findMilestoneOfGoal,
  insertGoal,
  insertMilestone,
  setGoalsEvery,
  updateGoal,
  updateMilestone,
} from '../db/goals.ts';
import type { GoalMilestoneRow, GoalRow, GoalStatus } from '../db/schema.ts';
import { type AgendaContext, actorOf, participants } from './context.ts';
import { isUuid } from './ids.ts';
import { participantNames } from './mappers.ts';
import { failure, invalid, type Outcome, success } from './outcome.ts';

/** Longest goal title accepted: a goal is named in a line. */
export const MAX_GOAL_TITLE_LENGTH = 300;
/** Longest goal description accepted: what it means and how both will know it is reached. */
export const MAX_GOAL_DESCRIPTION_LENGTH = 4000;
/** Longest milestone accepted: a step, said in a sentence. */
export const MAX_MILESTONE_LENGTH = 500;
/** The longest goals check-in cadence: once a year of weekly meetings. */
export const MAX_GOALS_EVERY = 52;

export interface AddGoalInput {
  readonly title: string;
  readonly description?: string | undefined;
  /** YYYY-MM-DD; empty or null for none. */
  readonly targetDate?: string | null | undefined;
  /** One of the two people; default the attendee (the report, whose development it usually is). */
  readonly owner?: string | undefined;
}

/** Sets a development goal for the pair; the record says who set it. */
export async function addGoal(ctx: AgendaContext, input: AddGoalInput): Promise<Outcome<GoalRow>> {
  const actor = personOnly(ctx);
  if (!actor.ok) return actor;
  const title = checkText(input.title, 'title', MAX_GOAL_TITLE_LENGTH, 'Name the goal before adding it.');
  if (!title.ok) return title;
  const description = checkOptionalText(input.description, 'description', MAX_GOAL_DESCRIPTION_LENGTH);
  if (!description.ok) return description;
  const target = checkDate(input.targetDate, 'targetDate');
  if (!target.ok) return target;
  const owner = checkOwner(ctx, input.owner ?? ctx.opened.series.attendee_email);
  if (!owner.ok) return owner;
  const row = await insertGoal(
    ctx.db,
    {
      seriesId: ctx.opened.series.id,
      ownerEmail: owner.value,
      title: title.value,
      description: description.value ?? '',
      targetDate: target.value ?? null,
      actorEmail: actor.value,
    },
    ctx.now,
  );
  return success(row);
}

export interface ChangeGoalInput {
  readonly title?: string | undefined;
  readonly description?: string | undefined;
  readonly targetDate?: string | null | undefined;
  readonly owner?: string | undefined;
  /** 'achieved' or 'dropped' closes it; 'active' reopens it. */
  readonly status?: GoalStatus | undefined;
}

/** Edits a goal, or marks it achieved, dropped or active again. */
export async function changeGoal(
  ctx: AgendaContext,
  goalId: string,
  input: ChangeGoalInput,
): Promise<Outcome<GoalRow>> {
  const found = await findGoal(ctx, goalId);
  if (!found.ok) return found;
  const title =
    input.title === undefined
      ? success(undefined)
      : checkText(input.title, 'title', MAX_GOAL_TITLE_LENGTH, 'A goal needs a title: name it, or drop the goal.');
  if (!title.ok) return title;
  const description = checkOptionalText(input.description, 'description', MAX_GOAL_DESCRIPTION_LENGTH);
  if (!description.ok) return description;
  const target = checkDate(input.targetDate, 'targetDate');
  if (!target.ok) return target;
  const owner = input.owner === undefined ? success(undefined) : checkOwner(ctx, input.owner);
  if (!owner.ok) return owner;
  const row = await updateGoal(
    ctx.db,
    found.value.goal.id,
    {
      ...(title.value !== undefined ? { title: title.value } : {}),
      ...(description.value !== undefined ? { description: description.value } : {}),
      ...(target.value !== undefined ? { targetDate: target.value } : {}),
      ...(owner.value !== undefined ? { ownerEmail: owner.value } : {}),
      ...(input.status !== undefined ? { status: input.status } : {}),
    },
    found.value.actor,
    ctx.now,
  );
  return success(row);
}

export interface AddMilestoneInput {
  readonly text: string;
  readonly due?: string | null | undefined;
}

/** Adds a milestone at the end of a goal's list. */
export async function addMilestone(
  ctx: AgendaContext,
  goalId: string,
  input: AddMilestoneInput,
): Promise<Outcome<GoalMilestoneRow>> {
  const found = await findGoal(ctx, goalId);
  if (!found.ok) return found;
  const text = checkText(input.text, 'text', MAX_MILESTONE_LENGTH, 'Say what the milestone is before adding it.');
  if (!text.ok) return text;
  const due = checkDate(input.due, 'due');
  if (!due.ok) return due;
  const row = await insertMilestone(
    ctx.db,
    { goalId: found.value.goal.id, text: text.value, dueDate: due.value ?? null, actorEmail: found.value.actor },
    ctx.now,
  );
  return success(row);
}

export interface ChangeMilestoneInput {
  readonly done?: boolean | undefined;
  readonly text?: string | undefined;
  readonly due?: string | null | undefined;
}

/** Ticks a milestone off or reopens it, or edits its text or due date. */
export async function changeMilestone(
  ctx: AgendaContext,
  goalId: string,
  milestoneId: string,
  input: ChangeMilestoneInput,
): Promise<Outcome<GoalMilestoneRow>> {
  const found = await findMilestone(ctx, goalId, milestoneId);
  if (!found.ok) return found;
  const text =
    input.text === undefined
      ? success(undefined)
      : checkText(input.text, 'text', MAX_MILESTONE_LENGTH, 'A milestone cannot be empty: write it, or remove it.');
  if (!text.ok) return text;
  const due = checkDate(input.due, 'due');
  if (!due.ok) return due;
  const { goal, milestone, actor } = found.value;
  const row = await updateMilestone(
    ctx.db,
    goal.id,
    milestone.id,
    {
      ...(input.done !== undefined ? { done: input.done } : {}),
      ...(text.value !== undefined ? { text: text.value } : {}),
      ...(due.value !== undefined ? { dueDate: due.value } : {}),
    },
    actor,
    ctx.now,
  );
  return success(row);
}

/** Removes a milestone; the goal's record keeps a line saying it was removed, and what it said. */
export async function removeMilestone(
  ctx: AgendaContext,
  goalId: string,
  milestoneId: string,
): Promise<Outcome<GoalMilestoneRow>> {
  const found = await findMilestone(ctx, goalId, milestoneId);
  if (!found.ok) return found;
  const { goal, milestone, actor } = found.value;
  const removed = await deleteMilestone(ctx.db, goal.id, milestone.id, actor, ctx.now);
  return removed ? success(removed) : milestoneNotFound();
}

/** Sets every how many meetings the agenda proposes a goals check-in (0 turns it off). */
export async function setGoalsCadence(ctx: AgendaContext, every: number): Promise<Outcome<{ every: number }>> {
  const actor = personOnly(ctx);
  if (!actor.ok) return actor;
  if (!Number.isInteger(every) || every < 0 || every > MAX_GOALS_EVERY) {
    return invalid('every', `Choose a whole number of meetings from 0 (no check-ins) to ${MAX_GOALS_EVERY}.`);
  }
  const series = await setGoalsEvery(ctx.db, ctx.opened.series.id, every);
  return series ? success({ every: series.goals_every }) : failure({ kind: 'not-found', message: 'No such 1:1.' });
}

/**
 * Goals are between the two people, each on their own link. The shared link travels in the invite to whoever it is
 * forwarded to, so it neither shows nor changes them. Answers the person acting.
 */
function personOnly(ctx: AgendaContext): Outcome<string> {
  const actor = ctx.opened.viewer.role === 'shared' ? null : actorOf(ctx.opened);
  if (actor) return success(actor);
  return failure({
    kind: 'forbidden',
    message: 'Development goals are kept on each person’s own link, not on the link shared in the invite.',
  });
}

/** A goal of this link's 1:1 only (another thread's id is "not found"), and who is acting on it. */
async function findGoal(ctx: AgendaContext, goalId: string): Promise<Outcome<{ goal: GoalRow; actor: string }>> {
  const actor = personOnly(ctx);
  if (!actor.ok) return actor;
  const goal = isUuid(goalId) ? await findGoalInSeries(ctx.db, ctx.opened.series.id, goalId) : undefined;
  if (!goal) return failure({ kind: 'not-found', message: 'There is no such goal in this 1:1.' });
  return success({ goal, actor: actor.value });
}

async function findMilestone(
  ctx: AgendaContext,
  goalId: string,
  milestoneId: string,
): Promise<Outcome<{ goal: GoalRow; milestone: GoalMilestoneRow; actor: string }>> {
  const found = await findGoal(ctx, goalId);
  if (!found.ok) return found;
  const milestone = isUuid(milestoneId)
    ? await findMilestoneOfGoal(ctx.db, found.value.goal.id, milestoneId)
    : undefined;
  return milestone ? success({ ...found.value, milestone }) : milestoneNotFound();
}

const milestoneNotFound = () =>
  failure<never>({ kind: 'not-found', message: 'There is no such milestone on this goal.' });

/** Text a person typed, trimmed: not empty, not too long, and storable (no NUL, no half characters). */
function checkText(raw: string, field: string, max: number, whenEmpty: string): Outcome<string> {
  const text = raw.trim();
  if (text.length === 0) return invalid(field, whenEmpty);
  return checkStorable(text, field, max);
}

/** Optional text (a description may be empty); undefined = not given. */
function checkOptionalText(raw: string | undefined, field: string, max: number): Outcome<string | undefined> {
  return raw === undefined ? success(undefined) : checkStorable(raw.trim(), field, max);
}

function checkStorable(text: string, field: string, max: number): Outcome<string> {
  const problem = textProblem(text);
  if (problem) return invalid(field, `The ${fieldName(field)} ${problem.message}.`);
  if (text.length > max) {
    return invalid(field, `Keep the ${fieldName(field)} under ${max} characters (this one has ${text.length}).`);
  }
  return success(text);
}

function fieldName(field: string): string {
  return field === 'text' ? 'milestone' : field;
}

/** undefined = not given (keep), null or '' = no date, else a real calendar date. */
function checkDate(raw: string | null | undefined, field: string): Outcome<string | null | undefined> {
  if (raw === undefined) return success(undefined);
  if (raw === null || raw.trim() === '') return success(null);
  const date = raw.trim();
  if (!isValidIsoDate(date)) {
    return invalid(field, `"${date}" is not a date. Pick one from the calendar, or type it as 2027-03-31.`);
  }
  return success(date);
}

function checkOwner(ctx: AgendaContext, raw: string): Outcome<string> {
  const owner = raw.trim().toLowerCase();
  const people = participants(ctx.opened.series);
  if (people.includes(owner)) return success(owner);
  const names = participantNames(ctx.opened.series);
  const choices = people.map((email) => `${names.get(email) ?? email} (${email})`).join(' or ');
  return invalid('owner', `Choose whose goal it is: ${choices}.`);
}
