import { type Kysely, sql } from 'kysely';

// Jobs and prompts as explicit state machines (README "Jobs and prompts: what happens when things fail"):
// - a job is scheduled, running (held by one lease owner) or dead (gave up after its kind's attempt cap: visible
//   on /account and in the logs, retried by hand); only the current lease owner may complete, retry, extend or
//   release it;
// - a prompt records why it failed or may not have gone out, and when a person asked to send it again.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('jobs')
    .addColumn('state', 'text', (c) =>
      c.notNull().defaultTo('scheduled').check(sql`state in ('scheduled', 'running', 'dead')`),
    )
    .addColumn('lease_owner', 'uuid')
    .addColumn('dead_at', 'timestamptz')
    .execute();
  // A row some instance held when this migration ran keeps its lease time; only its owner is unknown, so it is
  // taken over when the lease runs out, as after a crash.
  await sql`update jobs set state = 'running' where locked_until is not null`.execute(db);
  await db.schema.dropIndex('jobs_run_at_idx').execute();
  // The tick's claim: due rows of the live states, by run_at.
  await sql`create index jobs_due_idx on jobs (run_at) where state <> 'dead'`.execute(db);
  await sql`create index jobs_dead_idx on jobs (kind, key) where state = 'dead'`.execute(db);

  await db.schema
    .alterTable('prompts')
    .addColumn('failure', 'text', (c) => c.check(sql`failure in ('refused', 'unknown', 'gave-up')`))
    .addColumn('resend_requested_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('prompts_occurrence_idx').on('prompts').column('occurrence_id').execute();
  // Every webhook looks its calendar up by the channel or subscription id it carries.
  await db.schema.createIndex('calendars_watch_idx').on('calendars').column('watch_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('calendars_watch_idx').execute();
  await db.schema.dropIndex('prompts_occurrence_idx').execute();
  await db.schema.alterTable('prompts').dropColumn('failure').dropColumn('resend_requested_at').execute();
  await sql`drop index jobs_dead_idx`.execute(db);
  await sql`drop index jobs_due_idx`.execute(db);
  await db.schema.createIndex('jobs_run_at_idx').on('jobs').column('run_at').execute();
  await db.schema.alterTable('jobs').dropColumn('state').dropColumn('lease_owner').dropColumn('dead_at').execute();
}
