import { carriedLinesInto } from '../agenda/carried-lines.ts';
import { carryTopicsForward } from '../agenda/carry-topics.ts';
import { linkToken } from '../agenda/links.ts';
import type { BlockContent } from '../core/managed-block.ts';
import { formatShortDateTime } from '../core/time.ts';
import { findAccount } from '../db/accounts.ts';
import { calendarsOf } from '../db/calendars.ts';
import { SEND_PROMPTS, SEND_REMINDERS } from '../db/job-kinds.ts';
import { scheduleJob } from '../db/jobs.ts';
import { cancelUnlisted, listOccurrences, upsertOccurrence } from '../db/occurrences.ts';
import type { OccurrenceRow } from '../db/schema.ts';
import { findSeries } from '../db/series.ts';
import { endSource, findSourceWithSeries, setLastEnds } from '../db/series-sources.ts';
import type { ProviderOccurrence } from '../providers/provider.ts';
import { isProviderError } from '../providers/provider-error.ts';
import { kitFor, type LifecycleDeps, pausingOnAuth, sessionFor } from './deps.ts';
import { takeBlocksOff } from './release-source.ts';
import { reminderDueAt } from './send-reminders.ts';
import type { JobResult } from './tick.ts';
import { writeBlock } from './write-block.ts';

/**
 * How long after a meeting ends its series moves on to the next one: meetings overrun, and the recap (sent
 * PROMPT_DELAY_MINUTES after the end, 5 by default) goes first rather than sharing the mailbox with this job. The next
 * meeting's invite is days away; a quarter of an hour changes nothing for it.
 */
const MOVE_ON_AFTER_END_MS = 15 * 60_000;
/** How many upcoming meetings are looked at: the next one, plus room for cancelled and declined ones. */
const LOOKAHEAD = 6;

/**
 * Brings one provider series up to date: records its upcoming meetings, schedules each one's prompt, writes the
 * managed block (agenda link and carried commitments) into the next meeting's description, and takes the block off
 * meetings that are no longer the next one, or off every future meeting when the series stopped being a 1:1. A paused
 * 1:1 gets its meetings recorded and nothing written.
 */
export async function prepareSource(deps: LifecycleDeps, sourceId: string): Promise<JobResult> {
  const { db } = deps;
  const source = await findSourceWithSeries(db, sourceId);
  if (!source?.account_id) return undefined;
  const account = await findAccount(db, source.account_id);
  const series = await findSeries(db, source.series_id);
  if (account?.status !== 'active' || !series) return undefined;
  const [calendar] = await calendarsOf(db, account.id);
  if (!calendar) return undefined;

  return pausingOnAuth(deps, account, () => prepareOn(deps, source, series, account, calendar.provider_calendar_id));
}

