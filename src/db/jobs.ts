import { sql } from 'kysely';
import type { Db } from './database.ts';
import { PREPARE_SOURCE, SEND_PROMPTS, SEND_REMINDERS, SYNC_CALENDAR } from './job-kinds.ts';
import type { JobRow } from './schema.ts';

/**
 * The job queue as a state machine. Every transition is one guarded statement here; README "Jobs and prompts"
 * describes it for people.
 *
 *   (none) ──schedule──▶ scheduled ──claim──▶ running ──complete──▶ (deleted) or scheduled (rerun / new trigger)
 *                           ▲   ▲                │  ├──retry────▶ scheduled (backoff)      ├──release──▶ scheduled
 *                           │   └─claim (lease ──┘  └──retry────▶ dead (attempt cap)       └──extend──▶ running
 *                           │      ran out)                          │
 *                           └──────────────revive (by hand, on reconnect)─┘
 *
 * `running` is held by one lease owner (a random id per claim) until `locked_until`. Only that owner may complete,
 * retry, extend or release: an instance whose lease ran out and was taken over changes nothing.
 */

/** A claimed job: the row and the lease that proves who holds it. */
export type HeldJob = JobRow & { readonly lease_owner: string };

/**
 * What scheduling does to a job of the same kind and key that exists (`on conflict (kind, key) do update`): the
 * earlier time stays, a running job's generation moves on (it runs once more for this trigger when it completes), a
 * dead job stays dead (it waits for a person). Shared with the webhook statements that schedule syncs.
 */
export const RESCHEDULE_EXISTING = {
  run_at: sql<Date>`case when jobs.state = 'dead' then jobs.run_at else least(jobs.run_at, excluded.run_at) end`,
  generation: sql<number>`jobs.generation + 1`,
  updated_at: sql<Date>`now()`,
};

/**
 * Schedules a job to run at `runAt`; a job of the same kind and key that is already scheduled keeps the earlier
 * time, so duplicate triggers (two webhooks for one change) collapse into one run. A running job's generation moves
 * on, so it runs once more for this trigger when it completes. A dead job stays dead: it waits for a person.
 */
export async function scheduleJob(db: Db, job: { kind: string; key: string; runAt: Date }): Promise<void> {
  await db
    .insertInto('jobs')
    .values({ kind: job.kind, key: job.key, run_at: job.runAt })
    .onConflict((oc) => oc.columns(['kind', 'key']).doUpdateSet(RESCHEDULE_EXISTING))
    .execute();
}

/**
 * Claims up to `limit` due jobs for `leaseMs`: scheduled ones whose time has come, and running ones whose lease
 * ran out (their instance died). `FOR UPDATE SKIP LOCKED` lets several instances claim at once without waiting on
 * or taking each other's rows. `exceptIds` are left alone (jobs that already ran their share of this tick).
 */
export async function claimDueJobs(
  db: Db,
  now: Date,
  limit: number,
  leaseMs: number,
  exceptIds: readonly string[] = [],
): Promise<HeldJob[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('jobs')
      .select('id')
      .where('state', '!=', 'dead')
      .where('run_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .$if(exceptIds.length > 0, (qb) => qb.where('id', 'not in', exceptIds))
      .orderBy('run_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    const claimed = await trx
      .updateTable('jobs')
      .set((eb) => ({
        state: 'running',
        lease_owner: sql<string>`gen_random_uuid()`,
        locked_until: leaseUntil,
        attempts: eb('attempts', '+', 1),
        updated_at: sql<Date>`now()`,
      }))
      .where(
        'id',
        'in',
        due.map((row) => row.id),
      )
      .returningAll()
      .execute();
    return claimed as HeldJob[];
  });
}

