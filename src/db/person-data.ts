import { sql } from 'kysely';
import { type Db, inTransaction } from './database.ts';
import { forgetInThreads } from './forget-in-threads.ts';
import { PREPARE_SOURCE, SEND_PROMPTS, SEND_REMINDERS, SYNC_CALENDAR } from './job-kinds.ts';
import type { AccountStatus, Provider, SeriesRow } from './schema.ts';

/**
 * Everything Carryover holds about one person (by email), and deleting it.
 *
 * The rule for the 1:1 threads they were part of: a thread is two people's shared record. Once it reached the other
 * person — they were sent their own link, they have a Carryover account, or something in it is recorded under their
 * name — its agendas, talking points, commitments, notes, history and follow-through are their record too and stay
 * for them; the leaving person's identity is taken out of it (FORMER_PARTICIPANT) and the thread ends. A thread that
 * never reached the other person, or whose other person left too, is nobody else's: it is deleted whole. Carryover
 * does not record who opens the shared link in an invite (that would be more personal data), so an unnamed visit
 * through it does not count.
 *
 * Demo threads are samples with made-up people, whoever created them: never touched here.
 */

import { FORMER_PARTICIPANT } from './forget-in-threads.ts';

export { FORMER_PARTICIPANT, FORMER_PARTICIPANT_NAME } from './forget-in-threads.ts';

/** Prompt states in which the email (with the recipient's own link) went out or may have. */
const REACHED_STATES = ['sent', 'sending', 'ambiguous'] as const;

/** What deleting a person's data does to one of their 1:1 threads. */
export interface ThreadFate {
  readonly id: string;
  readonly title: string;
  /** The other person, as the thread names them. */
  readonly other: { readonly email: string; readonly name: string | null };
  /** `kept`: stays as the other person's record, without the leaving person's identity; `deleted`: nobody else has it. */
  readonly fate: 'kept' | 'deleted';
}

/** What Carryover holds about a person. */
export interface PersonData {
  readonly accounts: readonly { readonly id: string; readonly provider: Provider; readonly status: AccountStatus }[];
  readonly threads: readonly ThreadFate[];
  /** Their private notes, on every meeting. */
  readonly privateNotes: number;
  /** Their ratings of meetings and answers to the feedback questions. */
  readonly feedback: number;
  /** Development goals that are theirs (they own them), on every thread. */
  readonly goals: number;
}

/** What a deletion did. */
export interface PersonDataDeletion extends PersonData {
  /**
   * Live calendar series of the other people, stopped with their thread: their upcoming invites may still carry the
   * thread's agenda block, for the caller to have it taken off.
   */
  readonly endedSources: readonly string[];
}

/**
 * What Carryover holds about `email`, and what deleting it would do to each of their threads: the confirmation page
 * and deletePersonData decide on this same answer.
 */
export async function personData(db: Db, email: string): Promise<PersonData> {
  const accounts = await db
    .selectFrom('accounts')
    .select(['id', 'provider', 'status'])
    .where('email', '=', email)
    .orderBy('created_at')
    .execute();
  const threads: ThreadFate[] = [];
  for (const thread of await threadsOf(db, email)) {
    const other = thread.organizer_email === email ? thread.attendee_email : thread.organizer_email;
    const otherName = thread.organizer_email === email ? thread.attendee_name : thread.organizer_name;
    threads.push({
      id: thread.id,
      title: thread.title,
      other: { email: other, name: otherName },
      fate: other !== FORMER_PARTICIPANT && (await reached(db, thread.id, other)) ? 'kept' : 'deleted',
    });
  }
  const notes = await db
    .selectFrom('private_notes')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('author_email', '=', email)
    .where('occurrence_id', 'in', calendarOccurrences(db))
    .executeTakeFirstOrThrow();
  const feedback = await db
    .selectFrom('meeting_feedback')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('author_email', '=', email)
    .where('series_id', 'in', calendarSeries(db))
    .executeTakeFirstOrThrow();
  const goals = await db
    .selectFrom('goals')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('owner_email', '=', email)
    .where('series_id', 'in', calendarSeries(db))
    .executeTakeFirstOrThrow();
  return {
    accounts,
    threads,
    privateNotes: Number(notes.count),
    feedback: Number(feedback.count),
    goals: Number(goals.count),
  };
}