/** prepareSource's work on the provider, for an active account. */
async function prepareOn(
  deps: LifecycleDeps,
  source: NonNullable<Awaited<ReturnType<typeof findSourceWithSeries>>>,
  series: NonNullable<Awaited<ReturnType<typeof findSeries>>>,
  account: NonNullable<Awaited<ReturnType<typeof findAccount>>>,
  calendarId: string,
): Promise<JobResult> {
  const { db, clock } = deps;
  const now = clock();
  const provider = kitFor(deps, account.provider).api;
  const session = sessionFor(deps, account);
  let upcoming: ProviderOccurrence[];
  try {
    upcoming = await provider.upcomingOccurrences(session, calendarId, source.provider_series_id, now, LOOKAHEAD);
  } catch (error) {
    // The series is gone from this calendar (deleted, or moved to another organizer): nothing to prepare here.
    if (!isProviderError(error, 'gone', 'not-found')) throw error;
    if (!source.ended_at) await endSource(db, source.id, now);
    return undefined;
  }

  // A source that ended (deleted series, no longer a 1:1, its people changed): take our block off its future
  // meetings, nothing else — its meetings are no longer this thread's to record or prompt for.
  if (source.ended_at !== null || series.status !== 'active') {
    await cancelUnlisted(db, source.id, [], now, undefined);
    const { failures } = await takeBlocksOff(deps, provider, session, calendarId, upcoming, []);
    // The account may no longer organize the series (handed over, uninvited): its copy refuses the write, and
    // there is nothing of ours left to take off it. Anything else is retried.
    const failed = failures.find(({ error }) => error.kind !== 'forbidden');
    if (failed) throw failed.error;
    return undefined;
  }

  const people = [series.organizer_email, series.attendee_email];
  const declinedBy = (occurrence: ProviderOccurrence) =>
    people.find((email) => occurrence.attendees.some((a) => a.email === email && a.response === 'declined')) ?? null;
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
        declined_by: declinedBy(occurrence),
      }),
    );
  }
  // Fewer meetings than asked for: the provider listed all that remain, so the series' end is known.
  const complete = upcoming.length < LOOKAHEAD;
  await cancelUnlisted(
    db,
    source.id,
    upcoming.map((o) => o.originalStart),
    now,
    complete ? undefined : upcoming.at(-1)?.originalStart,
  );
  await setLastEnds(db, source.id, complete ? (upcoming.at(-1)?.endsAt ?? now) : null);

  for (const row of rows) {
    if (row.status === 'scheduled' && row.declined_by === null) {
      const promptAt = new Date(row.ends_at.getTime() + deps.promptDelayMinutes * 60_000);
      await scheduleJob(db, { kind: SEND_PROMPTS, key: row.id, runAt: promptAt });
      // The reminder: at its time, or at once for a meeting found later than that (the job checks it has not begun).
      if (deps.reminderHours > 0 && series.reminders && row.starts_at > now) {
        await scheduleJob(db, { kind: SEND_REMINDERS, key: row.id, runAt: reminderDueAt(row, deps.reminderHours) });
      }
    }
  }

  // Talking points left open at a meeting that is over move on to the next one, before anyone is reminded of it.
  await carryTopicsForward(db, series.id, now);
  // A paused 1:1's invites are left as they are: every write to an Outlook meeting emails the other person an
  // update, so pausing must cause none. Its meetings are still recorded (the overview shows the next one, and each
  // one's prompt job marks its emails as not sent).
  if (series.paused_at !== null) return nextMeetingEnds(upcoming, now);
  // The next meeting: not cancelled, and neither person declined it.
  const next = upcoming.find((o) => !o.cancelled && declinedBy(o) === null);
  const sharedToken = await linkToken(db, deps.keys, series.id, null);
  let refreshAt: Date | undefined;
  for (const occurrence of upcoming.filter((o) => !o.cancelled)) {
    if (occurrence !== next) {
      await writeBlock(provider, session, calendarId, occurrence, null, deps, rows);
      continue;
    }
    const all = await listOccurrences(db, series.id);
    const target = all.find((row) => row.original_start.getTime() === occurrence.originalStart.getTime());
    if (!target) continue;
    const content: BlockContent = {
      agendaUrl: `${deps.baseUrl}/a/${sharedToken}`,
      carried: await carriedLinesInto(db, series, target, all, now),
      asOf: formatShortDateTime(now, series.time_zone),
    };
    // The first write of a meeting may tell Google guests outside Google Calendar (who otherwise never see the
    // block); a refresh tells nobody. Outlook emails the other person on every write whatever we ask.
    const outcome = await writeBlock(provider, session, calendarId, occurrence, content, deps, rows, {
      budget: deps.writeBudget,
      notifyExternal: target.block_writes === 0,
    });
    if (outcome.kind === 'later') refreshAt = outcome.at;
  }
  const ends = nextMeetingEnds(upcoming, now);
  if (!ends || (refreshAt && refreshAt < ends.rerunAt)) return refreshAt ? { rerunAt: refreshAt } : undefined;
  return ends;
}

/**
 * When this source is looked at again with nothing changed at the provider: a little after its next meeting ends
 * (MOVE_ON_AFTER_END_MS), so the one after it gets the block (and the topics left open move on). Anything else that changes the block schedules this job
 * itself: a synced change of the series, a commitment recorded or closed, a setting. There is no periodic refresh: on
 * Outlook every write mails the other person, and a look with nothing changed costs a provider call. A series with
 * no meeting left is finished: it produces no more work until a change to it is synced.
 */
function nextMeetingEnds(upcoming: readonly ProviderOccurrence[], now: Date): JobResult {
  const ends = upcoming
    .filter((o) => !o.cancelled && o.endsAt.getTime() > now.getTime())
    .map((o) => o.endsAt.getTime());
  return ends.length === 0 ? undefined : { rerunAt: new Date(Math.min(...ends) + MOVE_ON_AFTER_END_MS) };
}