/** Keeps holding a running job until `until`. False: the lease was lost (taken over): stop working on it. */
export async function extendLease(db: Db, job: HeldJob, until: Date): Promise<boolean> {
  const result = await db
    .updateTable('jobs')
    .set({ locked_until: until })
    .where('id', '=', job.id)
    .where('lease_owner', '=', job.lease_owner)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/**
 * Finishes a held job: deleted, or scheduled again for `rerunAt` when the handler asked to run later (a poll, a
 * prompt whose meeting moved). If a new trigger arrived while it ran (its generation moved on), it is scheduled to
 * run again at once for that trigger instead. False: the lease was lost and nothing changed.
 */
export async function completeJob(db: Db, job: HeldJob, rerunAt?: Date): Promise<boolean> {
  if (!rerunAt) {
    const deleted = await db
      .deleteFrom('jobs')
      .where('id', '=', job.id)
      .where('lease_owner', '=', job.lease_owner)
      .where('generation', '=', job.generation)
      .executeTakeFirst();
    if (deleted.numDeletedRows > 0n) return true;
  }
  const updated = await db
    .updateTable('jobs')
    .set((eb) => ({
      state: 'scheduled',
      lease_owner: null,
      locked_until: null,
      attempts: 0,
      last_error: null,
      run_at: rerunAt
        ? eb.case().when('generation', '=', job.generation).then(rerunAt).else(eb.ref('run_at')).end()
        : eb.ref('run_at'),
      updated_at: sql<Date>`now()`,
    }))
    .where('id', '=', job.id)
    .where('lease_owner', '=', job.lease_owner)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

/**
 * A held job failed: scheduled again for `runAt`, or dead once it has used `maxAttempts` (it keeps its last error
 * for the person and the operator). Returns what became of it, or 'lost' when the lease had been taken over.
 */
export async function retryJob(
  db: Db,
  job: HeldJob,
  failure: { runAt: Date; error: string; maxAttempts: number; now: Date },
): Promise<'scheduled' | 'dead' | 'lost'> {
  const dead = job.attempts >= failure.maxAttempts;
  const result = await db
    .updateTable('jobs')
    .set({
      state: dead ? 'dead' : 'scheduled',
      dead_at: dead ? failure.now : null,
      run_at: failure.runAt,
      lease_owner: null,
      locked_until: null,
      last_error: failure.error.slice(0, 2000),
      updated_at: sql<Date>`now()`,
    })
    .where('id', '=', job.id)
    .where('lease_owner', '=', job.lease_owner)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) return 'lost';
  return dead ? 'dead' : 'scheduled';
}

/** Gives a held job back unrun (the instance is shutting down): due again at once, the attempt not counted. */
export async function releaseJob(db: Db, job: HeldJob): Promise<void> {
  await db
    .updateTable('jobs')
    .set((eb) => ({
      state: 'scheduled',
      lease_owner: null,
      locked_until: null,
      attempts: eb('attempts', '-', 1),
      updated_at: sql<Date>`now()`,
    }))
    .where('id', '=', job.id)
    .where('lease_owner', '=', job.lease_owner)
    .execute();
}

/** Revives dead jobs (a person pressed "Try again", or reconnected the account): due at `now`, attempts reset. */
export async function reviveDeadJobs(db: Db, ids: readonly string[], now: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const result = await db
    .updateTable('jobs')
    .set({ state: 'scheduled', dead_at: null, attempts: 0, run_at: now, updated_at: sql<Date>`now()` })
    .where('id', 'in', ids)
    .where('state', '=', 'dead')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A dead job as a person sees it: what it was for and why it gave up. */
export interface DeadJob {
  readonly id: string;
  readonly kind: string;
  readonly key: string;
  readonly attempts: number;
  readonly lastError: string | null;
  readonly deadAt: Date | null;
}

/**
 * The dead jobs of one account: syncs of its calendars, preparations of its series, prompts of its meetings. Keys
 * are ids of those rows, so each kind is matched against the account's own rows.
 */
export async function deadJobsOfAccount(db: Db, accountId: string): Promise<DeadJob[]> {
  const rows = await db
    .selectFrom('jobs')
    .select(['id', 'kind', 'key', 'attempts', 'last_error', 'dead_at'])
    .where('state', '=', 'dead')
    .where((eb) =>
      eb.or([
        eb.and([
          eb('kind', '=', SYNC_CALENDAR),
          eb(
            'key',
            'in',
            eb.selectFrom('calendars').select(sql<string>`id::text`.as('id')).where('account_id', '=', accountId),
          ),
        ]),
        eb.and([
          eb('kind', '=', PREPARE_SOURCE),
          eb(
            'key',
            'in',
            eb.selectFrom('series_sources').select(sql<string>`id::text`.as('id')).where('account_id', '=', accountId),
          ),
        ]),
        eb.and([
          eb('kind', 'in', [SEND_PROMPTS, SEND_REMINDERS]),
          eb(
            'key',
            'in',
            eb
              .selectFrom('occurrences')
              .innerJoin('series_sources', 'series_sources.id', 'occurrences.source_id')
              .select(sql<string>`occurrences.id::text`.as('id'))
              .where('series_sources.account_id', '=', accountId),
          ),
        ]),
      ]),
    )
    .orderBy('dead_at', 'desc')
    .execute();
  return rows.map((row) => ({
    id: row.id,
    kind: row.kind,
    key: row.key,
    attempts: row.attempts,
    lastError: row.last_error,
    deadAt: row.dead_at,
  }));
}

/** The queue at a glance, for /metrics: jobs by state, and when the longest-waiting due job became due. */
export async function jobQueue(
  db: Db,
  now: Date,
): Promise<{ byState: Record<string, number>; oldestDueAt: Date | undefined }> {
  const rows = await db
    .selectFrom('jobs')
    .select(['state', (eb) => eb.fn.countAll<string>().as('count')])
    .groupBy('state')
    .execute();
  // Due as claimDueJobs sees it: scheduled and its time has come, or running with a lease that ran out.
  const oldest = await db
    .selectFrom('jobs')
    .select((eb) => eb.fn.min<Date | null>('run_at').as('at'))
    .where('state', '!=', 'dead')
    .where('run_at', '<=', now)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst();
  return {
    byState: Object.fromEntries(rows.map((row) => [row.state, Number(row.count)])),
    oldestDueAt: oldest?.at ?? undefined,
  };
}
