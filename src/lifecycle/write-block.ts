import {
  type BlockContent,
  blockChanges,
  blockSays,
  fingerprint,
  formatOf,
  removeBlock,
  renderBlock,
  replaceBlock,
} from '../core/managed-block.ts';
import type { DescriptionFormat } from '../core/types.ts';
import { decideBlockWrite, type WriteBudget } from '../core/write-budget.ts';
import { recordBlockWrite } from '../db/occurrences.ts';
import type { OccurrenceRow } from '../db/schema.ts';
import type { AccountSession, CalendarProvider, ProviderOccurrence } from '../providers/provider.ts';
import { isProviderError } from '../providers/provider-error.ts';
import type { LifecycleDeps } from './deps.ts';

/** What a block write needs: the database to record it in and the clock (the tick's deps, or an HTTP action's). */
export type BlockWriteDeps = Pick<LifecycleDeps, 'db' | 'clock'>;

/** A write that keeps meeting a newer etag is retried this often before the job backs off. */
const MAX_WRITE_ATTEMPTS = 4;

/** What became of a block write. */
export type BlockWriteOutcome =
  | { readonly kind: 'written' | 'unchanged' | 'skipped' }
  /** The budget allows the refresh only from `at` (shortly before the meeting): prepare again then. */
  | { readonly kind: 'later'; readonly at: Date };

export interface BlockWriteOptions {
  /** For the next meeting's block: at most this many writes per meeting (none for taking a block off). */
  readonly budget?: WriteBudget | undefined;
  /** Ask the calendar to tell guests it would otherwise leave unaware (Google's guests outside Google Calendar). */
  readonly notifyExternal?: boolean | undefined;
}

/** The form the block takes in this description: a calendar that keeps both gets text unless markup is there. */
export function formatFor(provider: CalendarProvider, description: string): DescriptionFormat {
  return provider.descriptionFormat === 'either' ? formatOf(description) : provider.descriptionFormat;
}

/**
 * Puts the block saying `content` into an occurrence's description (or takes our block out, for null), touching
 * nothing outside it. Writes only when what the block says changes — judged on the words of the block the
 * calendar holds, so a calendar rewriting its markup causes no write — and within the budget; always with the etag
 * read, and on a conflict (someone edited meanwhile) it re-reads and merges again.
 */
export async function writeBlock(
  provider: CalendarProvider,
  session: AccountSession,
  calendarId: string,
  read: ProviderOccurrence,
  content: BlockContent | null,
  deps: BlockWriteDeps,
  rows: readonly OccurrenceRow[],
  options: BlockWriteOptions = {},
): Promise<BlockWriteOutcome> {
  let occurrence = read;
  const row = rows.find((r) => r.original_start.getTime() === read.originalStart.getTime());
  for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
    const format = formatFor(provider, occurrence.description);
    const block = content === null ? null : renderBlock(content, format);
    const changes =
      block === null
        ? removeBlock(occurrence.description, format) !== occurrence.description
        : blockChanges(occurrence.description, block);
    if (!changes) {
      if (row) await recordWrite(deps, row.id, occurrence.etag, block, false);
      return { kind: 'unchanged' };
    }
    if (block !== null && options.budget) {
      const decision = decideBlockWrite({
        changes,
        writesSoFar: row?.block_writes ?? 0,
        startsAt: occurrence.startsAt,
        now: deps.clock(),
        budget: options.budget,
      });
      if (decision.kind === 'later') return { kind: 'later', at: decision.at };
      if (decision.kind === 'skip') return { kind: 'skipped' };
    }
    const description =
      block === null
        ? removeBlock(occurrence.description, format)
        : replaceBlock(occurrence.description, block, format);
    try {
      const { etag } = await provider.writeDescription(session, calendarId, occurrence, description, {
        notifyExternal: options.notifyExternal === true,
      });
      if (row) await recordWrite(deps, row.id, etag, block, block !== null);
      return { kind: 'written' };
    } catch (error) {
      if (!isProviderError(error, 'conflict') || attempt === MAX_WRITE_ATTEMPTS) throw error;
      occurrence = await provider.getOccurrence(session, calendarId, occurrence.instanceId);
    }
  }
  throw new Error('unreachable: every attempt returns or throws');
}

/** Remembers what we wrote (or found already written) on an occurrence: its etag tells our own change apart. */
async function recordWrite(
  deps: BlockWriteDeps,
  occurrenceId: string,
  etag: string,
  block: string | null,
  wroteBlock: boolean,
) {
  await recordBlockWrite(deps.db, occurrenceId, {
    etag,
    blockHash: block === null ? null : fingerprint(blockSays(block)),
    at: deps.clock(),
    wroteBlock,
  });
}
