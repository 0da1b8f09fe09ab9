import { sql } from 'kysely';
import type { GoalEventKind } from '../core/goal-progress.ts';
import { type Db, inTransaction } from './database.ts';
import type { GoalEventRow, GoalMilestoneRow, GoalRow, GoalStatus, SeriesRow } from './schema.ts';

/** Every goal of a series, oldest first. */
export async function listGoals(db: Db, seriesId: string): Promise<GoalRow[]> {
  return db
    .selectFrom('goals')
    .selectAll()
    .where('series_id', '=', seriesId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The milestones of a series' goals, in each goal's order. */
export async function listMilestones(db: Db, seriesId: string): Promise<GoalMilestoneRow[]> {
  return db
    .selectFrom('goal_milestones')
    .innerJoin('goals', 'goals.id', 'goal_milestones.goal_id')
    .selectAll('goal_milestones')
    .where('goals.series_id', '=', seriesId)
    .orderBy('goal_milestones.goal_id')
    .orderBy('goal_milestones.position')
    .orderBy('goal_milestones.created_at')
    .execute();
}

/** The record of a series' goals (what changed, by whom, when), oldest first. */
export async function listGoalEvents(db: Db, seriesId: string): Promise<GoalEventRow[]> {
  return (
    db
      .selectFrom('goal_events')
      .innerJoin('goals', 'goals.id', 'goal_events.goal_id')
      .selectAll('goal_events')
      .where('goals.series_id', '=', seriesId)
      .orderBy('goal_events.at')
      // One change can make two entries at the same instant (an edit and a status); the kind's name puts 'edited'
      // before 'status'. Entries of different changes are apart in time.
      .orderBy('goal_events.kind')
      .orderBy('goal_events.id')
      .execute()
  );
}

/** One goal of one series; undefined when the id belongs to another series. */
export async function findGoalInSeries(db: Db, seriesId: string, goalId: string): Promise<GoalRow | undefined> {
  return db
    .selectFrom('goals')
    .selectAll()
    .where('series_id', '=', seriesId)
    .where('id', '=', goalId)
    .executeTakeFirst();
}

/** One milestone of one goal; undefined when it belongs to another goal. */
export async function findMilestoneOfGoal(
  db: Db,
  goalId: string,
  milestoneId: string,
): Promise<GoalMilestoneRow | undefined> {
  return db
    .selectFrom('goal_milestones')
    .selectAll()
    .where('goal_id', '=', goalId)
    .where('id', '=', milestoneId)
    .executeTakeFirst();
}

interface GoalEvent {
  readonly goalId: string;
  readonly kind: GoalEventKind;
  readonly detail: string | null;
  readonly actorEmail: string | null;
  readonly at: Date;
}

async function recordEvent(db: Db, event: GoalEvent): Promise<void> {
  await db
    .insertInto('goal_events')
    .values({
      goal_id: event.goalId,
      kind: event.kind,
      detail: event.detail,
      actor_email: event.actorEmail,
      at: event.at,
    })
    .execute();
}

export interface NewGoal {
  readonly seriesId: string;
  readonly ownerEmail: string;
  readonly title: string;
  readonly description: string;
  readonly targetDate: string | null;
  readonly actorEmail: string | null;
}

/** Records a goal and its 'created' entry together. */
export async function insertGoal(db: Db, goal: NewGoal, now: Date): Promise<GoalRow> {
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('goals')
      .values({
        series_id: goal.seriesId,
        owner_email: goal.ownerEmail,
        title: goal.title,
        description: goal.description,
        target_date: goal.targetDate,
        created_by_email: goal.actorEmail,
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await recordEvent(trx, {
      goalId: row.id,
      kind: 'created',
      detail: row.title,
      actorEmail: goal.actorEmail,
      at: now,
    });
    return row;
  });
}

export interface GoalPatch {
  readonly title?: string;
  readonly description?: string;
  readonly targetDate?: string | null;
  readonly ownerEmail?: string;
  readonly status?: GoalStatus;
}

/**
 * Changes a goal and records what changed: one 'edited' entry naming the fields, one 'status' entry with the new
 * status. The row is locked first, so two people changing a goal at once leave one consistent record.
 */
export async function updateGoal(
  db: Db,
  goalId: string,
  patch: GoalPatch,
  actorEmail: string | null,
  now: Date,
): Promise<GoalRow> {
  return inTransaction(db, async (trx) => {
    const before = await lockGoal(trx, goalId);
    const statusChanged = patch.status !== undefined && patch.status !== before.status;
    const edits: string[] = [];
    if (patch.title !== undefined && patch.title !== before.title) edits.push('title');
    if (patch.description !== undefined && patch.description !== before.description) edits.push('description');
    if (patch.targetDate !== undefined && patch.targetDate !== before.target_date) edits.push('target');
    if (patch.ownerEmail !== undefined && patch.ownerEmail !== before.owner_email) edits.push('owner');
    if (!statusChanged && edits.length === 0) return before;

    const after = await trx
      .updateTable('goals')
      .set({
        ...(patch.title !== undefined ? { title: patch.title } : {}),
        ...(patch.description !== undefined ? { description: patch.description } : {}),
        ...(patch.targetDate !== undefined ? { target_date: patch.targetDate } : {}),
        ...(patch.ownerEmail !== undefined ? { owner_email: patch.ownerEmail } : {}),
        ...(statusChanged ? { status: patch.status, closed_at: patch.status === 'active' ? null : now } : {}),
        updated_at: now,
      })
      .where('id', '=', goalId)
      .returningAll()
      .executeTakeFirstOrThrow();
    if (edits.length > 0) {
      await recordEvent(trx, { goalId, kind: 'edited', detail: edits.join(','), actorEmail, at: now });
    }
    if (statusChanged) {
      await recordEvent(trx, { goalId, kind: 'status', detail: after.status, actorEmail, at: now });
    }
    return after;
  });
}

export interface NewMilestone {
  readonly goalId: string;
  readonly text: string;
  readonly dueDate: string | null;
  readonly actorEmail: string | null;
}

/** Adds a milestone at the end of its goal's list and records it. */
export async function insertMilestone(db: Db, milestone: NewMilestone, now: Date): Promise<GoalMilestoneRow> {
  return inTransaction(db, async (trx) => {
    // Locking the goal serializes two additions, so they never take the same place.
    await lockGoal(trx, milestone.goalId);
    const { next } = await trx
      .selectFrom('goal_milestones')
      .select(sql<number>`coalesce(max(position) + 1, 0)`.as('next'))
      .where('goal_id', '=', milestone.goalId)
      .executeTakeFirstOrThrow();
    const row = await trx
      .insertInto('goal_milestones')
      .values({
        goal_id: milestone.goalId,
        text: milestone.text,
        due_date: milestone.dueDate,
        position: Number(next),
        created_at: now,
        updated_at: now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const { goalId, actorEmail } = milestone;
    await milestoneChanged(trx, { goalId, kind: 'milestone-added', detail: row.text, actorEmail, at: now });
    return row;
  });
}

export interface MilestonePatch {
  readonly done?: boolean;
  readonly text?: string;
  readonly dueDate?: string | null;
}

/** Ticks a milestone off or reopens it, or edits its text or due date, recording each change. */
export async function updateMilestone(
  db: Db,
  goalId: string,
  milestoneId: string,
  patch: MilestonePatch,
  actorEmail: string | null,
  now: Date,
): Promise<GoalMilestoneRow> {
  return inTransaction(db, async (trx) => {
    await lockGoal(trx, goalId);
    const before = await trx
      .selectFrom('goal_milestones')
      .selectAll()
      .where('id', '=', milestoneId)
      .where('goal_id', '=', goalId)
      .executeTakeFirstOrThrow();
    const doneChanged = patch.done !== undefined && patch.done !== (before.done_at !== null);
    const edited =
      (patch.text !== undefined && patch.text !== before.text) ||
      (patch.dueDate !== undefined && patch.dueDate !== before.due_date);
    if (!doneChanged && !edited) return before;
    const after = await trx
      .updateTable('goal_milestones')
      .set({
        ...(patch.text !== undefined ? { text: patch.text } : {}),
        ...(patch.dueDate !== undefined ? { due_date: patch.dueDate } : {}),
        ...(doneChanged ? { done_at: patch.done ? now : null } : {}),
        updated_at: now,
      })
      .where('id', '=', milestoneId)
      .returningAll()
      .executeTakeFirstOrThrow();
    const change = { goalId, detail: after.text, actorEmail, at: now };
    if (edited) await milestoneChanged(trx, { ...change, kind: 'milestone-edited' });
    const doneKind = patch.done ? 'milestone-done' : 'milestone-reopened';
    if (doneChanged) await milestoneChanged(trx, { ...change, kind: doneKind });
    return after;
  });
}

/** Removes a milestone; the record keeps its text ('milestone-removed'), so the history still says what it was. */
export async function deleteMilestone(
  db: Db,
  goalId: string,
  milestoneId: string,
  actorEmail: string | null,
  now: Date,
): Promise<GoalMilestoneRow | undefined> {
  return inTransaction(db, async (trx) => {
    await lockGoal(trx, goalId);
    const removed = await trx
      .deleteFrom('goal_milestones')
      .where('id', '=', milestoneId)
      .where('goal_id', '=', goalId)
      .returningAll()
      .executeTakeFirst();
    if (!removed) return undefined;
    await milestoneChanged(trx, { goalId, kind: 'milestone-removed', detail: removed.text, actorEmail, at: now });
    return removed;
  });
}

/** Sets how often a thread's agenda proposes a goals check-in (0: never); returns the thread as it now is. */
export async function setGoalsEvery(db: Db, seriesId: string, every: number): Promise<SeriesRow | undefined> {
  return db
    .updateTable('series')
    .set({ goals_every: every, updated_at: sql<Date>`now()` })
    .where('id', '=', seriesId)
    .returningAll()
    .executeTakeFirst();
}

function lockGoal(db: Db, goalId: string): Promise<GoalRow> {
  return db.selectFrom('goals').selectAll().where('id', '=', goalId).forUpdate().executeTakeFirstOrThrow();
}

/** A milestone changed: its goal was updated then, and its record says how. */
async function milestoneChanged(db: Db, event: GoalEvent): Promise<void> {
  await db.updateTable('goals').set({ updated_at: event.at }).where('id', '=', event.goalId).execute();
  await recordEvent(db, event);
}
