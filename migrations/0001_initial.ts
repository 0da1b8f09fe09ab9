import { type Kysely, sql } from 'kysely';

// Migrations are plain, reviewable steps and are never edited after they land: add a new file instead.
// Kysely's schema builder is typed against `unknown` here on purpose: a migration describes the schema as it was
// on the day it was written, not as src/db/schema.ts describes it today.

const now = sql`now()`;
const uuid = sql`gen_random_uuid()`;

export async function up(db: Kysely<unknown>): Promise<void> {
  // A connected provider account. Tokens are one encrypted JSON blob (see src/security/secret-box.ts).
  await db.schema
    .createTable('accounts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('provider', 'text', (c) => c.notNull().check(sql`provider in ('google', 'microsoft')`))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text')
    .addColumn('tokens_encrypted', 'text')
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('active').check(sql`status in ('active', 'needs_reconnect', 'disconnected')`),
    )
    .addColumn('status_reason', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('accounts_provider_email_key', ['provider', 'email'])
    .execute();

  // One watched calendar of an account, with its push channel and incremental-sync cursor.
  await db.schema
    .createTable('calendars')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('provider_calendar_id', 'text', (c) => c.notNull())
    .addColumn('sync_cursor', 'text')
    .addColumn('watch_id', 'text')
    .addColumn('watch_resource_id', 'text')
    .addColumn('watch_secret_hash', 'text')
    .addColumn('watch_expires_at', 'timestamptz')
    .addColumn('last_notified_at', 'timestamptz')
    .addColumn('last_synced_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('calendars_account_calendar_key', ['account_id', 'provider_calendar_id'])
    .execute();

  // A 1:1 thread between two people. It outlives any one provider series: a "this and following" split, a second
  // connected participant or a change of organizer all attach another source to the same series.
  await db.schema
    .createTable('series')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('organizer_email', 'text', (c) => c.notNull())
    .addColumn('organizer_name', 'text')
    .addColumn('attendee_email', 'text', (c) => c.notNull())
    .addColumn('attendee_name', 'text')
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('active').check(sql`status in ('active', 'ended', 'not_one_on_one')`),
    )
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  // A provider's recurring event that feeds a series.
  await db.schema
    .createTable('series_sources')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('series_id', 'uuid', (c) => c.notNull().references('series.id').onDelete('cascade'))
    .addColumn('account_id', 'uuid', (c) => c.references('accounts.id').onDelete('set null'))
    .addColumn('provider', 'text', (c) => c.notNull())
    .addColumn('provider_series_id', 'text', (c) => c.notNull())
    .addColumn('ical_uid', 'text')
    .addColumn('organizer_email', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('series_sources_provider_key', ['provider', 'account_id', 'provider_series_id'])
    .execute();
  await db.schema.createIndex('series_sources_ical_uid_idx').on('series_sources').column('ical_uid').execute();
  await db.schema.createIndex('series_sources_series_idx').on('series_sources').column('series_id').execute();

  // One meeting of a series, identified within it by its original start (immutable even when the meeting moves).
  await db.schema
    .createTable('occurrences')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('series_id', 'uuid', (c) => c.notNull().references('series.id').onDelete('cascade'))
    .addColumn('original_start', 'timestamptz', (c) => c.notNull())
    .addColumn('starts_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c.notNull().defaultTo('scheduled').check(sql`status in ('scheduled', 'cancelled')`),
    )
    .addColumn('source_id', 'uuid', (c) => c.references('series_sources.id').onDelete('set null'))
    .addColumn('provider_instance_id', 'text')
    .addColumn('provider_etag', 'text')
    .addColumn('block_hash', 'text')
    .addColumn('block_written_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('occurrences_series_original_start_key', ['series_id', 'original_start'])
    .execute();
  await db.schema
    .createIndex('occurrences_series_starts_idx')
    .on('occurrences')
    .columns(['series_id', 'starts_at'])
    .execute();
  await db.schema.createIndex('occurrences_ends_idx').on('occurrences').column('ends_at').execute();

  // The shared agenda of one occurrence (talking points, commitments and notes hang off it).
  await db.schema
    .createTable('agendas')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('occurrence_id', 'uuid', (c) => c.notNull().unique().references('occurrences.id').onDelete('cascade'))
    .addColumn('deep_dive', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('shared_notes', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();

  // Three links per series: one personal link per participant (emailed; unlocks private notes) and the shared link
  // that goes into the invite, which both people can open. Tokens are never stored: a token is HMAC(SECRET_KEY,
  // nonce), so the service can put it in an invite or an email again, while a database reader without the key can
  // neither see nor forge one. Lookup is by SHA-256 hash of the token.
  await db.schema
    .createTable('participant_links')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('series_id', 'uuid', (c) => c.notNull().references('series.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('organizer', 'attendee', 'shared')`))
    // The participant a personal link belongs to; null for the shared link.
    .addColumn('email', 'text')
    .addColumn('nonce', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('revoked_at', 'timestamptz')
    .execute();
  await sql`create unique index participant_links_live_role_idx on participant_links (series_id, role) where revoked_at is null`.execute(
    db,
  );

  await db.schema
    .createTable('topics')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('series_id', 'uuid', (c) => c.notNull().references('series.id').onDelete('cascade'))
    .addColumn('occurrence_id', 'uuid', (c) => c.notNull().references('occurrences.id').onDelete('cascade'))
    .addColumn('author_email', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('resolved_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('topics_occurrence_idx').on('topics').columns(['occurrence_id', 'position']).execute();

  await db.schema
    .createTable('commitments')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('series_id', 'uuid', (c) => c.notNull().references('series.id').onDelete('cascade'))
    .addColumn('made_at_occurrence_id', 'uuid', (c) => c.references('occurrences.id').onDelete('set null'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('owner_email', 'text', (c) => c.notNull())
    // A calendar date in the series' time zone, kept as text so no driver turns it into a shifted instant.
    .addColumn('due_date', 'text', (c) => c.check(sql`due_date ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('open').check(sql`status in ('open', 'done', 'dropped')`))
    .addColumn('created_by_email', 'text')
    .addColumn('closed_at', 'timestamptz')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('commitments_series_idx').on('commitments').columns(['series_id', 'status']).execute();

  // Every change to a commitment, so the history shows who closed what and when.
  await db.schema
    .createTable('commitment_events')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('commitment_id', 'uuid', (c) => c.notNull().references('commitments.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('created', 'status', 'edited')`))
    .addColumn('from_status', 'text')
    .addColumn('to_status', 'text')
    .addColumn('detail', 'text')
    .addColumn('actor_email', 'text')
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema
    .createIndex('commitment_events_commitment_idx')
    .on('commitment_events')
    .columns(['commitment_id', 'at'])
    .execute();

  await db.schema
    .createTable('private_notes')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('occurrence_id', 'uuid', (c) => c.notNull().references('occurrences.id').onDelete('cascade'))
    .addColumn('author_email', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('private_notes_occurrence_author_key', ['occurrence_id', 'author_email'])
    .execute();

  // The prompt outbox: a row is claimed before the email is sent, so a prompt goes out once per occurrence and
  // recipient whatever crashes, retries or second instances happen.
  await db.schema
    .createTable('prompts')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('occurrence_id', 'uuid', (c) => c.notNull().references('occurrences.id').onDelete('cascade'))
    .addColumn('recipient_email', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) =>
      c
        .notNull()
        .defaultTo('pending')
        .check(sql`state in ('pending', 'sending', 'sent', 'failed', 'ambiguous', 'skipped')`),
    )
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claimed_until', 'timestamptz')
    .addColumn('sent_at', 'timestamptz')
    .addColumn('provider_message_id', 'text')
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('prompts_occurrence_recipient_key', ['occurrence_id', 'recipient_email'])
    .execute();
  await db.schema.createIndex('prompts_state_idx').on('prompts').columns(['state', 'claimed_until']).execute();

  // Due work for the tick. A job is claimed with FOR UPDATE SKIP LOCKED and a lease, so two instances never run the
  // same job at once and a crashed instance's job is picked up when its lease runs out.
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(uuid))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('run_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // Bumped by every new trigger, so a trigger that arrives while the job runs is not lost when it completes.
    .addColumn('generation', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(now))
    .addUniqueConstraint('jobs_kind_key_key', ['kind', 'key'])
    .execute();
  await db.schema.createIndex('jobs_run_at_idx').on('jobs').column('run_at').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'jobs',
    'prompts',
    'private_notes',
    'commitment_events',
    'commitments',
    'topics',
    'participant_links',
    'agendas',
    'occurrences',
    'series_sources',
    'series',
    'calendars',
    'accounts',
  ]) {
    await db.schema.dropTable(table).ifExists().execute();
  }
}
