/**
 * The production start, measured as an operator sees it: `node --enable-source-maps dist/node.js` (run `npm run
 * build` first) in production mode, timed from spawn to the first /readyz 200, with the process's resident memory
 * then and its peak. On PostgreSQL (a fresh database; BENCH_DATABASE_ADMIN_URL, default the local test database's
 * server) and on embedded PGlite (a fresh DATA_DIR, then the same directory again). Prints a Markdown table.
 *
 * Run: npm run build && npx tsx bench/start.ts
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const repo = resolve(import.meta.dirname, '..');
const entry = join(repo, 'dist/node.js');
const adminUrl = process.env.BENCH_DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PORT = 3961;

interface StartFigures {
  readonly readyMs: number;
  readonly rssMiB: number;
  readonly peakMiB: number;
}

async function startOnce(env: Record<string, string>): Promise<StartFigures> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--enable-source-maps', entry], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(PORT),
      BASE_URL: `http://127.0.0.1:${PORT}`,
      SECRET_KEY: 'q6Yk0zH2m0P5pX1v8uJ3c9Rr4tWb7nLs1dFg2hKj3lA=',
      GOOGLE_CLIENT_ID: 'bench.apps.googleusercontent.com',
      GOOGLE_CLIENT_SECRET: 'bench-secret',
      LOG_LEVEL: 'error',
      ...env,
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((done) => child.on('exit', done));
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`exited ${child.exitCode} before ready`);
      const ready = await fetch(`http://127.0.0.1:${PORT}/readyz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ready) break;
      await new Promise((done) => setTimeout(done, 20));
    }
    const readyMs = performance.now() - started;
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const mib = (field: string) => Math.round(Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]) / 1024);
    return { readyMs, rssMiB: mib('VmRSS'), peakMiB: mib('VmHWM') };
  } finally {
    child.kill('SIGTERM');
    await exited;
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function row(label: string, runs: readonly StartFigures[]): string {
  const ms = runs.map((r) => r.readyMs);
  return `| ${label} | ${Math.round(median(ms))} ms (${Math.round(Math.min(...ms))}–${Math.round(Math.max(...ms))}) | ${median(runs.map((r) => r.rssMiB))} MiB | ${median(runs.map((r) => r.peakMiB))} MiB |`;
}

if (!existsSync(entry)) throw new Error('no dist/node.js: run `npm run build` first');
const rows: string[] = [];

const postgres: StartFigures[] = [];
for (let run = 0; run < RUNS; run += 1) {
  const name = `carryover_bench_start_${process.pid}_${run}`;
  const psql = (query: string) => execFileSync('psql', [adminUrl, '-qtAc', query]);
  psql(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  try {
    postgres.push(await startOnce({ DATABASE_URL: url.toString() }));
  } finally {
    psql(`drop database ${name} with (force)`);
  }
}
rows.push(row('PostgreSQL, fresh database (migrations applied)', postgres));

const fresh: StartFigures[] = [];
const again: StartFigures[] = [];
for (let run = 0; run < RUNS; run += 1) {
  const dataDir = mkdtempSync(join(tmpdir(), 'carryover-bench-start-'));
  try {
    fresh.push(await startOnce({ DATA_DIR: dataDir }));
    again.push(await startOnce({ DATA_DIR: dataDir }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
rows.push(row('embedded PGlite, fresh DATA_DIR', fresh));
rows.push(row('embedded PGlite, existing DATA_DIR', again));

console.log(`Production start (node dist/node.js, ${RUNS} runs each, median (min–max)), Node ${process.version}:\n`);
console.log('| Database | Spawn to /readyz 200 | RSS when ready | Peak RSS |');
console.log('|---|---|---|---|');
for (const line of rows) console.log(line);
