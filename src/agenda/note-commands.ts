import { updateAgendaText } from '../db/agendas.ts';
import type { AgendaRow } from '../db/schema.ts';
import { type AgendaContext, pickOccurrence } from './context.ts';
import { failure, invalid, type Outcome, success } from './outcome.ts';
import { type PrivateNote, writePrivateNote } from './private-notes.ts';

/** Longest deep-dive topic, shared notes or private note accepted. */
export const MAX_NOTE_LENGTH = 20_000;

export interface AgendaTextInput {
  readonly occurrenceId?: string | undefined;
  /** The one bounded deep-dive topic of the meeting. */
  readonly deepDive?: string | undefined;
  readonly sharedNotes?: string | undefined;
  /** What was decided at the meeting, in the two people's words. */
  readonly decisions?: string | undefined;
}

/** Saves the deep-dive topic, shared notes and decisions of an occurrence. */
export async function saveAgendaText(ctx: AgendaContext, input: AgendaTextInput): Promise<Outcome<AgendaRow>> {
  if (input.deepDive === undefined && input.sharedNotes === undefined && input.decisions === undefined) {
    return invalid('deepDive', 'Nothing to save: send deepDive, sharedNotes or decisions.');
  }
  for (const [field, value, what] of [
    ['deepDive', input.deepDive, 'the deep-dive topic'],
    ['sharedNotes', input.sharedNotes, 'the shared notes'],
    ['decisions', input.decisions, 'the decisions'],
  ] as const) {
    if (value !== undefined && value.length > MAX_NOTE_LENGTH) {
      return invalid(field, `Keep ${what} under ${MAX_NOTE_LENGTH} characters (now ${value.length}).`);
    }
  }
  const occurrence = await pickOccurrence(ctx, input.occurrenceId, 'focus');
  if (!occurrence.ok) return occurrence;
  if (!occurrence.value) return failure({ kind: 'no-occurrence', message: 'This 1:1 has no meeting yet.' });
  const row = await updateAgendaText(ctx.db, occurrence.value.id, {
    ...(input.deepDive !== undefined ? { deepDive: input.deepDive.trim() } : {}),
    ...(input.sharedNotes !== undefined ? { sharedNotes: input.sharedNotes } : {}),
    ...(input.decisions !== undefined ? { decisions: input.decisions } : {}),
  });
  return success(row);
}

/** Saves the viewer's private note on an occurrence. Only a personal link has a private note. */
export async function savePrivate(
  ctx: AgendaContext,
  input: { occurrenceId?: string | undefined; body: string },
): Promise<Outcome<PrivateNote>> {
  const viewer = ctx.opened.viewer;
  if (viewer.role === 'shared') {
    return failure({
      kind: 'forbidden',
      message: 'Private notes need your personal link: open this agenda from the email Carryover sent you.',
    });
  }
  if (input.body.length > MAX_NOTE_LENGTH) {
    return invalid('body', `Keep your note under ${MAX_NOTE_LENGTH} characters (now ${input.body.length}).`);
  }
  const occurrence = await pickOccurrence(ctx, input.occurrenceId, 'focus');
  if (!occurrence.ok) return occurrence;
  if (!occurrence.value) return failure({ kind: 'no-occurrence', message: 'This 1:1 has no meeting yet.' });
  const row = await writePrivateNote(ctx.db, ctx.keys, {
    occurrenceId: occurrence.value.id,
    authorEmail: viewer.email,
    body: input.body,
  });
  return success(row);
}
