/**
 * The Carryover instances of a chaos run: child processes (test/chaos/instance.ts) on one PostgreSQL schema, each
 * behind its own front (its BASE_URL, which outlives it). The suite moves their clock together, kills one with
 * SIGKILL and starts it again behind the same front.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ClockMessage, InstanceMessage } from './instance.ts';
import type { InstanceFront } from './proxy.ts';

/** tsx's loader by absolute path: Node itself runs the instance, so a signal reaches the process holding the jobs. */
const TSX_LOADER = fileURLToPath(new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url));
const ENTRY = fileURLToPath(new URL('./instance.ts', import.meta.url));

export interface InstanceSpec {
  readonly name: string;
  readonly databaseUrl: string;
  readonly schema: string;
  readonly front: InstanceFront;
  readonly sandboxUrl: string;
  readonly providerTimeoutMs: number;
  /** Where its output goes. */
  readonly logPath: string;
}

/** One instance: up (a process behind its front) or killed. */
export interface Instance {
  readonly name: string;
  readonly front: InstanceFront;
  alive(): boolean;
  /** How many jobs it is running, as it last said. */
  busy(): number;
  /** Starts the process at `now` and puts it behind the front once it listens. */
  start(now: Date): Promise<void>;
  /** kill -9: no shutdown, no release of its jobs; the front answers 502 until it is started again. */
  kill(): Promise<void>;
  /** Sends the time; resolves when the instance took it (at once when it is down). */
  setClock(now: Date): Promise<void>;
  /** SIGTERM, for the end of the run. */
  stop(): Promise<void>;
}

export function createInstance(spec: InstanceSpec): Instance {
  let child: ChildProcess | undefined;
  let jobs = 0;
  const waitFor = <T extends InstanceMessage['type']>(
    process: ChildProcess,
    type: T,
    timeoutMs: number,
  ): Promise<Extract<InstanceMessage, { type: T }> | undefined> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => done(undefined), timeoutMs);
      const onMessage = (message: InstanceMessage) => {
        if (message.type === type) done(message as Extract<InstanceMessage, { type: T }>);
      };
      const onExit = () => done(undefined);
      function done(value: Extract<InstanceMessage, { type: T }> | undefined) {
        clearTimeout(timer);
        process.off('message', onMessage);
        process.off('exit', onExit);
        resolve(value);
      }
      process.on('message', onMessage);
      process.once('exit', onExit);
    });
  return {
    name: spec.name,
    front: spec.front,
    alive: () => child !== undefined && child.exitCode === null && child.signalCode === null,
    busy: () => jobs,
    async start(now) {
      const out = openSync(spec.logPath, 'a');
      const started = spawn(
        process.execPath,
        [
          '--import',
          TSX_LOADER,
          ENTRY,
          spec.databaseUrl,
          spec.schema,
          spec.name,
          spec.front.url,
          spec.sandboxUrl,
          String(spec.providerTimeoutMs),
          now.toISOString(),
        ],
        // No stdin (a child sharing the runner's terminal input can be stopped by it); IPC for the clock.
        { stdio: ['ignore', out, out, 'ipc'] },
      );
      child = started;
      jobs = 0;
      started.on('message', (message: InstanceMessage) => {
        if (message.type === 'busy') jobs = message.jobs;
      });
      const ready = await waitFor(started, 'ready', 30_000);
      if (!ready) throw new Error(`instance ${spec.name} did not start: see ${spec.logPath}`);
      spec.front.target(ready.port);
    },
    async kill() {
      const dying = child;
      if (!dying || dying.exitCode !== null) return;
      spec.front.target(undefined);
      const exited = new Promise((resolve) => dying.once('exit', resolve));
      dying.kill('SIGKILL');
      await exited;
    },
    async setClock(now) {
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null || !current.connected) return;
      const acked = waitFor(current, 'clock-ack', 5_000);
      current.send({ type: 'clock', now: now.toISOString() } satisfies ClockMessage);
      await acked;
    },
    async stop() {
      const current = child;
      if (!current || current.exitCode !== null || current.signalCode !== null) return;
      const exited = new Promise((resolve) => current.once('exit', resolve));
      current.kill('SIGTERM');
      const timer = setTimeout(() => current.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
}
