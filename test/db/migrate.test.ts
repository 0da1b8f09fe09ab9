import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase | undefined;
afterEach(async () => {
  await database?.close();
  database = undefined;
});

describe('migrations', () => {
  it('create every table the service uses, once', async () => {
    database = await openTestDatabase({ migrate: false });
    const first = await migrateToLatest(database.db);
    expect(first.map((m) => [m.migrationName, m.status])).toEqual([['0001_initial', 'Success']]);
    expect(await migrateToLatest(database.db)).toEqual([]);

    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
      where table_schema = current_schema() and table_name not like 'kysely_%' order by table_name`.execute(
      database.db,
    );
    expect(tables.rows.map((r) => r.table_name)).toEqual([
      'accounts',
      'agendas',
      'calendars',
      'commitment_events',
      'commitments',
      'jobs',
      'occurrences',
      'participant_links',
      'private_notes',
      'prompts',
      'series',
      'series_sources',
      'topics',
    ]);
  });

  it('are applied exactly once when two instances start at the same time', async () => {
    database = await openTestDatabase({ migrate: false });
    const second = database.openSecond();
    const [a, b] = await Promise.all([migrateToLatest(database.db), migrateToLatest(second.db)]);
    expect([...a, ...b].map((m) => m.migrationName)).toEqual(['0001_initial']);
    const applied = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(database.db);
    expect(applied.rows[0]?.n).toBe(1);
  });

  it('keep one prompt per occurrence and recipient, whatever inserts it twice', async () => {
    database = await openTestDatabase();
    const series = await database.db
      .insertInto('series')
      .values({ title: 't', organizer_email: 'a@x.test', attendee_email: 'b@x.test', time_zone: 'UTC' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const occurrence = await database.db
      .insertInto('occurrences')
      .values({
        series_id: series.id,
        original_start: '2026-01-01T10:00Z',
        starts_at: '2026-01-01T10:00Z',
        ends_at: '2026-01-01T10:30Z',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const claim = () =>
      database!.db
        .insertInto('prompts')
        .values({ occurrence_id: occurrence.id, recipient_email: 'b@x.test' })
        .onConflict((oc) => oc.columns(['occurrence_id', 'recipient_email']).doNothing())
        .returning('id')
        .execute();
    const claims = await Promise.all([claim(), claim(), claim()]);
    expect(claims.flat()).toHaveLength(1);
  });
});
