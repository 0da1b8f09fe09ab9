import { readFile } from 'node:fs/promises';
import { PGlite, type PGliteInterface } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { inject } from 'vitest';
import type { DatabaseHandle, Db } from '../../src/db/database.ts';
import { MIGRATION_LOCK_KEY, migrateToLatest } from '../../src/db/migrate.ts';
import { fromPglite } from '../../src/db/pglite.ts';
import { openPostgres } from '../../src/db/postgres.ts';

/** Which database the suite runs on: Postgres when TEST_DATABASE_URL is set, else embedded PGlite. */
export const testDatabaseKind = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

/** A test database, plus a way to reach the same database through a second, independent connection pool. */
export interface TestDatabase extends DatabaseHandle {
  /**
   * Another handle on the same database, as a second instance of the service would have. On Postgres it is a
   * separate pool, so it contends for locks for real; PGlite is one session, so it is the same handle.
   */
  openSecond(): DatabaseHandle;
}

const dumps = new Map<'empty' | 'migrated', Promise<Blob>>();

/**
 * A new embedded database, loaded from a data directory the global setup wrote once for the whole run
 * (test/support/pglite-dump.ts): empty, or with every migration applied.
 */
async function newPglite(migrated: boolean): Promise<PGliteInterface> {
  const kind = migrated ? 'migrated' : 'empty';
  let dump = dumps.get(kind);
  if (!dump) {
    dump = readFile(inject('pgliteDumps')[kind]).then((bytes) => new Blob([new Uint8Array(bytes)]));
    dumps.set(kind, dump);
  }
  return PGlite.create({ loadDataDir: await dump });
}

/**
 * A fresh, empty database for one test file (migrated unless `migrate: false`): a PGlite of its own, or a schema of its
 * own on the Postgres at TEST_DATABASE_URL (dropped again on close), so files running in parallel never meet.
 */
export async function openTestDatabase({ migrate = true }: { migrate?: boolean } = {}): Promise<TestDatabase> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    const handle = fromPglite(await newPglite(migrate));
    return { ...handle, openSecond: () => ({ ...handle, close: async () => {} }) };
  }
  const schema = `test_${crypto.randomUUID().replaceAll('-', '')}`;
  const admin = openPostgres({ connectionString: url, max: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const handle = openPostgres({ connectionString: url, schema, max: 4 });
  if (migrate) await migrateToLatest(handle.db);
  const seconds: DatabaseHandle[] = [];
  return {
    ...handle,
    openSecond: () => {
      const second = openPostgres({ connectionString: url, schema, max: 4 });
      seconds.push(second);
      return second;
    },
    close: async () => {
      await Promise.all(seconds.map((second) => second.close()));
      // A schema dropped in the middle of another file's migration fails it: see alterUnderMigrationLock.
      await alterUnderMigrationLock(handle.db, sql`drop schema ${sql.id(schema)} cascade`);
      await handle.close();
    },
  };
}

/**
 * Runs a schema change a test makes on purpose (renaming a table away, say) under the migration lock. Kysely's
 * migrator in another file introspects every schema's tables; a table renamed or dropped in the middle of that
 * fails the other file's migration ("relation … does not exist"), as a dropped schema would.
 */
export async function alterUnderMigrationLock(db: Db, change: ReturnType<typeof sql>): Promise<void> {
  await db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
    try {
      await change.execute(conn);
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
  });
}
