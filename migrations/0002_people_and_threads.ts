import { type Kysely, sql } from 'kysely';

// People and threads (see README "People, threads, the demo and declines"):
// - a 1:1 thread has one fixed pair of people; when the people on a provider series change, the series continues
//   in a new thread (previous_series_id) and the old one ends, so nobody sees a meeting they were not part of;
// - demo threads are marked and never matched to a calendar's series;
// - personal links belong to a person (series + email), not to a role;
// - an occurrence remembers who declined it; a source remembers its recurrence's bounds, which decide whether a new
//   series continues an earlier thread or is a 1:1 of its own;
// - private notes are sealed at rest (rows written before this migration are sealed at start-up, when the key is
//   at hand: see src/db/upgrade-data.ts).

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('series')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('calendar').check(sql`kind in ('calendar', 'demo')`))
    .addColumn('previous_series_id', 'uuid', (c) => c.references('series.id').onDelete('set null'))
    .addColumn('status_reason', 'text')
    .execute();
  // Only the demo ever created a series without a calendar source.
  await sql`update series set kind = 'demo' where not exists (select 1 from series_sources s where s.series_id = series.id)`.execute(
    db,
  );
  await db.schema.createIndex('series_pair_idx').on('series').columns(['organizer_email', 'attendee_email']).execute();
  await db.schema.createIndex('series_previous_idx').on('series').column('previous_series_id').execute();

  await sql`alter table participant_links drop constraint participant_links_role_check`.execute(db);
  await sql`drop index participant_links_live_role_idx`.execute(db);
  await sql`update participant_links set role = 'person' where role in ('organizer', 'attendee')`.execute(db);
  await sql`alter table participant_links add constraint participant_links_role_check check (role in ('person', 'shared') and (role = 'shared' or email is not null))`.execute(
    db,
  );
  await sql`create unique index participant_links_live_person_idx on participant_links (series_id, email) where revoked_at is null and role = 'person'`.execute(
    db,
  );
  await sql`create unique index participant_links_live_shared_idx on participant_links (series_id) where revoked_at is null and role = 'shared'`.execute(
    db,
  );

  await db.schema.alterTable('occurrences').addColumn('declined_by', 'text').execute();
  await db.schema.createIndex('occurrences_source_idx').on('occurrences').columns(['source_id', 'ends_at']).execute();

  await db.schema
    .alterTable('series_sources')
    .addColumn('first_start', 'timestamptz')
    .addColumn('recurrence_ends_at', 'timestamptz')
    .addColumn('last_ends_at', 'timestamptz')
    .execute();
  await db.schema.createIndex('series_sources_account_idx').on('series_sources').column('account_id').execute();

  await db.schema
    .alterTable('private_notes')
    .addColumn('sealed', 'boolean', (c) => c.notNull().defaultTo(false))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('private_notes').dropColumn('sealed').execute();
  await db.schema.dropIndex('series_sources_account_idx').execute();
  await db.schema
    .alterTable('series_sources')
    .dropColumn('first_start')
    .dropColumn('recurrence_ends_at')
    .dropColumn('last_ends_at')
    .execute();
  await db.schema.dropIndex('occurrences_source_idx').execute();
  await db.schema.alterTable('occurrences').dropColumn('declined_by').execute();
  await sql`drop index participant_links_live_person_idx`.execute(db);
  await sql`drop index participant_links_live_shared_idx`.execute(db);
  await sql`alter table participant_links drop constraint participant_links_role_check`.execute(db);
  // A person's links cannot be told apart by role again: the organizer's is the one with the series' organizer.
  await sql`update participant_links set role = case when email = (select organizer_email from series where series.id = participant_links.series_id) then 'organizer' else 'attendee' end where role = 'person'`.execute(
    db,
  );
  await sql`alter table participant_links add constraint participant_links_role_check check (role in ('organizer', 'attendee', 'shared'))`.execute(
    db,
  );
  await sql`create unique index participant_links_live_role_idx on participant_links (series_id, role) where revoked_at is null`.execute(
    db,
  );
  await db.schema.dropIndex('series_previous_idx').execute();
  await db.schema.dropIndex('series_pair_idx').execute();
  await db.schema
    .alterTable('series')
    .dropColumn('kind')
    .dropColumn('previous_series_id')
    .dropColumn('status_reason')
    .execute();
}
