import type { Clock } from '../agenda/clock.ts';
import type { DatabaseKind, Db } from '../db/database.ts';
import type { Keys } from '../security/keys.ts';

/** What the HTTP app is built from; entry points and tests wire real parts. */
export interface AppDeps {
  readonly db: Db;
  readonly databaseKind: DatabaseKind;
  readonly keys: Keys;
  readonly clock: Clock;
  /** The public origin people reach the service at (links in invites and emails are built from it). */
  readonly baseUrl: string;
  readonly sandbox: boolean;
}

/** Hono's environment for Carryover: the deps and the per-request CSP nonce. */
export interface AppEnv {
  Variables: { deps: AppDeps; secureHeadersNonce?: string };
}
