import { PGlite, type PGliteInterface } from '@electric-sql/pglite';
import { Kysely, PGliteDialect } from 'kysely';
import type { DatabaseHandle } from './database.ts';
import type { Database } from './schema.ts';

/**
 * Opens the embedded PGlite database (Postgres compiled to WebAssembly), the zero-setup default on Node.
 * `dataDir` undefined keeps it in memory. Not for Workers: only src/node.ts and tests import this file.
 * Kysely 0.29 ships the PGlite dialect itself, so no third-party dialect is needed.
 */
export async function openPglite(dataDir?: string): Promise<DatabaseHandle> {
  const client = dataDir ? await PGlite.create(dataDir) : await PGlite.create();
  return fromPglite(client);
}

/** Wraps an already open PGlite instance (tests clone one migrated template per file, which is cheaper). */
export function fromPglite(pglite: PGliteInterface): DatabaseHandle {
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }) });
  return {
    db,
    kind: 'pglite',
    close: async () => {
      await db.destroy();
      if (!pglite.closed) await pglite.close();
    },
  };
}
