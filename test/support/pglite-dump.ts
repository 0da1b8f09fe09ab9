import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { migrateToLatest } from '../../src/db/migrate.ts';
import { fromPglite } from '../../src/db/pglite.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** PGlite data directories (uncompressed tarballs) every test file's databases start from. */
    pgliteDumps: { readonly empty: string; readonly migrated: string };
  }
}

/**
 * Makes two PGlite databases for the whole run, one empty and one migrated, and writes their data directories to
 * files. Vitest runs each test file in a fresh module context, so a template kept in a module was made again —
 * initdb, and every migration — by every file; loading a file instead skips both (about 1 s a database on an idle
 * machine of this kind, against 3–9 s for initdb alone on a busy one). Returns the files and what removes them.
 */
export async function writePgliteDumps(): Promise<{
  paths: { empty: string; migrated: string };
  remove: () => Promise<void>;
}> {
  const paths = {
    empty: join(tmpdir(), `carryover-test-pglite-empty-${process.pid}.tar`),
    migrated: join(tmpdir(), `carryover-test-pglite-migrated-${process.pid}.tar`),
  };
  const pglite = await PGlite.create();
  try {
    await write(pglite, paths.empty);
    await migrateToLatest(fromPglite(pglite).db);
    await write(pglite, paths.migrated);
  } finally {
    await pglite.close();
  }
  return {
    paths,
    remove: async () => void (await Promise.all(Object.values(paths).map((p) => rm(p, { force: true })))),
  };
}

async function write(pglite: PGlite, path: string): Promise<void> {
  const dump = await pglite.dumpDataDir('none');
  await writeFile(path, new Uint8Array(await dump.arrayBuffer()));
}
