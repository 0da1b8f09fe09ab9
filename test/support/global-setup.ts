import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { writePgliteDumps } from './pglite-dump.ts';

/** Says once which database the suite runs on, and fails fast with a clear message when Postgres is unreachable. */
export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    console.log('test database: embedded PGlite (set TEST_DATABASE_URL to run on Postgres)');
    const dumps = await writePgliteDumps();
    project.provide('pgliteDumps', dumps.paths);
    return dumps.remove;
  }
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
    const { rows } = await client.query<{ version: string }>('select version()');
    console.log(`test database: ${rows[0]?.version.split(',')[0]} at ${url.replace(/\/\/[^@]*@/, '//')}`);
  } catch (error) {
    throw new Error(`TEST_DATABASE_URL=${url} is not reachable: ${(error as Error).message}`, { cause: error });
  } finally {
    await client.end().catch(() => undefined); // the connection may never have opened; nothing to close then
  }
}
