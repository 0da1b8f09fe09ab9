import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterEach, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
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
    expect(first.map((m) => [m.migrationName, m.status])).toEqual([
      ['0001_initial', 'Success'],
      ['0002_people_and_threads', 'Success'],
      ['0003_job_and_prompt_states', 'Success'],
      ['0005_watch_state', 'Success'],
      ['0006_invite_write_budget', 'Success'],
      ['0007_account_origin', 'Success'],
      ['0008_forgotten_people', 'Success'],
      ['0009_before_and_after', 'Success'],
      ['0010_beyond_one_meeting', 'Success'],
      ['0011_tick_indexes', 'Success'],
      ['0012_adaptive_backstop', 'Success'],
    ]);
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
      'forgotten_people',
      'goal_events',
      'goal_milestones',
      'goals',
      'jobs',
      'meeting_feedback',
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
    expect([...a, ...b].map((m) => m.migrationName)).toEqual([
      '0001_initial',
      '0002_people_and_threads',
      '0003_job_and_prompt_states',
      '0005_watch_state',
      '0006_invite_write_budget',
      '0007_account_origin',
      '0008_forgotten_people',
      '0009_before_and_after',
      '0010_beyond_one_meeting',
      '0011_tick_indexes',
      '0012_adaptive_backstop',
    ]);
    const applied = await sql<{ n: number }>`select count(*)::int as n from kysely_migration`.execute(database.db);
    expect(applied.rows[0]?.n).toBe(Object.keys(migrations).length);
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
        .onConflict((oc) => oc.columns(['occurrence_id', 'recipient_email', 'kind']).doNothing())
        .returning('id')
        .execute();
    const claims = await Promise.all([claim(), claim(), claim()]);
    expect(claims.flat()).toHaveLength(1);
  });

  it('turn role links into personal links and mark the demo apart when upgrading a database with data', async () => {
    database = await openTestDatabase({ migrate: false });
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
    const migrator = new Migrator({
      db: database.db,
      provider: { getMigrations: async () => ({ '0001_initial': migrations['0001_initial']! }) },
      migrationTableSchema: rows[0]!.schema,
    });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    // Rows as version 1 of the schema had them (the typed handle knows only the latest schema).
    const db = database.db;
    const insertSeries = async (title: string) =>
      (
        await sql<{ id: string }>`insert into series (title, organizer_email, attendee_email, time_zone)
          values (${title}, 'maya@x.test', 'sam@x.test', 'UTC') returning id`.execute(db)
      ).rows[0]!.id;
    const demo = await insertSeries('demo');
    const real = await insertSeries('real');
    const account = (
      await sql<{
        id: string;
      }>`insert into accounts (provider, email) values ('google', 'maya@x.test') returning id`.execute(db)
    ).rows[0]!;
    await sql`insert into series_sources (series_id, account_id, provider, provider_series_id, organizer_email)
      values (${real}, ${account.id}, 'google', 'abc', 'maya@x.test')`.execute(db);
    for (const [role, email, hash] of [
      ['organizer', 'maya@x.test', 'h1'],
      ['attendee', 'sam@x.test', 'h2'],
      ['shared', null, 'h3'],
    ]) {
      await sql`insert into participant_links (series_id, role, email, nonce, token_hash)
        values (${real}, ${role}, ${email}, ${hash}, ${hash})`.execute(db);
    }

    await migrateToLatest(database.db);
    const kinds = await database.db.selectFrom('series').select(['id', 'kind']).execute();
    expect(new Map(kinds.map((row) => [row.id, row.kind]))).toEqual(
      new Map([
        [demo, 'demo'],
        [real, 'calendar'],
      ]),
    );
    const links = await database.db
      .selectFrom('participant_links')
      .select(['role', 'email'])
      .orderBy('token_hash')
      .execute();
    expect(links).toEqual([
      { role: 'person', email: 'maya@x.test' },
      { role: 'person', email: 'sam@x.test' },
      { role: 'shared', email: null },
    ]);
    // One live link per person and thread, one live shared link per thread.
    await expect(
      database.db
        .insertInto('participant_links')
        .values({ series_id: real, role: 'person', email: 'sam@x.test', nonce: 'n', token_hash: 'h4' })
        .execute(),
    ).rejects.toThrow();
  });

  it('leave the origin of accounts stored before 0007 undecided (start decides it) and record new ones as real', async () => {
    database = await openTestDatabase({ migrate: false });
    const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(database.db);
    const before = Object.fromEntries(Object.entries(migrations).filter(([name]) => name < '0007'));
    const migrator = new Migrator({
      db: database.db,
      provider: { getMigrations: async () => before },
      migrationTableSchema: rows[0]!.schema,
    });
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    await sql`insert into accounts (provider, email) values ('google', 'old@x.test')`.execute(database.db);

    await migrateToLatest(database.db);
    await database.db.insertInto('accounts').values({ provider: 'google', email: 'new@x.test' }).execute();
    const origins = await database.db.selectFrom('accounts').select(['email', 'origin']).orderBy('email').execute();
    expect(origins).toEqual([
      { email: 'new@x.test', origin: 'provider' },
      { email: 'old@x.test', origin: null },
    ]);
    await expect(
      database.db
        .updateTable('accounts')
        .set({ origin: 'elsewhere' as 'sandbox' })
        .execute(),
    ).rejects.toThrow();
  });
});
