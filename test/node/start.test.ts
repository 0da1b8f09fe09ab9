import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

// The Node entry as an operator meets it: a process started in a directory of its own, its output read line by line.
const repo = resolve(import.meta.dirname, '../..');
const tsx = join(repo, 'node_modules/tsx/dist/loader.mjs');
const SECRET = 'q6Yk0zH2m0P5pX1v8uJ3c9Rr4tWb7nLs1dFg2hKj3lA=';

let dir: string;
const children: ChildProcess[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'carryover-start-'));
});
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

interface Started {
  readonly child: ChildProcess;
  readonly lines: string[];
  /** Resolves with the first line matching, or rejects when the process exits first. */
  waitFor(pattern: RegExp): Promise<string>;
  readonly exited: Promise<number | null>;
}

/** `node src/node.ts` (through tsx's loader, so signals reach it), environment only what the test gives. */
function start(env: Record<string, string>, args: readonly string[] = [], command?: readonly string[]): Started {
  const [program, ...programArgs] = command ?? [process.execPath, '--import', tsx, join(repo, 'src/node.ts')];
  const child = spawn(program!, [...programArgs, ...args], {
    cwd: dir,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? dir, TICK_INTERVAL_SECONDS: '3600', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve: (line: string) => void }[] = [];
  let partial = '';
  const take = (chunk: Buffer) => {
    partial += chunk.toString();
    const complete = partial.split('\n');
    partial = complete.pop() ?? '';
    for (const line of complete.filter(Boolean)) {
      lines.push(line);
      for (const waiter of waiters.filter((w) => w.pattern.test(line))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(line);
      }
    }
  };
  child.stdout!.on('data', take);
  child.stderr!.on('data', take);
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));
  return {
    child,
    lines,
    exited,
    waitFor: (pattern) =>
      new Promise((resolve, reject) => {
        const seen = lines.find((line) => pattern.test(line));
        if (seen) return resolve(seen);
        waiters.push({ pattern, resolve });
        void exited.then((code) => reject(new Error(`exited ${code} before ${pattern}:\n${lines.join('\n')}`)));
      }),
  };
}

/** The JSON lines among a process's output, parsed. */
function logLines(lines: readonly string[]): Record<string, unknown>[] {
  return lines.filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const port = (server.address() as { port: number }).port;
  await new Promise((done) => server.close(done));
  return port;
}

async function failsWith(env: Record<string, string>): Promise<string> {
  const run = start(env);
  expect(await run.exited).toBe(1);
  const errors = logLines(run.lines).filter((line) => line.level === 'ERROR');
  // One line an operator can act on, no stack trace anywhere in the output.
  expect(errors).toHaveLength(1);
  expect(run.lines.join('\n')).not.toMatch(/\n\s+at /);
  return String(errors[0]?.error);
}

describe('starting the Node service', () => {
  it('reads .env under the real environment, says where each setting came from only when asked, and stops on SIGTERM', async () => {
    const port = await freePort();
    writeFileSync(
      join(dir, '.env'),
      [`PORT=${port}`, 'PROMPT_DELAY_MINUTES=7', `SECRET_KEY=${SECRET}`, 'SANDBOX=true', 'DATA_DIR=./from-file'].join(
        '\n',
      ),
    );
    const run = start({ PROMPT_DELAY_MINUTES: '9', DATA_DIR: join(dir, 'data') }, ['--show-settings']);
    const listening = JSON.parse(await run.waitFor(/service\.listening/)) as Record<string, unknown>;
    // Said only once the port is bound: the very next request is answered.
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    expect(listening).toMatchObject({ port, database: `embedded PGlite in ${join(dir, 'data')}` });

    const report = run.lines.join('\n');
    expect(report).toMatch(/PORT\s+\d+\s+\[env file\]/);
    expect(report).toMatch(/PROMPT_DELAY_MINUTES\s+9\s+\[environment\]/);
    expect(report).toMatch(/SECRET_KEY\s+set \(hidden\)\s+\[env file\]/);
    expect(report).toMatch(/BASE_URL\s+\(default\)/);
    expect(report).not.toContain(SECRET);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(logLines(run.lines).at(-1)).toMatchObject({ message: 'service.stopped', signal: 'SIGTERM' });
  });

  it('prints no settings when not asked', async () => {
    const port = await freePort();
    const run = start({ PORT: String(port), SANDBOX: 'true', DATA_DIR: join(dir, 'data') });
    await run.waitFor(/service\.listening/);
    expect(run.lines.join('\n')).not.toMatch(/Settings|env file/);
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
  });

  it('refuses to start with one line naming the setting: DATA_DIR a file, PostgreSQL down, a bad ENV_FILE, bad values', async () => {
    writeFileSync(join(dir, 'a-file'), '');
    expect(await failsWith({ DATA_DIR: join(dir, 'a-file') })).toBe(
      `DATA_DIR: ${join(dir, 'a-file')} is a file, not a directory`,
    );
    expect(await failsWith({ DATABASE_URL: 'postgres://carryover:pw@127.0.0.1:1/carryover' })).toBe(
      'DATABASE_URL: PostgreSQL at 127.0.0.1:1 refused the connection: is it running?',
    );
    expect(await failsWith({ ENV_FILE: 'production.env' })).toMatch(
      /^ENV_FILE: cannot read .*production\.env \(ENOENT\)$/,
    );
    const config = await failsWith({ PORT: 'eighty', GOOGLE_CLIENT_ID: 'id' });
    expect(config).toMatch(/^configuration: /);
    expect(config).toContain('PORT must be a whole number');
    expect(config).toContain('GOOGLE_CLIENT_SECRET is missing');
  });

  it('says the port is taken instead of a stack trace', async () => {
    const taken: Server = createServer();
    await new Promise<void>((done) => taken.listen(0, done));
    const port = (taken.address() as { port: number }).port;
    try {
      expect(await failsWith({ PORT: String(port), SANDBOX: 'true', DATA_DIR: join(dir, 'data') })).toBe(
        `PORT: ${port} is already in use (EADDRINUSE): stop what holds it or set another PORT`,
      );
    } finally {
      await new Promise((done) => taken.close(done));
    }
  });

  it('`npm start` builds and runs Node on the output, and a SIGTERM to npm stops the service: nothing is left serving', async () => {
    const port = await freePort();
    const run = start(
      { PORT: String(port), SANDBOX: 'true', DATA_DIR: join(dir, 'data') },
      [],
      ['npm', '--prefix', repo, 'start'],
    );
    await run.waitFor(/service\.listening/);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    run.child.kill('SIGTERM');
    await run.exited;
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });
});
