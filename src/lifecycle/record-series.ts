import { createSeriesLinks } from '../agenda/links.ts';
import { judgeSeries } from '../core/one-on-one.ts';
import { isValidTimeZone } from '../core/time.ts';
import { inTransaction } from '../db/database.ts';
import { PREPARE_SOURCE } from '../db/job-kinds.ts';
import { scheduleJob } from '../db/jobs.ts';
import type { Provider } from '../db/schema.ts';
import { endSource, findSource, seriesIdByICalUid, upsertSource } from '../db/series-sources.ts';
import type { ProviderSeries } from '../providers/provider.ts';
import type { LifecycleDeps } from './deps.ts';

/**
 * Takes in one recurring series an account's calendar reported, and decides what Carryover does with it:
 * - a 1:1 the account organizes: attach it to its thread (the same iCalUID — both people connected, or a new
 *   organizer — or the same two people, which is how a "this and following" split continues) and prepare it;
 * - deleted, no longer a 1:1, or no longer organized by this account: stop writing through it (and let the
 *   prepare job take the block off future meetings).
 * Returns the source to prepare, if any.
 */
export async function recordSeries(
  deps: LifecycleDeps,
  account: { id: string; email: string; provider: Provider },
  reported: ProviderSeries,
  calendarZone: string,
): Promise<void> {
  const { db, clock } = deps;
  const now = clock();
  const known = await findSource(db, account.provider, account.id, reported.providerSeriesId);
  const verdict = judgeSeries({
    organizer: reported.organizer,
    attendees: reported.attendees,
    recurring: reported.recurring,
  });

  if (reported.cancelled || !reported.organizedBySelf || verdict.kind !== 'one-on-one') {
    if (!known || known.ended_at) return;
    // Nothing more is written through this source; the prepare job removes our block from its future meetings
    // (unless the series is gone, or the account no longer organizes it and may not write).
    await endSource(db, known.id, now);
    if (!reported.cancelled && reported.organizedBySelf) {
      await db.updateTable('series').set({ status: 'not_one_on_one' }).where('id', '=', known.series_id).execute();
      await scheduleJob(db, { kind: PREPARE_SOURCE, key: known.id, runAt: now });
    }
    return;
  }

  const { pair } = verdict;
  const zone = [reported.timeZone, calendarZone].find((z): z is string => !!z && isValidTimeZone(z)) ?? 'UTC';
  const sourceId = await inTransaction(db, async (trx) => {
    let seriesId = known?.series_id ?? (reported.iCalUid ? await seriesIdByICalUid(trx, reported.iCalUid) : undefined);
    seriesId ??= (
      await trx
        .selectFrom('series')
        .select('id')
        .where('organizer_email', '=', pair.organizer.email)
        .where('attendee_email', '=', pair.attendee.email)
        .orderBy('created_at')
        .executeTakeFirst()
    )?.id;
    // What the provider says now wins: a new title, a new organizer after a handover, a new zone.
    const fields = {
      title: reported.title,
      organizer_email: pair.organizer.email,
      organizer_name: pair.organizer.name ?? null,
      attendee_email: pair.attendee.email,
      attendee_name: pair.attendee.name ?? null,
      time_zone: zone,
    };
    if (seriesId) {
      await trx
        .updateTable('series')
        .set({ ...fields, status: 'active' })
        .where('id', '=', seriesId)
        .execute();
    } else {
      const series = await trx.insertInto('series').values(fields).returningAll().executeTakeFirstOrThrow();
      await createSeriesLinks(trx, deps.keys, series);
      seriesId = series.id;
    }
    const source = await upsertSource(trx, {
      seriesId,
      accountId: account.id,
      provider: account.provider,
      providerSeriesId: reported.providerSeriesId,
      iCalUid: reported.iCalUid,
      organizerEmail: pair.organizer.email,
    });
    return source.id;
  });
  await scheduleJob(db, { kind: PREPARE_SOURCE, key: sourceId, runAt: now });
}
