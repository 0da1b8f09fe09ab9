import { sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import { afterAll, describe, expect, it } from 'vitest';
import { migrations } from '../../migrations/index.ts';
import { MIGRATION_LOCK_KEY } from '../../src/db/migrate.ts';
import { createApp } from '../../src/http/app.tsx';
import { deriveKeys } from '../../src/security/keys.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';
import { TEST_SECRET_KEY, testClock } from '../support/harness.ts';

const opened: TestDatabase[] = [];
afterAll(async () => {
  for (const database of opened) await database.close().catch(() => undefined); // some were closed by the test
});

async function appOver(database: TestDatabase) {
  return createApp({
    db: database.db,
    databaseKind: database.kind,
    keys: await deriveKeys(TEST_SECRET_KEY),
    clock: testClock('2026-11-24T09:00:00Z'),
    baseUrl: 'http://localhost:3000',
    sandbox: true,
  });
}

async function get(app: Awaited<ReturnType<typeof appOver>>, path: string) {
  const response = await app.request(path);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('/healthz and /readyz', () => {
  it('are both 200 on a database with every migration applied', async () => {
    const database = await openTestDatabase();
    opened.push(database);
    const app = await appOver(database);
    expect(await get(app, '/healthz')).toEqual({ status: 200, body: { status: 'ok', database: database.kind } });
    expect(await get(app, '/readyz')).toEqual({ status: 200, body: { status: 'ready', database: database.kind } });
  });

  it('is not ready on a database one migration behind, and names it; liveness stays 200', async () => {
    const database = await openTestDatabase({ migrate: false });
    opened.push(database);
    const names = Object.keys(migrations);
    // Under the migration lock, as the service migrates: Kysely's migrator reads every schema of the database, and
    // other test files drop theirs under that lock (test/support/database.ts).
    const error = await database.db.connection().execute(async (conn) => {
      await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
      try {
        const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(conn);
        const migrator = new Migrator({
          db: conn,
          provider: { getMigrations: async () => migrations },
          migrationTableSchema: rows[0]?.schema ?? 'public',
        });
        return (await migrator.migrateTo(names.at(-2)!)).error;
      } finally {
        await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
      }
    });
    expect(error).toBeUndefined();
    const app = await appOver(database);
    expect(await get(app, '/readyz')).toEqual({
      status: 503,
      body: { status: 'unavailable', reason: 'migrations-pending', database: database.kind, pending: [names.at(-1)] },
    });
    expect((await get(app, '/healthz')).status).toBe(200);
  });

  it('is not ready on an empty database', async () => {
    const database = await openTestDatabase({ migrate: false });
    opened.push(database);
    const { status, body } = await get(await appOver(database), '/readyz');
    expect(status).toBe(503);
    expect(body.pending).toEqual(Object.keys(migrations));
  });

  it('answer 503 with a reason, never a 500 or a stack, when the database is gone', async () => {
    const database = await openTestDatabase();
    const app = await appOver(database);
    await database.close();
    const health = await get(app, '/healthz');
    expect(health.status).toBe(503);
    expect(health.body).toMatchObject({ status: 'unavailable', database: database.kind });
    const ready = await get(app, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'unavailable', reason: 'database-unreachable' });
    expect(JSON.stringify([health.body, ready.body])).not.toMatch(/\n\s+at /);
  });
});
