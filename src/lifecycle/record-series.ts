import { linkToken } from '../agenda/links.ts';
import { judgeSeries } from '../core/one-on-one.ts';
import { mergeName } from '../core/people.ts';
import { samePeople, threadToContinue } from '../core/threads.ts';
import { formatDate, isValidTimeZone, todayIn } from '../core/time.ts';
import type { Pair } from '../core/types.ts';
import { moveOpenCommitments } from '../db/commitments.ts';
import { inTransaction } from '../db/database.ts';
import { anyForgotten } from '../db/forgotten-people.ts';
import { PREPARE_SOURCE } from '../db/job-kinds.ts';
import { scheduleJob } from '../db/jobs.ts';
import { revokeSharedLink } from '../db/links.ts';
import { cancelFutureOccurrences } from '../db/occurrences.ts';
import type { Provider, SeriesRow } from '../db/schema.ts';
import {
  activateSeries,
  findSeries,
  insertSeries,
  knownNames,
  type SeriesFields,
  stopSeries,
  threadsOfPair,
} from '../db/series.ts';
import {
  endOtherSources,
  endSource,
  findSource,
  hasLaterSource,
  liveSourcesOnAccount,
  seriesIdByICalUid,
  updateSourceBounds,
  upsertSource,
} from '../db/series-sources.ts';
import type { ProviderSeries } from '../providers/provider.ts';
import { addressDigest } from '../security/address-digest.ts';
import type { LifecycleDeps } from './deps.ts';

/** Reads one series of the account again from its calendar (undefined: it is gone). */
export type SeriesLookup = (providerSeriesId: string) => Promise<ProviderSeries | undefined>;

type Account = { id: string; email: string; provider: Provider };

/**
 * Takes in one recurring series an account's calendar reported, and decides what Carryover does with it:
 * - a 1:1 the account organizes: attach it to its thread and prepare it. The thread is the one this series already
 *   feeds, or the one its iCalUID feeds (the meeting handed to a new organizer); else the thread of the same two
 *   people it continues (see core/threads.ts); else a new thread. A thread keeps one pair of people: when the people
 *   change, the series moves on to a thread of the new pair and the old thread ends, so nobody sees a meeting they
 *   were not part of;
 * - deleted, no longer a 1:1, or no longer organized by this account: stop writing through it (and let the
 *   prepare job take the block off future meetings).
 */
export async function recordSeries(
  deps: LifecycleDeps,
  account: Account,
  reported: ProviderSeries,
  calendarZone: string,
  lookup: SeriesLookup,
): Promise<void> {
  const { db, clock } = deps;
  const now = clock();
  const known = await findSource(db, account.provider, account.id, reported.providerSeriesId);
  const verdict = judgeSeries({
    organizer: reported.organizer,
    attendees: reported.attendees,
    recurring: reported.recurring,
  });

  // A 1:1 with someone who deleted their data is not followed: they asked Carryover to forget them, and a new record
  // would start prompting them again. Their connecting again lifts it (src/accounts/connect-account.ts).
  const withForgotten =
    verdict.kind === 'one-on-one' &&
    (await anyForgotten(db, [
      await addressDigest(deps.keys, verdict.pair.organizer.email),
      await addressDigest(deps.keys, verdict.pair.attendee.email),
    ]));
  if (reported.cancelled || !reported.organizedBySelf || verdict.kind !== 'one-on-one' || withForgotten) {
    if (!known || known.ended_at) return;
    // Nothing more is written through this source; the prepare job removes our block from its future meetings
    // (unless the series is gone, or the account no longer organizes it and may not write).
    await endSource(db, known.id, now);
    if (!reported.cancelled && reported.organizedBySelf) {
      // (A thread with a person who left was ended, with its reason, when they deleted their data.)
      if (!withForgotten) {
        await stopSeries(db, known.series_id, 'not_one_on_one', 'more than two people are invited now');
      }
      await scheduleJob(db, { kind: PREPARE_SOURCE, key: known.id, runAt: now });
    }
    return;
  }

  const { pair } = verdict;
  const zone = [reported.timeZone, calendarZone].find((z): z is string => !!z && isValidTimeZone(z)) ?? 'UTC';
  const current = known
    ? await findSeries(db, known.series_id)
    : reported.iCalUid
      ? await findByICalUid(deps, reported.iCalUid)
      : undefined;
  const fields = await seriesFields(deps, reported.title, pair, zone, current);
  if (!current || !samePeople(peopleOf(current), [pair.organizer.email, pair.attendee.email])) {
    // A thread of the new pair may be running on this account under another series: read those series again
    // first, so a "this and following" split is judged on the old series' new end, whatever order the calendar
    // reported the two changes in.
    await refreshRunningThreads(deps, account, pair, lookup, reported.providerSeriesId);
  }

  const sourceId = await inTransaction(db, async (trx) => {
    let threadId: string;
    if (current && samePeople(peopleOf(current), [fields.organizer_email, fields.attendee_email])) {
      // What the provider says now wins (a new title, the same two people with roles swapped, a new zone); names
      // are merged, never lost. After a split, the newer series names the thread, whichever is reported last.
      const superseded =
        reported.firstStart !== null && (await hasLaterSource(trx, current.id, known?.id ?? null, reported.firstStart));
      await activateSeries(
        trx,
        current.id,
        superseded ? { ...fields, title: current.title, time_zone: current.time_zone } : fields,
      );
      threadId = current.id;
    } else {
      const firstStart = current ? now : (reported.firstStart ?? now);
      const candidates = (await threadsOfPair(trx, fields.organizer_email, fields.attendee_email)).filter(
        (thread) => thread.id !== current?.id,
      );
      const continued = threadToContinue(candidates, firstStart);
      if (continued) {
        await activateSeries(trx, continued.id, fields);
        threadId = continued.id;
      } else {
        const created = await insertSeries(trx, { ...fields, previous_series_id: current?.id ?? null });
        threadId = created.id;
      }
      if (current) {
        // The people of a known series changed: its old thread ends here and keeps the meetings before. Open
        // commitments follow whoever owns them: the person who stays keeps carrying theirs into the new thread.
        await retireThread(trx, current, known?.id ?? null, now);
        const stayed = peopleOf(current).filter(
          (email) => email === fields.organizer_email || email === fields.attendee_email,
        );
        await moveOpenCommitments(trx, { fromSeriesId: current.id, toSeriesId: threadId, owners: stayed, at: now });
      }
    }
    // Both people's links and the shared one exist from the start (the shared one anew after people changed).
    const thread = await findSeries(trx, threadId);
    if (thread) {
      for (const email of [thread.organizer_email, thread.attendee_email, null]) {
        await linkToken(trx, deps.keys, thread.id, email);
      }
    }
    const source = await upsertSource(trx, {
      seriesId: threadId,
      accountId: account.id,
      provider: account.provider,
      providerSeriesId: reported.providerSeriesId,
      iCalUid: reported.iCalUid,
      organizerEmail: pair.organizer.email,
      firstStart: reported.firstStart,
      recurrenceEndsAt: reported.recurrenceEndsAt,
    });
    return source.id;
  });
  await scheduleJob(db, { kind: PREPARE_SOURCE, key: sourceId, runAt: now });
}

