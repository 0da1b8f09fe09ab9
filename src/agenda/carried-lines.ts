import { carriedInto } from '../core/carry-over.ts';
import { todayIn } from '../core/time.ts';
import { listCommitments } from '../db/commitments.ts';
import type { Db } from '../db/database.ts';
import type { OccurrenceRow, SeriesRow } from '../db/schema.ts';
import { commitmentLine, participantNames, toCommitment, toOccurrenceTimes } from './mappers.ts';

/**
 * The commitments still open going into `target`, most pressing first, as the invite block and the reminder list
 * them (owner by name, due date as people read it). `all` is the series' occurrences, which the caller has already
 * read to find `target`.
 */
export async function carriedLinesInto(
  db: Db,
  series: SeriesRow,
  target: OccurrenceRow,
  all: readonly OccurrenceRow[],
  now: Date,
): Promise<{ text: string; ownerName: string; due: string | null; overdue: boolean }[]> {
  const names = participantNames(series);
  const today = todayIn(now, series.time_zone);
  return carriedInto(
    (await listCommitments(db, series.id)).map(toCommitment),
    toOccurrenceTimes(target),
    all.map(toOccurrenceTimes),
    series.time_zone,
    now,
  ).map(({ commitment, overdue }) => commitmentLine(commitment, overdue, names, today));
}
