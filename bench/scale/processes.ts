/**
 * The two processes of the scale benchmark, each started as an operator would: the standalone sandbox (through tsx,
 * as `npm run sandbox`) and Carryover's production build (`node dist/node.js`) on PostgreSQL in sandbox mode with
 * SANDBOX_URL, its wall clock run ahead by the benchmark (bench/scale/product-clock.mjs). Also: resident memory from
 * /proc, and Carryover's `job.run` log lines, counted as they arrive.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { GoogleChannel } from './sandbox-process.ts';

const repo = resolve(import.meta.dirname, '../..');

/** Resident memory of a process now and at its peak, MiB. */
export interface Memory {
  readonly rssMiB: number;
  readonly peakMiB: number;
}

/** VmRSS and VmHWM of `pid` (Linux). */
export function memoryOf(pid: number): Memory {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const mib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN) / 1024;
  return { rssMiB: mib('VmRSS'), peakMiB: mib('VmHWM') };
}

/** CPU seconds (user + system) a process has used. */
export function cpuSecondsOf(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Requests over a child's IPC channel, answered by `id`. */
function ipcClient(child: ChildProcess) {
  let next = 1;
  const waiting = new Map<number, (answer: Record<string, unknown>) => void>();
  child.on('message', (message: Record<string, unknown>) => {
    const id = Number(message.id);
    waiting.get(id)?.(message);
    waiting.delete(id);
  });
  return (message: Record<string, unknown>) =>
    new Promise<Record<string, unknown>>((answered, failed) => {
      const id = next++;
      const timer = setTimeout(() => failed(new Error(`no IPC answer to ${JSON.stringify(message)}`)), 30_000);
      waiting.set(id, (answer) => {
        clearTimeout(timer);
        answered(answer);
      });
      child.send({ ...message, id });
    });
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null || child.signalCode !== null) done();
    else child.once('exit', () => done());
  });
}

/** The standalone sandbox, in its own process. */
export interface SandboxProcess {
  readonly url: string;
  readonly pid: number;
  /** The Google channels it has delivered on, with what a genuine notification carries. */
  channels(): Promise<GoogleChannel[]>;
  /** Moves its clock on. */
  advance(ms: number): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the standalone sandbox on a free port and waits until it answers. */
export async function startSandbox(): Promise<SandboxProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(repo, 'bench/scale/sandbox-process.ts')], {
    cwd: repo,
    env: { ...process.env, SANDBOX_PORT: '0' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const ask = ipcClient(child);
  const url = await new Promise<string>((ready, failed) => {
    child.once('message', (message: { url?: string }) => (message.url ? ready(message.url) : failed(new Error())));
    child.once('exit', (code) => failed(new Error(`the sandbox exited (${code}) before it listened`)));
  });
  return {
    url,
    pid: child.pid!,
    channels: async () => (await ask({ type: 'channels' })).channels as GoogleChannel[],
    async advance(ms) {
      const response = await fetch(`${url}/sandbox/control/clock?advance=${ms}`, { method: 'POST' });
      if (!response.ok) throw new Error(`advancing the sandbox clock: ${response.status} ${await response.text()}`);
    },
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}

/** One `job.run` line: when the job started and ended (wall clock of the product, ms), its kind and outcome. */
export interface JobRun {
  readonly kind: string;
  readonly outcome: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** Carryover, its production build in a process of its own. */
export interface ProductProcess {
  readonly url: string;
  readonly pid: number;
  readonly metricsToken: string;
  /** How far its clock runs ahead of the wall clock, ms. */
  offsetMs(): number;
  /** Its "now". */
  now(): Date;
  /** Moves its clock on, resolved once the process has applied it. */
  advance(ms: number): Promise<void>;
  /** Every `job.run` line so far, in order (times on the product's shifted clock). */
  readonly runs: JobRun[];
  /** Warning and error lines so far (stderr), kept for the report. */
  readonly problems: string[];
  stop(): Promise<void>;
}

export interface ProductOptions {
  readonly databaseUrl: string;
  readonly sandboxUrl: string;
  readonly port: number;
  readonly tickIntervalSeconds: number;
}

/** Starts `node dist/node.js` (run `npm run build` first) and waits for /readyz. */
export async function startProduct(options: ProductOptions): Promise<ProductProcess> {
  const url = `http://127.0.0.1:${options.port}`;
  const metricsToken = 'scale-bench-metrics-token-0123456789';
  // A working directory of its own, so no .env of the repository is read.
  const cwd = mkdtempSync(join(tmpdir(), 'carryover-scale-'));
  const child = spawn(
    process.execPath,
    ['--enable-source-maps', '--import', join(repo, 'bench/scale/product-clock.mjs'), join(repo, 'dist/node.js')],
    {
      cwd,
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        PORT: String(options.port),
        BASE_URL: url,
        DATABASE_URL: options.databaseUrl,
        SANDBOX: 'true',
        SANDBOX_URL: options.sandboxUrl,
        SECRET_KEY: 'scale-bench-secret-key-Zq7v1Xr9Lw3Kp5Hn8Tb2',
        TICK_INTERVAL_SECONDS: String(options.tickIntervalSeconds),
        METRICS_TOKEN: metricsToken,
        LOG_LEVEL: 'info',
        NODE_NO_WARNINGS: '1',
        // Node flags for the measured process only (e.g. a heap cap), as a deployment would set them.
        ...(process.env.BENCH_PRODUCT_NODE_OPTIONS && { NODE_OPTIONS: process.env.BENCH_PRODUCT_NODE_OPTIONS }),
      },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  const ask = ipcClient(child);
  let offset = 0;
  const runs: JobRun[] = [];
  const problems: string[] = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    if (!line.includes('"job.run"')) return;
    try {
      const entry = JSON.parse(line) as { '@timestamp': string; kind: string; outcome: string; ms: number };
      const endMs = Date.parse(entry['@timestamp']);
      runs.push({ kind: entry.kind, outcome: entry.outcome, startMs: endMs - entry.ms, endMs });
    } catch {
      // Not a log line of ours (a stray print): nothing to count.
    }
  });
  createInterface({ input: child.stderr! }).on('line', (line) => {
    if (problems.length < 200) problems.push(line);
  });
  for (let waited = 0; ; waited += 100) {
    if (child.exitCode !== null) throw new Error(`Carryover exited (${child.exitCode}): ${problems.join('\n')}`);
    const ready = await fetch(`${url}/readyz`).then(
      (r) => r.ok,
      () => false,
    );
    if (ready) break;
    if (waited > 60_000) throw new Error('Carryover was not ready within 60 s');
    await new Promise((done) => setTimeout(done, 100));
  }
  return {
    url,
    pid: child.pid!,
    metricsToken,
    offsetMs: () => offset,
    now: () => new Date(Date.now() + offset),
    async advance(ms) {
      await ask({ advanceMs: ms });
      offset += ms;
    },
    runs,
    problems,
    async stop() {
      child.kill('SIGTERM');
      await exited(child);
    },
  };
}