function peopleOf(series: Pick<SeriesRow, 'organizer_email' | 'attendee_email'>): [string, string] {
  return [series.organizer_email, series.attendee_email];
}

/** The calendar thread an iCalUID feeds (a demo thread never has sources, so it is never found). */
async function findByICalUid(deps: LifecycleDeps, iCalUid: string): Promise<SeriesRow | undefined> {
  const id = await seriesIdByICalUid(deps.db, iCalUid);
  return id ? findSeries(deps.db, id) : undefined;
}

/** The thread's fields as the calendar reports them, with each person's name merged from everything we know. */
async function seriesFields(
  deps: LifecycleDeps,
  title: string,
  pair: Pair,
  zone: string,
  current: SeriesRow | undefined,
): Promise<SeriesFields> {
  const nameOf = async (email: string, reported: string | undefined) => {
    const elsewhere = await knownNames(deps.db, email);
    const onThread =
      current?.organizer_email === email
        ? current.organizer_name
        : current?.attendee_email === email
          ? current.attendee_name
          : null;
    return mergeName(email, { account: elsewhere.account, reported, known: onThread ?? elsewhere.known });
  };
  return {
    title,
    organizer_email: pair.organizer.email,
    organizer_name: await nameOf(pair.organizer.email, pair.organizer.name),
    attendee_email: pair.attendee.email,
    attendee_name: await nameOf(pair.attendee.email, pair.attendee.name),
    time_zone: zone,
  };
}

/** Reads again, from the calendar, the running series of the pair's threads that live on this account. */
async function refreshRunningThreads(
  deps: LifecycleDeps,
  account: Account,
  pair: Pair,
  lookup: SeriesLookup,
  except: string,
): Promise<void> {
  const threads = await threadsOfPair(deps.db, pair.organizer.email, pair.attendee.email);
  const sources = await liveSourcesOnAccount(
    deps.db,
    threads.map((t) => t.id),
    account.id,
  );
  for (const source of sources) {
    if (source.provider_series_id === except || source.recurrence_ends_at) continue;
    const fresh = await lookup(source.provider_series_id);
    if (!fresh || fresh.cancelled) await endSource(deps.db, source.id, deps.clock());
    else await updateSourceBounds(deps.db, source.id, fresh);
  }
}

/**
 * Ends a thread whose people changed: its meetings still to come are cancelled (they now belong to the new
 * thread), its shared link is revoked (it sits in invites the newcomer can see), its other series stop being
 * followed. Both people keep their own links to the meetings they had.
 */
async function retireThread(
  db: LifecycleDeps['db'],
  thread: SeriesRow,
  movedSourceId: string | null,
  now: Date,
): Promise<void> {
  await cancelFutureOccurrences(db, thread.id, now);
  await revokeSharedLink(db, thread.id, now);
  await endOtherSources(db, thread.id, movedSourceId, now);
  await stopSeries(
    db,
    thread.id,
    'ended',
    `the people in this meeting changed on ${formatDate(todayIn(now, thread.time_zone))}; this record keeps the meetings before`,
  );
}
