/**
 * Cloudflare Workers entry: `fetch` serves the same Hono app as Node, `scheduled` (a cron trigger) runs the same
 * tick. Workers have no embedded database: DATABASE_URL or a Hyperdrive binding points at PostgreSQL.
 */

import { systemClock } from './agenda/clock.ts';
import { sealPlaintextNotes } from './agenda/private-notes.ts';
import { composeService } from './compose.ts';
import { type Config, loadConfig } from './config.ts';
import type { DatabaseHandle } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { openPostgres } from './db/postgres.ts';
import { JOB_MAX_ATTEMPTS } from './lifecycle/handlers.ts';
import { runTick } from './lifecycle/tick.ts';
import { createSandbox, type Sandbox } from './sandbox/sandbox.ts';
import { deriveKeys, type Keys } from './security/keys.ts';

/** The bindings wrangler.toml and `wrangler secret put` provide. */
export interface WorkerEnv {
  readonly HYPERDRIVE?: { readonly connectionString: string };
  readonly [variable: string]: unknown;
}

interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
}

interface Prepared {
  readonly config: Config;
  readonly keys: Keys;
  /** In sandbox mode, the emulators' in-memory state lives as long as the isolate (a demo, not a deployment). */
  readonly sandbox: Sandbox | undefined;
}

// Per isolate: config and keys are derived, and migrations applied, once.
let prepared: Promise<Prepared> | undefined;

function prepare(env: WorkerEnv): Promise<Prepared> {
  prepared ??= (async () => {
    const strings = Object.fromEntries(
      Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
    const databaseUrl = env.HYPERDRIVE?.connectionString ?? strings.DATABASE_URL;
    if (!databaseUrl) throw new Error('Workers need PostgreSQL: bind HYPERDRIVE or set DATABASE_URL');
    const config = loadConfig({ ...strings, DATABASE_URL: databaseUrl });
    const keys = await deriveKeys(config.secretKey);
    const database = openPostgres({ connectionString: databaseUrl, max: 1 });
    try {
      await migrateToLatest(database.db);
      await sealPlaintextNotes(database.db, keys);
    } finally {
      await database.close();
    }
    const sandbox = config.sandbox ? createSandbox({ clock: systemClock }) : undefined;
    return { config, keys, sandbox };
  })().catch((error: unknown) => {
    prepared = undefined; // let the next request try again instead of caching the failure
    throw error;
  });
  return prepared;
}

/** A connection for one request or tick: Workers may not share sockets across requests; Hyperdrive pools them. */
function connect(config: Config): DatabaseHandle {
  return openPostgres({ connectionString: config.databaseUrl ?? '', max: 1 });
}

/** The service for one request or tick, on a connection of its own. */
async function serviceFor(env: WorkerEnv) {
  const { config, keys, sandbox } = await prepare(env);
  const database = connect(config);
  const service = composeService({
    config,
    db: database.db,
    databaseKind: database.kind,
    keys,
    clock: systemClock,
    sandbox,
  });
  return { service, database };
}

export default {
  async fetch(request: Request, env: WorkerEnv): Promise<Response> {
    const { service, database } = await serviceFor(env);
    try {
      return await service.app.fetch(request);
    } finally {
      // Close before the request ends: workerd tears a request's sockets down with it.
      await database.close();
    }
  },

  async scheduled(_event: unknown, env: WorkerEnv, ctx: WorkerContext): Promise<void> {
    const { service, database } = await serviceFor(env);
    ctx.waitUntil(
      runTick({
        db: database.db,
        clock: systemClock,
        handlers: service.handlers,
        maxAttempts: JOB_MAX_ATTEMPTS,
      }).finally(() => database.close()),
    );
  },
};
