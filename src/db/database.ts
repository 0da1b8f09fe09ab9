import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.ts';

/** The typed database handle every query module takes first. */
export type Db = Kysely<Database>;

/** A handle inside a transaction; query modules accept either. */
export type Tx = Transaction<Database>;

/** Which engine a handle talks to; PGlite is one session, so concurrency is proven on Postgres only. */
export type DatabaseKind = 'pglite' | 'postgres';

/** An open database and how to close it. Entry points and tests create one; everything else receives `db`. */
export interface DatabaseHandle {
  readonly db: Db;
  readonly kind: DatabaseKind;
  close(): Promise<void>;
}

/**
 * Runs `work` in a transaction: a new one, or the caller's when `db` already is one (Kysely does not nest
 * transactions), so query modules compose inside a service's larger transaction.
 */
export function inTransaction<T>(db: Db, work: (trx: Db) => Promise<T>): Promise<T> {
  return db.isTransaction ? work(db) : db.transaction().execute(work);
}