/**
 * Deletes what Carryover holds about `email`, in one transaction: their accounts with their sealed tokens, calendars
 * and calendar series; their private notes, personal links and prompts everywhere; the threads nobody else has. The
 * threads that are also the other person's record stay for them, ended, with `email` replaced by FORMER_PARTICIPANT
 * (and their name by FORMER_PARTICIPANT_NAME); their shared link, which sits in invites the leaving person keeps, is
 * revoked. Idempotent: a second run finds nothing.
 *
 * Disconnect the accounts first (revoke, take the block off invites): this only touches the database.
 */
export async function deletePersonData(
  db: Db,
  email: string,
  options: {
    readonly at: Date;
    /** Why a kept thread ended, in the thread's time zone, for the person who stays. */
    readonly endedReason: (timeZone: string) => string;
  },
): Promise<PersonDataDeletion> {
  const { at, endedReason } = options;
  return inTransaction(db, async (trx) => {
    const data = await personData(trx, email);
    const accountIds = data.accounts.map((a) => a.id);
    const kept = data.threads.filter((t) => t.fate === 'kept').map((t) => t.id);
    const deleted = data.threads.filter((t) => t.fate === 'deleted').map((t) => t.id);
    const touched = [...kept, ...deleted];

    // Their calendars and the series Carryover found in them. Occurrences of kept threads stay, without the ids of
    // their calendar's events.
    const ownSources = (
      await trx
        .selectFrom('series_sources')
        .select('id')
        .where((eb) =>
          eb.or([
            eb('organizer_email', '=', email),
            ...(accountIds.length > 0 ? [eb('account_id', 'in', accountIds)] : []),
          ]),
        )
        .execute()
    ).map((s) => s.id);
    if (ownSources.length > 0) {
      await trx
        .updateTable('occurrences')
        .set({ provider_instance_id: null, provider_etag: null, updated_at: sql<Date>`now()` })
        .where('source_id', 'in', ownSources)
        .execute();
      await deleteJobs(trx, PREPARE_SOURCE, ownSources);
      await trx.deleteFrom('series_sources').where('id', 'in', ownSources).execute();
    }
    if (accountIds.length > 0) {
      const calendars = await trx.selectFrom('calendars').select('id').where('account_id', 'in', accountIds).execute();
      await deleteJobs(
        trx,
        SYNC_CALENDAR,
        calendars.map((cal) => cal.id),
      );
      // The sealed tokens go with the row; calendars (watch secrets, sync cursors) cascade.
      await trx.deleteFrom('accounts').where('id', 'in', accountIds).execute();
    }

    // Their own things, on every calendar thread (not only their current ones).
    await trx
      .deleteFrom('private_notes')
      .where('author_email', '=', email)
      .where('occurrence_id', 'in', calendarOccurrences(trx))
      .execute();
    // Ratings and answers are their own words about a meeting; development goals they own are about them.
    await trx
      .deleteFrom('meeting_feedback')
      .where('author_email', '=', email)
      .where('series_id', 'in', calendarSeries(trx))
      .execute();
    await trx
      .deleteFrom('goals')
      .where('owner_email', '=', email)
      .where('series_id', 'in', calendarSeries(trx))
      .execute();
    await trx
      .deleteFrom('prompts')
      .where('recipient_email', '=', email)
      .where('occurrence_id', 'in', calendarOccurrences(trx))
      .execute();
    await trx
      .deleteFrom('participant_links')
      .where('role', '=', 'person')
      .where('email', '=', email)
      .where('series_id', 'in', (eb) => eb.selectFrom('series').select('id').where('kind', '=', 'calendar'))
      .execute();

    // Both kinds of thread end: recaps and reminders still waiting for one of their meetings are not sent.
    if (touched.length > 0) {
      const occurrences = await trx.selectFrom('occurrences').select('id').where('series_id', 'in', touched).execute();
      for (const kind of [SEND_PROMPTS, SEND_REMINDERS]) {
        await deleteJobs(
          trx,
          kind,
          occurrences.map((o) => o.id),
        );
      }
    }
    // Nobody else's: everything hanging off the thread cascades (meetings, agendas, topics, commitments, links).
    if (deleted.length > 0) await trx.deleteFrom('series').where('id', 'in', deleted).execute();

    let endedSources: string[] = [];
    if (kept.length > 0) {
      endedSources = await forgetInThreads(trx, email, kept, at);
      const zones = await trx
        .selectFrom('series')
        .select(['id', 'time_zone'])
        .where('id', 'in', kept)
        .where('status', '!=', 'ended')
        .execute();
      for (const thread of zones) {
        await trx
          .updateTable('series')
          .set({ status: 'ended', status_reason: endedReason(thread.time_zone), updated_at: sql<Date>`now()` })
          .where('id', '=', thread.id)
          .execute();
      }
    }
    return { ...data, endedSources };
  });
}

