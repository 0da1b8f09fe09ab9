/**
 * One Carryover instance as its own process, for the chaos suite: the whole service (HTTP server + tick loop) in
 * sandbox mode against the standalone sandbox at SANDBOX_URL, on a PostgreSQL schema shared with the other
 * instances — what `npm start` runs, with two differences the suite needs: its clock is the one the suite moves
 * (sent over IPC, acknowledged), and provider calls give up after `providerTimeoutMs` so a delayed call times out
 * without waiting 30 s of wall time.
 *
 * Usage: instance.ts <postgres url> <schema> <name> <base url> <sandbox url> <provider timeout ms>
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { composeService, sandboxAt } from '../../src/compose.ts';
import { openPostgres } from '../../src/db/postgres.ts';
import { JOB_MAX_ATTEMPTS } from '../../src/lifecycle/handlers.ts';
import { startTickLoop } from '../../src/lifecycle/tick-loop.ts';
import { configureLogs } from '../../src/observability/log.ts';
import { deriveKeys } from '../../src/security/keys.ts';
import { TEST_SECRET_KEY } from '../support/harness.ts';

/** What the suite sends an instance: the time it is now. */
export interface ClockMessage {
  readonly type: 'clock';
  readonly now: string;
}

/** What an instance sends back: it listens on `port`; it took the time `now`. */
export type InstanceMessage =
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'clock-ack'; readonly now: string }
  /** How many jobs it is running now (sent when a job starts or ends): the suite kills one mid-job. */
  | { readonly type: 'busy'; readonly jobs: number };

const [url, schema, name, baseUrl, sandboxUrl, timeoutMs, startAt] = process.argv.slice(2);
if (!url || !schema || !name || !baseUrl || !sandboxUrl || !timeoutMs || !startAt) {
  throw new Error('usage: instance.ts <postgres url> <schema> <name> <base url> <sandbox url> <timeout ms> <now>');
}
const send = (message: InstanceMessage) => process.send?.(message);

configureLogs({ level: 'warning' });
let now = new Date(startAt);
const clock = () => new Date(now);
process.on('message', (message: ClockMessage) => {
  if (message.type !== 'clock') return;
  const next = new Date(message.now);
  if (next > now) now = next;
  send({ type: 'clock-ack', now: now.toISOString() });
});

const { db, kind } = openPostgres({ connectionString: url, schema, max: 4 });
const service = composeService({
  config: { baseUrl, sandbox: true, promptDelayMinutes: 5, reminderHours: 0 },
  db,
  databaseKind: kind,
  keys: await deriveKeys(TEST_SECRET_KEY),
  clock,
  sandbox: sandboxAt(sandboxUrl),
  providerTimeoutMs: Number(timeoutMs),
});
const server = serve({ fetch: service.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
  send({ type: 'ready', port: info.port }),
);
server.once('error', (error) => {
  console.error(`instance ${name}: cannot listen:`, error);
  process.exit(1);
});
// Each job's start and end is told to the suite, so a kill can land while jobs are under way.
let running = 0;
const handlers = Object.fromEntries(
  Object.entries(service.handlers).map(([kind, handler]): [string, typeof handler] => [
    kind,
    async (job, at) => {
      send({ type: 'busy', jobs: ++running });
      try {
        return await handler(job, at);
      } finally {
        send({ type: 'busy', jobs: --running });
      }
    },
  ]),
);
startTickLoop({
  db,
  clock,
  handlers,
  maxAttempts: JOB_MAX_ATTEMPTS,
  intervalMs: 50,
  graceMs: 8_000,
});
// The suite ends instances with SIGKILL (a crash) or SIGTERM at the end: neither needs more than the default.
