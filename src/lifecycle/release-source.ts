import { findBlocks } from '../core/managed-block.ts';
import { listOccurrences } from '../db/occurrences.ts';
import type { OccurrenceRow } from '../db/schema.ts';
import { endSource } from '../db/series-sources.ts';
import type { AccountSession, CalendarProvider, ProviderOccurrence } from '../providers/provider.ts';
import { isProviderError, type ProviderError } from '../providers/provider-error.ts';
import { type BlockWriteDeps, writeBlock } from './write-block.ts';

/** How many upcoming meetings are looked at: the same lookahead prepare writes within. */
const LOOKAHEAD = 6;

/** A live source to let go of: its provider series, and its 1:1's title and zone for telling the person. */
export interface ReleasableSource {
  readonly id: string;
  readonly series_id: string;
  readonly provider_series_id: string;
  readonly series_title: string;
  readonly time_zone: string;
}

/** An upcoming invite that still shows the block, or (`meeting` null) a 1:1 whose invites could not be read. */
export interface ReleaseFailure {
  readonly sourceId: string;
  readonly seriesTitle: string;
  readonly timeZone: string;
  readonly meeting: { readonly startsAt: Date; readonly endsAt: Date } | null;
  readonly error: ProviderError;
}

/** What letting go of one source did to its upcoming invites. */
export interface ReleaseResult {
  /** Upcoming invites the block was taken off. */
  readonly cleaned: number;
  readonly failures: readonly ReleaseFailure[];
}

/**
 * Lets go of a provider series: the source is ended, then the managed block is taken off each upcoming invite that
 * has it (everything outside the block kept, written with If-Match). Ending comes first so that a sync or prepare
 * running meanwhile takes the block off too instead of writing it back, and ignores our writes as someone's change.
 * A provider error is collected per invite (or per series when its invites cannot be read), never thrown, so the
 * other invites and the rest of a disconnect go on; anything else is a bug and is thrown.
 */
export async function releaseSource(
  deps: BlockWriteDeps,
  provider: CalendarProvider,
  session: AccountSession,
  calendarId: string,
  source: ReleasableSource,
): Promise<ReleaseResult> {
  const now = deps.clock();
  await endSource(deps.db, source.id, now);
  const failure = (error: ProviderError, meeting: ReleaseFailure['meeting']): ReleaseFailure => ({
    sourceId: source.id,
    seriesTitle: source.series_title,
    timeZone: source.time_zone,
    meeting,
    error,
  });

  let upcoming: ProviderOccurrence[];
  try {
    upcoming = await provider.upcomingOccurrences(session, calendarId, source.provider_series_id, now, LOOKAHEAD);
  } catch (error) {
    // The series is gone from this calendar: no invite of it is left to show the block.
    if (isProviderError(error, 'gone', 'not-found')) return { cleaned: 0, failures: [] };
    if (!isProviderError(error)) throw error;
    return { cleaned: 0, failures: [failure(error, null)] };
  }

  // The rows let writeBlock record that these invites no longer carry a block.
  const rows = (await listOccurrences(deps.db, source.series_id)).filter((row) => row.source_id === source.id);
  const taken = await takeBlocksOff(deps, provider, session, calendarId, upcoming, rows);
  return {
    cleaned: taken.cleaned,
    failures: taken.failures.map(({ error, occurrence }) =>
      failure(error, { startsAt: occurrence.startsAt, endsAt: occurrence.endsAt }),
    ),
  };
}

/**
 * Takes the managed block off each of `upcoming` that has it (nothing else changes; written with If-Match, re-read
 * on 412). A provider error is collected per invite, never thrown, so the other invites go on; an invite deleted
 * meanwhile is nobody's to clean. Anything else is a bug and is thrown.
 */
export async function takeBlocksOff(
  deps: BlockWriteDeps,
  provider: CalendarProvider,
  session: AccountSession,
  calendarId: string,
  upcoming: readonly ProviderOccurrence[],
  rows: readonly OccurrenceRow[],
): Promise<{ cleaned: number; failures: { error: ProviderError; occurrence: ProviderOccurrence }[] }> {
  let cleaned = 0;
  const failures: { error: ProviderError; occurrence: ProviderOccurrence }[] = [];
  for (const occurrence of upcoming) {
    if (occurrence.cancelled || findBlocks(occurrence.description).length === 0) continue;
    try {
      await writeBlock(provider, session, calendarId, occurrence, null, deps, rows);
      cleaned++;
    } catch (error) {
      if (isProviderError(error, 'gone', 'not-found')) continue;
      if (!isProviderError(error)) throw error;
      failures.push({ error, occurrence });
    }
  }
  return { cleaned, failures };
}
