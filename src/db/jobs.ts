import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { JobRow } from './schema.ts';

/**
 * Schedules a job to run at `runAt`; a job of the same kind and key that is already scheduled keeps the earlier
 * time, so duplicate triggers (two webhooks for one change) collapse into one run.
 */
export async function scheduleJob(db: Db, job: { kind: string; key: string; runAt: Date }): Promise<void> {
  await db
    .insertInto('jobs')
    .values({ kind: job.kind, key: job.key, run_at: job.runAt })
    .onConflict((oc) =>
      oc.columns(['kind', 'key']).doUpdateSet({
        run_at: sql<Date>`least(jobs.run_at, excluded.run_at)`,
        generation: sql<number>`jobs.generation + 1`,
        updated_at: sql<Date>`now()`,
      }),
    )
    .execute();
}

/**
 * Claims up to `limit` due jobs for `leaseMs`. `FOR UPDATE SKIP LOCKED` lets several instances claim at once
 * without waiting on or taking each other's rows; the lease makes a crashed instance's jobs due again later.
 */
export async function claimDueJobs(db: Db, now: Date, limit: number, leaseMs: number): Promise<JobRow[]> {
  const leaseUntil = new Date(now.getTime() + leaseMs);
  return db.transaction().execute(async (trx) => {
    const due = await trx
      .selectFrom('jobs')
      .select('id')
      .where('run_at', '<=', now)
      .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
      .orderBy('run_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    return trx
      .updateTable('jobs')
      .set((eb) => ({ locked_until: leaseUntil, attempts: eb('attempts', '+', 1), updated_at: sql<Date>`now()` }))
      .where(
        'id',
        'in',
        due.map((row) => row.id),
      )
      .returningAll()
      .execute();
  });
}

/**
 * Finishes a claimed job: deleted, or kept for `rerunAt` when the handler asked to run again later (a poll, a
 * prompt whose meeting moved). If a new trigger arrived while it ran (its generation moved on), it is released to
 * run again at once for that trigger instead.
 */
export async function completeJob(db: Db, job: JobRow, rerunAt?: Date): Promise<void> {
  if (rerunAt) {
    await db
      .updateTable('jobs')
      .set((eb) => ({
        locked_until: null,
        attempts: 0,
        last_error: null,
        run_at: eb.case().when('generation', '=', job.generation).then(rerunAt).else(eb.ref('run_at')).end(),
        updated_at: sql<Date>`now()`,
      }))
      .where('id', '=', job.id)
      .execute();
    return;
  }
  const deleted = await db
    .deleteFrom('jobs')
    .where('id', '=', job.id)
    .where('generation', '=', job.generation)
    .executeTakeFirst();
  if (deleted.numDeletedRows === 0n) {
    await db.updateTable('jobs').set({ locked_until: null, attempts: 0 }).where('id', '=', job.id).execute();
  }
}

/** Puts a failed job back for a later try, keeping the error for the operator. */
export async function retryJobLater(db: Db, job: JobRow, runAt: Date, error: string): Promise<void> {
  await db
    .updateTable('jobs')
    .set({ run_at: runAt, locked_until: null, last_error: error.slice(0, 2000), updated_at: sql<Date>`now()` })
    .where('id', '=', job.id)
    .execute();
}
