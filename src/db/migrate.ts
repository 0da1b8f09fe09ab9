import { sql } from 'kysely';
import { type MigrationResult, Migrator } from 'kysely/migration';
import { migrations } from '../../migrations/index.ts';
import type { Db } from './database.ts';

/** Arbitrary, fixed key of the session advisory lock that serialises migrations across instances. */
export const MIGRATION_LOCK_KEY = 7_314_159_265;

/** Thrown when a migration step fails; `results` says which steps ran, `cause` why the failing one did not. */
export class MigrationError extends Error {
  constructor(
    readonly results: readonly MigrationResult[],
    options: { cause: unknown },
  ) {
    super(`database migration failed: ${describe(options.cause)}`, options);
    this.name = 'MigrationError';
  }
}

/**
 * Brings the schema to the latest migration. Safe when several instances start at once: each takes the same
 * session advisory lock on one connection first, so Kysely's bookkeeping tables are created only once.
 */
export async function migrateToLatest(db: Db): Promise<readonly MigrationResult[]> {
  return db.connection().execute(async (conn) => {
    await sql`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`.execute(conn);
    try {
      // Kysely looks for its bookkeeping tables in every schema unless told which one: with several schemas on one
      // database (tests, side-by-side deployments) it would find another's and skip creating its own.
      const { rows } = await sql<{ schema: string }>`select current_schema() as schema`.execute(conn);
      const migrator = new Migrator({
        db: conn,
        provider: { getMigrations: async () => migrations },
        migrationTableSchema: rows[0]?.schema ?? 'public',
      });
      const { error, results = [] } = await migrator.migrateToLatest();
      if (error) throw new MigrationError(results, { cause: error });
      return results;
    } finally {
      await sql`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`.execute(conn);
    }
  });
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The migrations this build knows that the database has not applied, in order: none when the schema is current.
 * Read from Kysely's bookkeeping table in the current schema (absent: nothing applied); it takes no lock, so
 * readiness probes never wait on a migration under way.
 */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const table = await sql<{ present: boolean }>`select to_regclass('kysely_migration') is not null as present`.execute(
    db,
  );
  const applied = new Set<string>();
  if (table.rows[0]?.present) {
    const rows = await sql<{ name: string }>`select name from kysely_migration`.execute(db);
    for (const row of rows.rows) applied.add(row.name);
  }
  return Object.keys(migrations).filter((name) => !applied.has(name));
}
