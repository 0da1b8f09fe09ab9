import { fingerprint, removeBlock, replaceBlock } from '../core/managed-block.ts';
import { recordBlockWrite } from '../db/occurrences.ts';
import type { OccurrenceRow } from '../db/schema.ts';
import type { AccountSession, CalendarProvider, ProviderOccurrence } from '../providers/provider.ts';
import { isProviderError } from '../providers/provider-error.ts';
import type { LifecycleDeps } from './deps.ts';

/** What a block write needs: the database to record it in and the clock (the tick's deps, or an HTTP action's). */
export type BlockWriteDeps = Pick<LifecycleDeps, 'db' | 'clock'>;

/** A write that keeps meeting a newer etag is retried this often before the job backs off. */
const MAX_WRITE_ATTEMPTS = 4;

/**
 * Puts `block` into an occurrence's description (or takes our block out, for null), touching nothing outside it.
 * Writes only when the text changes, always with the etag read; on a conflict (someone edited meanwhile) it
 * re-reads and merges again.
 */
export async function writeBlock(
  provider: CalendarProvider,
  session: AccountSession,
  calendarId: string,
  read: ProviderOccurrence,
  block: string | null,
  deps: BlockWriteDeps,
  rows: readonly OccurrenceRow[],
): Promise<void> {
  const format = provider.descriptionFormat;
  let occurrence = read;
  for (let attempt = 1; attempt <= MAX_WRITE_ATTEMPTS; attempt++) {
    const description =
      block === null
        ? removeBlock(occurrence.description, format)
        : replaceBlock(occurrence.description, block, format);
    const row = rows.find((r) => r.original_start.getTime() === occurrence.originalStart.getTime());
    if (description === occurrence.description) {
      if (row) await recordWrite(deps, row.id, occurrence.etag, block);
      return;
    }
    try {
      const { etag } = await provider.writeDescription(session, calendarId, occurrence, description);
      if (row) await recordWrite(deps, row.id, etag, block);
      return;
    } catch (error) {
      if (!isProviderError(error, 'conflict') || attempt === MAX_WRITE_ATTEMPTS) throw error;
      occurrence = await provider.getOccurrence(session, calendarId, occurrence.instanceId);
    }
  }
}

/** Remembers what we wrote (or found already written) on an occurrence: its etag tells our own change apart. */
async function recordWrite(deps: BlockWriteDeps, occurrenceId: string, etag: string, block: string | null) {
  await recordBlockWrite(deps.db, occurrenceId, {
    etag,
    blockHash: block === null ? null : fingerprint(block),
    at: deps.clock(),
  });
}
