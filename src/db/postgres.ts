import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { log } from '../observability/log.ts';
import type { DatabaseHandle } from './database.ts';
import type { Database } from './schema.ts';

export interface PostgresOptions {
  readonly connectionString: string;
  /** Pool size; Workers want a small one per request (Hyperdrive pools for them). */
  readonly max?: number;
  /** A search_path for every connection: tests give each file its own schema on one database. */
  readonly schema?: string;
}

/** Opens PostgreSQL through node-postgres, which runs on Node and (with nodejs_compat) on Workers. */
export function openPostgres({ connectionString, max = 10, schema }: PostgresOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString,
    max,
    // node-postgres waits forever for a connection by default: a host that drops packets would hang start-up.
    connectionTimeoutMillis: 10_000,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  // An idle client that errors (the server restarted; on Workers, a request's socket closed) must not crash the
  // process; the pool drops it and the next query opens another, so it is a warning, not an error.
  pool.on('error', (error) => log.warn('db.idle-client-error', { error: error.message }));
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return { db, kind: 'postgres', close: () => db.destroy() };
}
