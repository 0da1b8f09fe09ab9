/**
 * Carryover on Cloudflare Workers, for the two Workers entries (src/worker.ts in production, src/worker-demo.ts for
 * the demo): `fetch` serves the same Hono app as Node, `scheduled` (a cron trigger) runs the same tick. Workers have
 * no embedded database: DATABASE_URL or a Hyperdrive binding points at PostgreSQL. Neither entry holds the
 * emulators: a Worker's memory lasts no longer than its isolate, so the demo reaches a standalone sandbox at
 * SANDBOX_URL instead.
 */

import { checkAccountOrigins } from './account-origin.ts';
import { systemClock } from './agenda/clock.ts';
import { sealPlaintextNotes } from './agenda/private-notes.ts';
import { composeService, type SandboxBinding, sandboxAt } from './compose.ts';
import { type Config, loadConfig } from './config.ts';
import type { DatabaseHandle } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { openPostgres } from './db/postgres.ts';
import { JOB_MAX_ATTEMPTS } from './lifecycle/handlers.ts';
import { runTick } from './lifecycle/tick.ts';
import { tickLogger } from './lifecycle/tick-failures.ts';
import { configureLogs, describeError, log } from './observability/log.ts';
import { deriveKeys, type Keys } from './security/keys.ts';

/** The bindings wrangler.toml and `wrangler secret put` provide. */
export interface WorkerEnv {
  readonly HYPERDRIVE?: { readonly connectionString: string };
  readonly [variable: string]: unknown;
}

interface WorkerContext {
  waitUntil(promise: Promise<unknown>): void;
}

/** Which Worker this is: production never runs sandbox mode, the demo runs nothing else. */
export type WorkerMode = 'production' | 'demo';

/** A Workers module: what an entry exports as default. */
export interface CarryoverWorker {
  fetch(request: Request, env: WorkerEnv): Promise<Response>;
  scheduled(event: unknown, env: WorkerEnv, ctx: WorkerContext): Promise<void>;
}

interface Prepared {
  readonly config: Config;
  readonly keys: Keys;
  /** The standalone sandbox the demo reaches (SANDBOX_URL); none in production or in a database-only demo. */
  readonly sandbox: SandboxBinding | undefined;
}

/** The Worker for one mode. */
export function createWorker(mode: WorkerMode): CarryoverWorker {
  // Per isolate: config and keys are derived, migrations applied and account origins checked, once.
  let prepared: Promise<Prepared> | undefined;
  const prepare = (env: WorkerEnv): Promise<Prepared> => {
    prepared ??= prepareIsolate(env, mode).catch((error: unknown) => {
      prepared = undefined; // let the next request try again instead of caching the failure
      throw error;
    });
    return prepared;
  };

  /** The service for one request or tick, on a connection of its own. */
  const serviceFor = async (env: WorkerEnv) => {
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
  };

  const ticks = tickLogger();
  return {
    async fetch(request, env) {
      let prepared: Awaited<ReturnType<typeof serviceFor>>;
      try {
        prepared = await serviceFor(env);
      } catch (error) {
        // The isolate could not get ready (the database is down, the configuration is wrong): every request, health
        // checks included, is told so plainly; the next request tries again.
        log.error('service.unavailable', { error: describeError(error) });
        return Response.json(
          { status: 'unavailable', reason: 'not-ready', message: describeError(error) },
          { status: 503, headers: { 'Retry-After': '5' } },
        );
      }
      const { service, database } = prepared;
      try {
        return await service.app.fetch(request);
      } finally {
        // Close before the request ends: workerd tears a request's sockets down with it.
        await database.close();
      }
    },

    async scheduled(_event, env, ctx) {
      let prepared: Awaited<ReturnType<typeof serviceFor>>;
      try {
        prepared = await serviceFor(env);
      } catch (error) {
        ticks.onError(error); // said once per reason, like a failing tick on Node; the next cron tries again
        return;
      }
      const { service, database } = prepared;
      ctx.waitUntil(
        runTick({
          db: database.db,
          clock: systemClock,
          handlers: service.handlers,
          maxAttempts: JOB_MAX_ATTEMPTS,
          budgetMs: WORKER_TICK_BUDGET_MS,
          concurrency: WORKER_TICK_CONCURRENCY,
        })
          .then(ticks.onTick, ticks.onError)
          .finally(() => database.close()),
      );
    },
  };
}

/**
 * A cron trigger runs at most once a minute and its invocation may take up to 15 minutes of wall time, but the
 * subrequests of one invocation are capped: 25 s of claiming leaves room for the jobs under way to finish well inside
 * a minute, before the next trigger. 4 at once: one database connection per invocation (Hyperdrive pools them).
 */
const WORKER_TICK_BUDGET_MS = 25_000;
const WORKER_TICK_CONCURRENCY = 4;

/** What each entry refuses, and why: a missing secret must never turn a deployment into a demo, nor the reverse. */
const WRONG_MODE: Record<WorkerMode, string> = {
  production:
    'The production Worker never runs sandbox mode: set the provider credentials (wrangler secret put ' +
    'GOOGLE_CLIENT_ID …) or SANDBOX=false; the demo is a Worker of its own (wrangler deploy --env demo).',
  demo: 'The demo Worker runs sandbox mode only: remove the provider credentials, or deploy the production Worker.',
};

async function prepareIsolate(env: WorkerEnv, mode: WorkerMode): Promise<Prepared> {
  const strings = Object.fromEntries(
    Object.entries(env).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
  );
  const databaseUrl = env.HYPERDRIVE?.connectionString ?? strings.DATABASE_URL;
  if (!databaseUrl) throw new Error('Workers need PostgreSQL: bind HYPERDRIVE or set DATABASE_URL');
  const config = loadConfig({ ...strings, DATABASE_URL: databaseUrl });
  configureLogs({ level: config.logLevel ?? 'info' });
  if (config.sandbox !== (mode === 'demo')) throw new Error(WRONG_MODE[mode]);
  const keys = await deriveKeys(config.secretKey);
  const database = openPostgres({ connectionString: databaseUrl, max: 1 });
  try {
    await migrateToLatest(database.db);
    await sealPlaintextNotes(database.db, keys);
    const origins = await checkAccountOrigins(database.db, config);
    if (!origins.ok) throw new Error(origins.message);
    for (const accountId of origins.paused) {
      log.warn('account.state', { accountId, from: 'active', to: 'needs_reconnect', reason: 'sandbox-account' });
    }
  } finally {
    await database.close();
  }
  return { config, keys, sandbox: config.sandboxUrl ? sandboxAt(config.sandboxUrl) : undefined };
}

/** A connection for one request or tick: Workers may not share sockets across requests; Hyperdrive pools them. */
function connect(config: Config): DatabaseHandle {
  return openPostgres({ connectionString: config.databaseUrl ?? '', max: 1 });
}
