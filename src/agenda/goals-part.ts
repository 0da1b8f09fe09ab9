import type { OccurrenceRow } from '../db/schema.ts';
import type { AgendaContext } from './context.ts';

/** What the agenda page shows of the goals (issue 13): filled in by its own module. */
export type GoalsPart = null;

/** Loads the goals part of an agenda view for the meeting shown (`current`) among the thread's meetings. */
export async function loadGoalsPart(
  _ctx: AgendaContext,
  _current: OccurrenceRow | undefined,
  _rows: readonly OccurrenceRow[],
): Promise<GoalsPart> {
  return null;
}