/** The calendar threads `email` is one of the two people of. */
async function threadsOf(db: Db, email: string): Promise<SeriesRow[]> {
  return db
    .selectFrom('series')
    .selectAll()
    .where('kind', '=', 'calendar')
    .where((eb) => eb.or([eb('organizer_email', '=', email), eb('attendee_email', '=', email)]))
    .orderBy('created_at')
    .execute();
}

/**
 * Whether a thread reached `other`: they have an account here, were sent (or may have been sent) their own link, or
 * something in it is recorded under their name.
 */
async function reached(db: Db, seriesId: string, other: string): Promise<boolean> {
  const row = await db
    .selectNoFrom((eb) => [
      eb
        .or([
          eb.exists(eb.selectFrom('accounts').select('id').where('email', '=', other)),
          eb.exists(
            eb
              .selectFrom('prompts')
              .innerJoin('occurrences', 'occurrences.id', 'prompts.occurrence_id')
              .select('prompts.id')
              .where('occurrences.series_id', '=', seriesId)
              .where('prompts.recipient_email', '=', other)
              .where('prompts.state', 'in', REACHED_STATES),
          ),
          eb.exists(
            eb.selectFrom('topics').select('id').where('series_id', '=', seriesId).where('author_email', '=', other),
          ),
          eb.exists(
            eb
              .selectFrom('commitments')
              .select('id')
              .where('series_id', '=', seriesId)
              .where('created_by_email', '=', other),
          ),
          eb.exists(
            eb
              .selectFrom('commitment_events')
              .innerJoin('commitments', 'commitments.id', 'commitment_events.commitment_id')
              .select('commitment_events.id')
              .where('commitments.series_id', '=', seriesId)
              .where('commitment_events.actor_email', '=', other),
          ),
          eb.exists(
            eb
              .selectFrom('meeting_feedback')
              .select('id')
              .where('series_id', '=', seriesId)
              .where('author_email', '=', other),
          ),
          eb.exists(
            eb
              .selectFrom('goals')
              .select('id')
              .where('series_id', '=', seriesId)
              .where((g) => g.or([g('owner_email', '=', other), g('created_by_email', '=', other)])),
          ),
          eb.exists(
            eb
              .selectFrom('private_notes')
              .innerJoin('occurrences', 'occurrences.id', 'private_notes.occurrence_id')
              .select('private_notes.id')
              .where('occurrences.series_id', '=', seriesId)
              .where('private_notes.author_email', '=', other),
          ),
        ])
        .as('reached'),
    ])
    .executeTakeFirstOrThrow();
  return row.reached === true;
}

/** The calendar threads (demo threads' sample people are nobody's data). */
function calendarSeries(db: Db) {
  return db.selectFrom('series').select('id').where('kind', '=', 'calendar');
}

/** The meetings of calendar threads (demo threads' sample people are nobody's data). */
function calendarOccurrences(db: Db) {
  return db
    .selectFrom('occurrences')
    .innerJoin('series', 'series.id', 'occurrences.series_id')
    .select('occurrences.id')
    .where('series.kind', '=', 'calendar');
}

/** Deletes the jobs of one kind whose keys are these rows' ids (their rows are going). */
async function deleteJobs(trx: Db, kind: string, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await trx.deleteFrom('jobs').where('kind', '=', kind).where('key', 'in', keys).execute();
}
