/**
 * Node entry: configuration from the environment (and `.env`), the database (embedded PGlite unless DATABASE_URL is
 * set), the HTTP server and the in-process tick loop — and, in sandbox mode only, the emulators: loaded here with a
 * dynamic import (production never loads them), or reached at SANDBOX_URL. With src/node/, the only code that may
 * import `node:`.
 *
 * Production runs the built output directly (`node dist/node.js`, see `npm run build`), so signals reach this process.
 * `--show-settings` prints which settings were read and where each came from (never a secret), then starts.
 */

import { serve } from '@hono/node-server';
import { checkAccountOrigins } from './account-origin.ts';
import { systemClock } from './agenda/clock.ts';
import { sealPlaintextNotes } from './agenda/private-notes.ts';
import { composeService, type SandboxBinding, sandboxAt } from './compose.ts';
import { type Config, ConfigError, loadConfig } from './config.ts';
import type { DatabaseHandle } from './db/database.ts';
import { migrateToLatest } from './db/migrate.ts';
import { openPglite } from './db/pglite.ts';
import { openPostgres } from './db/postgres.ts';
import { JOB_MAX_ATTEMPTS } from './lifecycle/handlers.ts';
import { startTickLoop } from './lifecycle/tick-loop.ts';
import { loadEnvironment, StartupError } from './node/env-file.ts';
import { recordingReads, settingsReport } from './node/settings-report.ts';
import { databaseStartupError, listenStartupError, prepareDataDir, startupErrorLine } from './node/startup-errors.ts';
import { configureLogs, log } from './observability/log.ts';
import { deriveKeys } from './security/keys.ts';

/** How long a stopping instance lets the job under way finish: within Docker's default 10 s stop timeout. */
const SHUTDOWN_GRACE_MS = 8_000;

async function main(): Promise<void> {
  const environment = loadEnvironment(process.env);
  const reads = recordingReads(environment);
  const showSettings = () => console.log(settingsReport(environment, reads.read()));
  // Asked for, the settings are shown even when they fail to validate: that is when they are most wanted.
  const config = configured(
    () => loadConfig(reads.env),
    process.argv.includes('--show-settings') ? showSettings : undefined,
  );
  configureLogs({ level: config.logLevel ?? 'info' });
  if (config.insecureDevKey) {
    log.warn('config.insecure-key', {
      text: 'SECRET_KEY is not set: using the built-in development key (fine for the sandbox, never for real data).',
    });
  }

  const database = await openDatabase(config);
  // From here a stop signal closes what is open, even mid-start (a supervisor may stop a service still starting).
  // Once running: claim nothing more, let the job under way finish within the grace period, give back the jobs not
  // started (another instance takes them at once), close the server and the database.
  let server: ReturnType<typeof serve> | undefined;
  let loop: ReturnType<typeof startTickLoop> | undefined;
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info('service.stopping', { signal, graceSeconds: SHUTDOWN_GRACE_MS / 1000 });
    server?.close();
    if ((await loop?.stop()) === 'timeout') {
      // The job under way keeps its lease, which runs out within LEASE_MS; then another instance takes it.
      log.warn('service.stop-timeout', { text: 'the job under way did not finish in time; another instance takes it' });
    }
    await database.close();
    log.info('service.stopped', { signal });
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  const applied = await migrateToLatest(database.db).catch((error: unknown) => {
    throw config.databaseUrl ? databaseStartupError(config.databaseUrl, error) : error;
  });
  if (applied.length > 0) log.info('database.migrated', { applied: applied.map((m) => m.migrationName) });

  const keys = await deriveKeys(config.secretKey);
  // Data written before a release sealed it is sealed now, once the key is at hand.
  const sealedNotes = await sealPlaintextNotes(database.db, keys);
  if (sealedNotes > 0) log.info('database.notes-sealed', { notes: sealedNotes });
  const origins = await checkAccountOrigins(database.db, config);
  if (!origins.ok) {
    await database.close();
    throw new StartupError(origins.message);
  }
  if (origins.decided > 0) log.info('database.account-origins', { decided: origins.decided });
  for (const accountId of origins.paused) {
    log.warn('account.state', { accountId, from: 'active', to: 'needs_reconnect', reason: 'sandbox-account' });
  }

  const service = composeService({
    config,
    db: database.db,
    databaseKind: database.kind,
    keys,
    clock: systemClock,
    sandbox: config.sandbox ? await loadSandbox(config) : undefined,
  });
  server = await listen(service.app.fetch, config.port);
  log.info('service.listening', {
    url: config.baseUrl,
    port: config.port,
    database: database.kind === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL',
    sandbox: config.sandbox,
  });
  if (config.sandbox) log.info('service.sandbox', { text: sandboxNotice(config, environment.env.SANDBOX) });

  // The tick loop, logging a failing tick once per reason.
  loop = startTickLoop({
    db: database.db,
    clock: systemClock,
    handlers: service.handlers,
    maxAttempts: JOB_MAX_ATTEMPTS,
    intervalMs: config.tickIntervalSeconds * 1000,
    budgetMs: config.tickBudgetSeconds * 1000,
    concurrency: config.tickConcurrency,
    graceMs: SHUTDOWN_GRACE_MS,
  });
}

/** The configuration, or a StartupError whose one line names the variable of each problem. */
function configured(load: () => Config, show: (() => void) | undefined): Config {
  try {
    const config = load();
    show?.();
    return config;
  } catch (error) {
    show?.();
    if (error instanceof ConfigError) throw new StartupError(`configuration: ${error.problems.join('; ')}`);
    throw error;
  }
}

/** Resolves once the port is bound — so "listening" is never said early — or rejects naming PORT. */
function listen(fetch: Parameters<typeof serve>[0]['fetch'], port: number): Promise<ReturnType<typeof serve>> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port }, () => resolve(server));
    server.once('error', (error) => reject(listenStartupError(port, error)));
  });
}

/**
 * Sandbox mode's emulators: the standalone sandbox at SANDBOX_URL, or emulators served by this process under
 * BASE_URL — loaded only now, so a production process never holds their code.
 */
async function loadSandbox(config: Config): Promise<SandboxBinding> {
  if (config.sandboxUrl) return sandboxAt(config.sandboxUrl);
  const { createSandbox } = await import('./sandbox/sandbox.ts');
  return sandboxAt(config.baseUrl, createSandbox({ clock: systemClock }).app);
}

function sandboxNotice(config: Config, sandboxSetting: string | undefined): string {
  const why = sandboxSetting?.trim() ? 'SANDBOX is on' : 'no provider credentials are set';
  const where = config.sandboxUrl
    ? `the standalone sandbox at ${config.sandboxUrl}`
    : `emulators served here under ${config.baseUrl}/sandbox/`;
  return `Sandbox mode (${why}), with ${where}: open ${config.baseUrl} and press "Create a demo 1:1", or connect a sandbox calendar.`;
}

async function openDatabase(config: Config): Promise<DatabaseHandle> {
  if (config.databaseUrl) return openPostgres({ connectionString: config.databaseUrl });
  return openPglite(prepareDataDir(config.dataDir));
}

try {
  await main();
} catch (error) {
  // One line an operator can act on: the setting to change, not a stack trace.
  log.error('service.start-failed', { error: startupErrorLine(error) });
  process.exit(1);
}
