import type { OccurrenceRow } from '../db/schema.ts';
import type { AgendaContext } from './context.ts';

/** What the agenda page shows of the template (issue 13): filled in by its own module. */
export type TemplatePart = null;

/** Loads the template part of an agenda view for the meeting shown (`current`) among the thread's meetings. */
export async function loadTemplatePart(
  _ctx: AgendaContext,
  _current: OccurrenceRow | undefined,
  _rows: readonly OccurrenceRow[],
): Promise<TemplatePart> {
  return null;
}
