import type { Kysely } from 'kysely';

// Indexes for the queries the tick runs per job (BENCHMARKS.md "Tick and webhook queries", `npm run bench:explain`):
// - a sync asks, for every event the provider reports changed, whether it is our own write coming back
//   (src/db/occurrences.ts isOwnWrite: source, instance id and etag) and, for a removal reported without its series,
//   which series an instance belongs to (providerSeriesOfInstance: the account's sources, then the instance id).
//   occurrences_source_idx (source_id, ends_at) finds a source's meetings but not the one instance: every meeting
//   of the source was read and filtered, a cost that grows with the source's history.
// The other per-job queries already have theirs: the claim uses jobs_due_idx (run_at, state <> 'dead'),
// webhooks find their calendar by calendars_watch_idx (0003), and sources by series_sources_provider_key.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('occurrences_source_instance_idx')
    .on('occurrences')
    .columns(['source_id', 'provider_instance_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('occurrences_source_instance_idx').execute();
}
