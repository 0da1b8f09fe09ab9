import type { Db } from '../db/database.ts';
import { PREPARE_SOURCE } from '../db/job-kinds.ts';
import { scheduleJob } from '../db/jobs.ts';
import { liveSources } from '../db/series-sources.ts';

/**
 * Asks the tick to bring a series' next invite up to date (its carried commitments changed). Scheduling collapses
 * repeated changes into one run, and the run writes only when the block's text actually changed.
 */
export async function refreshSeriesInvites(db: Db, seriesId: string, now: Date): Promise<void> {
  for (const source of await liveSources(db, seriesId)) {
    await scheduleJob(db, { kind: PREPARE_SOURCE, key: source.id, runAt: now });
  }
}
