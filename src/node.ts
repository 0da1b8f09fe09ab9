/**
 * Node entry: configuration from the environment, the database (embedded PGlite unless DATABASE_URL is set), the
 * HTTP server and the in-process tick loop. The only module that may import `node:`.
 */

import { mkdirSync } from 'node:fs';
import { serve } from '@hono/node-server';
import { systemClock } from './agenda/clock.ts';
import { sealPlaintextNotes } from './agenda/private-notes.ts';
import { composeService } from './compose.ts';
import { ConfigError, loadConfig } from './config.ts';
import type { DatabaseHandle } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { openPglite } from './db/pglite.ts';
import { openPostgres } from './db/postgres.ts';
import { JOB_MAX_ATTEMPTS } from './lifecycle/handlers.ts';
import { startTickLoop } from './lifecycle/tick-loop.ts';
import { deriveKeys } from './security/keys.ts';

/** How long a stopping instance lets the job under way finish: within Docker's default 10 s stop timeout. */
const SHUTDOWN_GRACE_MS = 8_000;

async function main(): Promise<void> {
  const config = loadConfigOrExit();
  if (config.insecureDevKey) {
    console.warn(
      'SECRET_KEY is not set: using the built-in development key (fine for the sandbox, never for real data).',
    );
  }
  const database = await openDatabase(config.databaseUrl, config.dataDir);
  const applied = await migrateToLatest(database.db);
  if (applied.length > 0) console.log(`database: applied ${applied.map((m) => m.migrationName).join(', ')}`);

  const keys = await deriveKeys(config.secretKey);
  // Data written before a release sealed it is sealed now, once the key is at hand.
  const sealedNotes = await sealPlaintextNotes(database.db, keys);
  if (sealedNotes > 0) console.log(`database: sealed ${sealedNotes} private notes stored before notes were encrypted`);
  const service = composeService({
    config,
    db: database.db,
    databaseKind: database.kind,
    keys,
    clock: systemClock,
  });
  const server = serve({ fetch: service.app.fetch, port: config.port });
  console.log(
    `Carryover is listening on ${config.baseUrl} (port ${config.port}, database: ${database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})`,
  );
  if (config.sandbox) {
    console.log('Sandbox mode (no provider credentials set): open the URL above and press "Create a demo 1:1".');
  }

  // The tick loop. On SIGTERM/SIGINT: claim nothing more, let the job under way finish within the grace period,
  // give back the jobs not started (another instance takes them at once), close the server and the database.
  const loop = startTickLoop({
    db: database.db,
    clock: systemClock,
    handlers: service.handlers,
    maxAttempts: JOB_MAX_ATTEMPTS,
    intervalMs: config.tickIntervalSeconds * 1000,
    graceMs: SHUTDOWN_GRACE_MS,
    onTick: (report) => {
      if (report.failed > 0) console.warn(`tick: ${report.ran} jobs ran, ${report.failed} failed`);
      if (report.released > 0) console.log(`tick: gave back ${report.released} jobs not started`);
    },
    // A tick that cannot reach the database tries again next time; the service keeps serving.
    onError: (error) => console.error('tick failed:', error),
  });

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: shutting down (finishing the job under way, at most ${SHUTDOWN_GRACE_MS / 1000} s)`);
    server.close();
    if ((await loop.stop()) === 'timeout') {
      // The job under way keeps its lease, which runs out within LEASE_MS; then another instance takes it.
      console.warn('shutdown: the job under way did not finish in time; another instance takes it over');
    }
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

function loadConfigOrExit() {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(1);
    }
    throw error;
  }
}

async function openDatabase(databaseUrl: string | undefined, dataDir: string): Promise<DatabaseHandle> {
  if (databaseUrl) return openPostgres({ connectionString: databaseUrl });
  mkdirSync(dataDir, { recursive: true });
  return openPglite(dataDir);
}

await main();
