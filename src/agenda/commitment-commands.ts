import { isValidIsoDate } from '../core/time.ts';
import type { CommitmentStatus } from '../core/types.ts';
import { findCommitmentInSeries, insertCommitment, updateCommitment } from '../db/commitments.ts';
import type { CommitmentRow } from '../db/schema.ts';
import { type AgendaContext, actorOf, participants, pickOccurrence } from './context.ts';
import { isUuid } from './ids.ts';
import { failure, invalid, type Outcome, success } from './outcome.ts';
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
}

/** Records a new commitment: what, whose (one of the two people), and by when. */
export async function addCommitment(ctx: AgendaContext, input: AddCommitmentInput): Promise<Outcome<CommitmentRow>> {
  const text = checkText(input.text);
  if (!text.ok) return text;
  const owner = checkOwner(ctx, input.owner);
  if (!owner.ok) return owner;
  const due = checkDue(input.due);
  if (!due.ok) return due;
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
      actorEmail: actorOf(ctx.opened, input.as),
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
}

/** Marks a commitment done, dropped or open again, or edits its text, owner or due date. */
export async function changeCommitment(
  ctx: AgendaContext,
  commitmentId: string,
  input: UpdateCommitmentInput,
): Promise<Outcome<CommitmentRow>> {
  const existing = isUuid(commitmentId)
    ? await findCommitmentInSeries(ctx.db, ctx.opened.series.id, commitmentId)
    : undefined;
  if (!existing) return failure({ kind: 'not-found', message: 'no such commitment in this 1:1' });
  const text = input.text === undefined ? success(undefined) : checkText(input.text);
  if (!text.ok) return text;
  const owner = input.owner === undefined ? success(undefined) : checkOwner(ctx, input.owner);
  if (!owner.ok) return owner;
  const due = checkDue(input.due);
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

function checkText(raw: string): Outcome<string> {
  const text = raw.trim();
  if (text.length === 0) return invalid('text', 'say what was committed to');
  if (text.length > MAX_COMMITMENT_LENGTH) {
    return invalid('text', `keep it under ${MAX_COMMITMENT_LENGTH} characters (it has ${text.length})`);
  }
  return success(text);
}

function checkOwner(ctx: AgendaContext, raw: string): Outcome<string> {
  const owner = raw.trim().toLowerCase();
  const people = participants(ctx.opened.series);
  if (!people.includes(owner))
    return invalid('owner', `the owner must be one of the two people: ${people.join(' or ')}`);
  return success(owner);
}

/** undefined = not given (keep), null or '' = no due date, else a real calendar date. */
function checkDue(raw: string | null | undefined): Outcome<string | null | undefined> {
  if (raw === undefined) return success(undefined);
  if (raw === null || raw.trim() === '') return success(null);
  const due = raw.trim();
  if (!isValidIsoDate(due)) return invalid('due', `"${due}" is not a date in the form YYYY-MM-DD`);
  return success(due);
}
