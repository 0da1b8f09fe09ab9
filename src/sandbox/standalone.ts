/**
 * The sandbox as a process of its own (`npm run sandbox`, entry src/sandbox/main.ts): the Google and Graph emulators,
 * the shared mailbox, the call counter and the controls on one port, shared by any number of Carryover instances
 * pointed at it with SANDBOX_URL — on Node or on Workers. Each watch or subscription names the address its
 * notifications go to, so every instance gets the pushes for the calendars it watches. With a state file its state
 * outlives restarts (what is kept: `Sandbox.state`). Node only.
 *
 * ```ts
 * const standalone = await startStandaloneSandbox({ port: 0, statePath: '.data/sandbox.json' });
 * // Carryover with SANDBOX_URL=standalone.url …
 * await standalone.close();
 * ```
 */
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { clockRoutes, type MovableClock, movableClock } from './clock-control.ts';
import { decodeState, encodeState } from './persistence.ts';
import { createSandbox, type Sandbox } from './sandbox.ts';

/** How a standalone sandbox runs. */
export interface StandaloneOptions {
  /** The port; 0 picks a free one. Default 4000. */
  readonly port?: number;
  /** The interface to listen on. Default 127.0.0.1 (`0.0.0.0` to be reached from other machines or containers). */
  readonly hostname?: string;
  /** "Now" for the emulators; by default the wall clock, moved on through `POST /sandbox/control/clock`. */
  readonly clock?: () => Date;
  /** A JSON file the state is loaded from at start (when it exists) and saved to on change and on close. */
  readonly statePath?: string;
}

/** A running standalone sandbox. */
export interface StandaloneSandbox {
  /** Its origin, what SANDBOX_URL is set to. */
  readonly url: string;
  readonly sandbox: Sandbox;
  /** Writes the state file now (when there is one). */
  save(): void;
  /** Stops listening once the notifications under way are delivered, and saves the state. */
  close(): Promise<void>;
}

/** What the state file holds: the emulators' state, and how far the sandbox's own clock was moved on. */
interface StateFile {
  readonly version: 1;
  readonly clockOffsetMs: number;
  readonly sandbox: unknown;
}

/** How long after a request the state is written: a burst of calls is saved once, a steady stream every second. */
const SAVE_DELAY_MS = 1000;

/** Starts a standalone sandbox: empty, or as its state file left it. */
export async function startStandaloneSandbox({
  port = 4000,
  hostname = '127.0.0.1',
  clock,
  statePath,
}: StandaloneOptions = {}): Promise<StandaloneSandbox> {
  const saved = statePath ? readStateFile(statePath) : undefined;
  const ownClock = clock ? undefined : movableClock(saved?.clockOffsetMs ?? 0);
  const sandbox = createSandbox({ clock: clock ?? ownClock! });
  if (saved) sandbox.state.load(saved.sandbox);

  const save = () => {
    if (statePath) writeStateFile(statePath, sandbox, ownClock);
  };
  let pendingSave: ReturnType<typeof setTimeout> | undefined;
  const app = new Hono();
  if (statePath) {
    // Any call may change the state (a listing issues a sync token), so every one schedules a save.
    app.use(async function saveAfterwards(_c, next) {
      await next();
      pendingSave ??= setTimeout(() => {
        pendingSave = undefined;
        save();
      }, SAVE_DELAY_MS);
    });
  }
  app.get('/healthz', (c) => c.text('ok'));
  if (ownClock) app.route('/', clockRoutes(ownClock));
  app.route('/', sandbox.app);

  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port, hostname }, (info: AddressInfo) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${info.port}`,
        sandbox,
        save,
        close: async () => {
          await sandbox.idle();
          await new Promise<void>((done) => server.close(() => done()));
          // One turn of the event loop, for clients in this process (tests) to see their keep-alive connections end:
          // a sandbox started again at once on this port would otherwise get requests sent on a dead socket.
          await new Promise((turned) => setImmediate(turned));
          clearTimeout(pendingSave);
          save();
        },
      });
    });
    server.once('error', reject);
  });
}

function readStateFile(path: string): StateFile | undefined {
  if (!existsSync(path)) return undefined;
  const file = decodeState(readFileSync(path, 'utf8')) as Partial<StateFile> | null;
  if (file?.version !== 1)
    throw new Error(`${path} is not a sandbox state file of this version: move it away to start empty`);
  return file as StateFile;
}

function writeStateFile(path: string, sandbox: Sandbox, clock: MovableClock | undefined): void {
  const file: StateFile = { version: 1, clockOffsetMs: clock?.offsetMs() ?? 0, sandbox: sandbox.state.save() };
  // Written aside and renamed: a crash mid-write leaves the previous state, never half of one.
  writeFileSync(`${path}.tmp`, encodeState(file));
  renameSync(`${path}.tmp`, path);
}
