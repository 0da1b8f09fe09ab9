import { seriesLinks } from '../agenda/links.ts';
import { participantNames, toCommitment, toOccurrenceTimes } from '../agenda/mappers.ts';
import { carriedInto } from '../core/carry-over.ts';
import { renderBlock } from '../core/managed-block.ts';
import { findAccount } from '../db/accounts.ts';
import { calendarsOf } from '../db/calendars.ts';
import { listCommitments } from '../db/commitments.ts';
import { SEND_PROMPTS } from '../db/job-kinds.ts';
import { scheduleJob } from '../db/jobs.ts';
import { listOccurrences, upsertOccurrence } from '../db/occurrences.ts';
import type { OccurrenceRow } from '../db/schema.ts';
import { findSeries } from '../db/series.ts';
import { endSource, findSourceWithSeries } from '../db/series-sources.ts';
import type { ProviderOccurrence } from '../providers/provider.ts';
import { isProviderError } from '../providers/provider-error.ts';
import { kitFor, type LifecycleDeps, sessionFor } from './deps.ts';
import type { JobResult } from './tick.ts';
import { writeBlock } from './write-block.ts';

/** How many upcoming meetings are looked at: the next one, plus room for cancelled and declined ones. */
const LOOKAHEAD = 6;
/** Even with no change, look again this often (push is not 100% reliable; moves are caught here too). */
const REFRESH_EVERY_MS = 6 * 3600_000;

/**
 * Brings one provider series up to date: records its upcoming meetings, schedules each one's prompt, writes the
 * managed block (agenda link and carried commitments) into the next meeting's description, and takes the block off
 * meetings that are no longer the next one, or off every future meeting when the series stopped being a 1:1.
 */
export async function prepareSource(deps: LifecycleDeps, sourceId: string): Promise<JobResult> {
  const { db, clock } = deps;
  const now = clock();
  const source = await findSourceWithSeries(db, sourceId);
  if (!source?.account_id) return undefined;
  const account = await findAccount(db, source.account_id);
  const series = await findSeries(db, source.series_id);
  if (account?.status !== 'active' || !series) return undefined;
  const [calendar] = await calendarsOf(db, account.id);
  if (!calendar) return undefined;

  const provider = kitFor(deps, account.provider).api;
  const session = sessionFor(deps, account);
  const calendarId = calendar.provider_calendar_id;
  let upcoming: ProviderOccurrence[];
  try {
    upcoming = await provider.upcomingOccurrences(session, calendarId, source.provider_series_id, now, LOOKAHEAD);
  } catch (error) {
    // The series is gone from this calendar (deleted, or moved to another organizer): nothing to prepare here.
    if (!isProviderError(error, 'gone', 'not-found')) throw error;
    if (!source.ended_at) await endSource(db, source.id, now);
    return undefined;
  }

  // A source that ended (deleted series, no longer a 1:1): take our block off its future meetings, nothing else.
  const writing = source.ended_at === null && series.status === 'active';
  const rows: OccurrenceRow[] = [];
  for (const occurrence of upcoming) {
    rows.push(
      await upsertOccurrence(db, {
        series_id: series.id,
        original_start: occurrence.originalStart,
        starts_at: occurrence.startsAt,
        ends_at: occurrence.endsAt,
        status: occurrence.cancelled ? 'cancelled' : 'scheduled',
        source_id: source.id,
        provider_instance_id: occurrence.instanceId,
      }),
    );
  }
  await cancelVanished(deps, source.id, upcoming, now);
  if (!writing) {
    for (const occurrence of upcoming.filter((o) => !o.cancelled)) {
      await writeBlock(provider, session, calendarId, occurrence, null, deps, rows);
    }
    return undefined;
  }

  for (const row of rows) {
    if (row.status === 'scheduled') {
      const promptAt = new Date(row.ends_at.getTime() + deps.promptDelayMinutes * 60_000);
      await scheduleJob(db, { kind: SEND_PROMPTS, key: row.id, runAt: promptAt });
    }
  }

  // The next meeting: not cancelled, and neither person declined it.
  const people = [series.organizer_email, series.attendee_email];
  const next = upcoming.find(
    (o) => !o.cancelled && !o.attendees.some((a) => people.includes(a.email) && a.response === 'declined'),
  );
  const links = await seriesLinks(db, deps.keys, series.id);
  for (const occurrence of upcoming.filter((o) => !o.cancelled)) {
    if (occurrence !== next) {
      await writeBlock(provider, session, calendarId, occurrence, null, deps, rows);
      continue;
    }
    const all = await listOccurrences(db, series.id);
    const target = all.find((row) => row.original_start.getTime() === occurrence.originalStart.getTime());
    if (!target) continue;
    const names = participantNames(series);
    const carried = carriedInto(
      (await listCommitments(db, series.id)).map(toCommitment),
      toOccurrenceTimes(target),
      all.map(toOccurrenceTimes),
      series.time_zone,
      now,
    );
    const block = renderBlock(
      {
        agendaUrl: `${deps.baseUrl}/a/${links.shared ?? ''}`,
        carried: carried.map(({ commitment, overdue }) => ({
          text: commitment.text,
          ownerName: names.get(commitment.owner) ?? commitment.owner,
          due: commitment.due,
          overdue,
        })),
      },
      provider.descriptionFormat,
    );
    await writeBlock(provider, session, calendarId, occurrence, block, deps, rows);
  }
  return { rerunAt: new Date(now.getTime() + REFRESH_EVERY_MS) };
}

/**
 * Marks as cancelled the meetings we knew that the provider no longer lists (Graph drops a cancelled occurrence
 * from instances; Google lists it as cancelled): those before the last one listed, or all later ones when the
 * list ended early (the series was shortened).
 */
async function cancelVanished(
  deps: LifecycleDeps,
  sourceId: string,
  upcoming: readonly ProviderOccurrence[],
  now: Date,
): Promise<void> {
  const listed = new Set(upcoming.map((o) => o.originalStart.getTime()));
  const last = upcoming.length === LOOKAHEAD ? upcoming.at(-1)?.originalStart : undefined;
  const known = await deps.db
    .selectFrom('occurrences')
    .select(['id', 'original_start'])
    .where('source_id', '=', sourceId)
    .where('status', '=', 'scheduled')
    .where('ends_at', '>', now)
    .$if(last !== undefined, (qb) => qb.where('original_start', '<=', last!))
    .execute();
  const vanished = known.filter((row) => !listed.has(row.original_start.getTime())).map((row) => row.id);
  if (vanished.length === 0) return;
  await deps.db.updateTable('occurrences').set({ status: 'cancelled' }).where('id', 'in', vanished).execute();
}
