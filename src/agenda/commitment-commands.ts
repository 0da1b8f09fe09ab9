import { formatDate, isValidIsoDate, todayIn } from '../core/time.ts';
import type { CommitmentStatus } from '../core/types.ts';
import { deleteCommitment, findCommitmentInSeries, insertCommitment, updateCommitment } from '../db/commitments.ts';
import { listOccurrences } from '../db/occurrences.ts';
import type { CommitmentRow } from '../db/schema.ts';
import { carriedSince } from './commitment-record.ts';
import { type AgendaContext, actorOf, authorOf, participants, pickOccurrence } from './context.ts';
import { isUuid } from './ids.ts';
import { participantNames, toCommitment, toOccurrenceTimes } from './mappers.ts';
import { type AgendaProblem, failure, invalid, type Outcome, success } from './outcome.ts';
import { refreshSeriesInvites } from './series-refresh.ts';

/** Longest commitment text accepted; a commitment is a sentence, not a document. */
export const MAX_COMMITMENT_LENGTH = 500;

export interface AddCommitmentInput {
  readonly text: string;
  readonly owner: string;
  readonly due?: string | null | undefined;
  /** The occurrence it was made at; default: the latest that has started (none before the first meeting). */
  readonly occurrenceId?: string | undefined;
  /** Who is adding it, when the shared link is used (must be one of the two people). */
  readonly as?: string | undefined;
  /** Save a due date that has already passed (the person was warned it would be overdue at once). */
  readonly allowPastDue?: boolean | undefined;
}

/** Records a new commitment: what, whose (one of the two people), and by when. */
export async function addCommitment(ctx: AgendaContext, input: AddCommitmentInput): Promise<Outcome<CommitmentRow>> {
  const text = checkText(input.text, 'add');
  if (!text.ok) return text;
  const owner = checkOwner(ctx, input.owner);
  if (!owner.ok) return owner;
  const due = checkDue(ctx, input.due, { allowPast: input.allowPastDue === true });
  if (!due.ok) return due;
  const author = authorOf(ctx.opened, input.as);
  if (!author.ok) return author;
  const occurrence = await pickOccurrence(ctx, input.occurrenceId, 'latest-started');
  if (!occurrence.ok) return occurrence;
  const row = await insertCommitment(
    ctx.db,
    {
      seriesId: ctx.opened.series.id,
      madeAtOccurrenceId: occurrence.value?.id ?? null,
      text: text.value,
      ownerEmail: owner.value,
      due: due.value ?? null,
      actorEmail: author.value,
    },
    ctx.now,
  );
  await refreshSeriesInvites(ctx.db, ctx.opened.series.id, ctx.now);
  return success(row);
}

export interface UpdateCommitmentInput {
  readonly status?: CommitmentStatus | undefined;
  readonly text?: string | undefined;
  readonly due?: string | null | undefined;
  readonly owner?: string | undefined;
  readonly as?: string | undefined;
  /** Save a new due date that has already passed. */
  readonly allowPastDue?: boolean | undefined;
}

/** Marks a commitment done, dropped or open again, or edits its text, owner or due date. */
export async function changeCommitment(
  ctx: AgendaContext,
  commitmentId: string,
  input: UpdateCommitmentInput,
): Promise<Outcome<CommitmentRow>> {
  const existing = await findCommitment(ctx, commitmentId);
  if (!existing) return notFound();
  const text = input.text === undefined ? success(undefined) : checkText(input.text, 'edit');
  if (!text.ok) return text;
  const owner = input.owner === undefined ? success(undefined) : checkOwner(ctx, input.owner);
  if (!owner.ok) return owner;
  // Only a changed date is checked against today: editing the text of an overdue commitment asks nothing.
  const unchangedDue = input.due !== undefined && (input.due?.trim() || null) === existing.due_date;
  const due = checkDue(ctx, unchangedDue ? undefined : input.due, { allowPast: input.allowPastDue === true });
  if (!due.ok) return due;
  const row = await updateCommitment(
    ctx.db,
    existing.id,
    {
      ...(input.status !== undefined ? { status: input.status } : {}),
      ...(text.value !== undefined ? { text: text.value } : {}),
      ...(owner.value !== undefined ? { ownerEmail: owner.value } : {}),
      ...(due.value !== undefined ? { due: due.value } : {}),
    },
    actorOf(ctx.opened, input.as),
    ctx.now,
  );
  await refreshSeriesInvites(ctx.db, ctx.opened.series.id, ctx.now);
  return success(row);
}

/**
 * Deletes a commitment recorded by mistake. Only while it is still where it was recorded: once a later meeting has
 * started, that meeting reviewed it, so it is part of the record both people keep (and counts in follow-through) —
 * then it can be dropped, which keeps it in the history as "dropped", but not deleted. Its change history goes with
 * it (a deleted mistake leaves no trace), and the next invite is brought up to date.
 */
export async function removeCommitment(ctx: AgendaContext, commitmentId: string): Promise<Outcome<CommitmentRow>> {
  const removable = await removableCommitment(ctx, commitmentId);
  if (!removable.ok) return removable;
  await deleteCommitment(ctx.db, removable.value.id);
  await refreshSeriesInvites(ctx.db, ctx.opened.series.id, ctx.now);
  return removable;
}

/** The commitment, if it may be deleted: 'not-found', or a 'conflict' saying to drop it instead. */
export async function removableCommitment(ctx: AgendaContext, commitmentId: string): Promise<Outcome<CommitmentRow>> {
  const inspected = await inspectCommitment(ctx, commitmentId);
  if (!inspected.ok) return inspected;
  return inspected.value.inRecord ? failure(inspected.value.inRecord) : success(inspected.value.row);
}

/** A commitment of this 1:1 and, when it is already part of the record, the problem deleting it would be. */
export async function inspectCommitment(
  ctx: AgendaContext,
  commitmentId: string,
): Promise<Outcome<{ row: CommitmentRow; inRecord: AgendaProblem | undefined }>> {
  const row = await findCommitment(ctx, commitmentId);
  if (!row) return notFound();
  const meetings = (await listOccurrences(ctx.db, ctx.opened.series.id)).map(toOccurrenceTimes);
  if (!carriedSince(toCommitment(row), meetings, ctx.now)) return success({ row, inRecord: undefined });
  return success({
    row,
    inRecord: {
      kind: 'conflict',
      code: 'in_record',
      message:
        'This commitment was carried to a later 1:1, so it is part of your shared record and cannot be deleted. If it no longer applies, drop it: it stays in the history as dropped.',
    },
  });
}

/** A commitment of this link's 1:1 only: another thread's id is "not found". */
async function findCommitment(ctx: AgendaContext, commitmentId: string): Promise<CommitmentRow | undefined> {
  return isUuid(commitmentId) ? findCommitmentInSeries(ctx.db, ctx.opened.series.id, commitmentId) : undefined;
}

const notFound = () => failure<never>({ kind: 'not-found', message: 'There is no such commitment in this 1:1.' });

function checkText(raw: string, action: 'add' | 'edit'): Outcome<string> {
  const text = raw.trim();
  if (text.length === 0) {
    return invalid(
      'text',
      action === 'add'
        ? 'Say what was committed to before recording it.'
        : 'A commitment cannot be empty: say what was committed to, or drop it.',
    );
  }
  if (text.length > MAX_COMMITMENT_LENGTH) {
    return invalid(
      'text',
      `Keep a commitment under ${MAX_COMMITMENT_LENGTH} characters (this one has ${text.length}).`,
    );
  }
  return success(text);
}

function checkOwner(ctx: AgendaContext, raw: string): Outcome<string> {
  const owner = raw.trim().toLowerCase();
  const people = participants(ctx.opened.series);
  if (!people.includes(owner)) {
    const names = participantNames(ctx.opened.series);
    const choices = people.map((email) => `${names.get(email) ?? email} (${email})`).join(' or ');
    return invalid('owner', `Choose who owns it: ${choices}.`);
  }
  return success(owner);
}

/**
 * undefined = not given (keep), null or '' = no due date, else a real calendar date — and not one already past
 * (in the series' zone, where overdue is judged) unless the person said to save it anyway.
 */
function checkDue(
  ctx: AgendaContext,
  raw: string | null | undefined,
  { allowPast }: { allowPast: boolean },
): Outcome<string | null | undefined> {
  if (raw === undefined) return success(undefined);
  if (raw === null || raw.trim() === '') return success(null);
  const due = raw.trim();
  if (!isValidIsoDate(due)) {
    return invalid('due', `"${due}" is not a date. Pick one from the calendar, or type it as 2026-12-04.`);
  }
  const today = todayIn(ctx.now, ctx.opened.series.time_zone);
  if (due < today && !allowPast) {
    return failure({
      kind: 'past-due',
      field: 'due',
      due,
      message: `${formatDate(due)} has already passed, so this commitment would show as overdue at once.`,
    });
  }
  return success(due);
}
