// The Dockerfile's steps without a container (base images cannot be pulled here): reads ./Dockerfile and performs
// each stage in a fresh directory — COPY from the build context (the tracked files less .dockerignore) or from an
// earlier stage, RUN through sh, ENV, WORKDIR, USER — with Node 24 and npm on PATH standing in for the base image.
// Then it starts the image's CMD exactly as written, as the image's USER, against the local PostgreSQL with
// production-shaped settings, waits for the HEALTHCHECK command to pass, checks the production process serves no
// sandbox, stops it with SIGTERM as `docker stop` does, and prints start-to-healthy, RSS and the runtime stage's
// size.
//
// Run with Node 24: node .ci/image-steps.mjs   (DATABASE_ADMIN_URL, default postgres://postgres@127.0.0.1:5432/test)

import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';

const repo = resolve(dirname(new URL(import.meta.url).pathname), '..');
const node24 = process.execPath;
if (!process.version.startsWith('v24.')) fail(`run me with Node 24 (this is ${process.version})`);
const adminUrl = process.env.DATABASE_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const port = Number(process.env.IMAGE_PORT ?? 3917);
/** What `docker build` gets from the host's daemon or build arguments: the way out to the registry. */
const NETWORK = [
  'NODE_EXTRA_CA_CERTS',
  'SSL_CERT_FILE',
  'HTTP_PROXY',
  'HTTPS_PROXY',
  'NO_PROXY',
  'npm_config_registry',
];

const work = mkdtempSync(join(tmpdir(), 'carryover-image-'));
chmodSync(work, 0o755); // the image's USER must reach its files
const context = buildContext(join(work, 'context'));
const shims = nodeAndNpmShims(join(work, 'base-image-bin'));

const stages = new Map(); // name -> { root, workdir, env, user, healthcheck, cmd }
let stage;
for (const { instruction, args } of parseDockerfile(readFileSync(join(repo, 'Dockerfile'), 'utf8'))) {
  switch (instruction) {
    case 'FROM': {
      const [image, as, name] = args.split(/\s+/);
      if (!/^node:24\b/.test(image)) fail(`FROM ${image}: this script stands in only for node:24 images`);
      if (as?.toUpperCase() !== 'AS' || !name) fail(`FROM ${args}: name every stage`);
      const root = join(work, name);
      mkdirSync(root, { recursive: true, mode: 0o755 });
      stage = { name, root, workdir: '/', env: {}, user: 'root', healthcheck: undefined, cmd: undefined };
      stages.set(name, stage);
      step(`stage ${name} (${image})`);
      baseImageUser();
      break;
    }
    case 'WORKDIR':
      stage.workdir = resolve(stage.workdir, args);
      mkdirSync(inStage(stage.workdir), { recursive: true, mode: 0o755 });
      break;
    case 'ENV':
      for (const [, key, value] of args.matchAll(/(\w+)=("[^"]*"|\S+)/g)) stage.env[key] = value.replace(/^"|"$/g, '');
      break;
    case 'COPY':
      copy(args);
      break;
    case 'RUN':
      run(args);
      break;
    case 'USER':
      stage.user = args.trim();
      break;
    case 'HEALTHCHECK':
      stage.healthcheck = jsonCommand(args.replace(/^(--\S+\s+)*CMD\s+/, ''));
      break;
    case 'CMD':
      stage.cmd = jsonCommand(args);
      break;
    case 'EXPOSE':
    case 'VOLUME':
    case 'LABEL':
      break;
    default:
      fail(`${instruction}: not an instruction this script knows; teach it or keep the Dockerfile simple`);
  }
}

await startAsTheImageDoes(stage);
rmSync(work, { recursive: true, force: true });

// --- the instructions ----------------------------------------------------------------------------------------------

function copy(args) {
  const words = args.split(/\s+/);
  const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
  const paths = words.filter((w) => !w.startsWith('--'));
  const dest = paths.pop();
  const source = from ? stages.get(from) : undefined;
  if (from && !source) fail(`COPY --from=${from}: no such stage`);
  const target = inStage(isAbsolute(dest) ? dest : resolve(stage.workdir, dest));
  console.log(`COPY ${args}`);
  for (const path of paths) {
    const origin = source ? join(source.root, path) : join(context, path);
    const isDir = statSync(origin).isDirectory();
    const into = dest.endsWith('/') && !isDir ? join(target, path.split('/').pop()) : target;
    if (path === '.' || (isDir && dest.endsWith('/'))) cpSync(origin, into, { recursive: true });
    else cpSync(origin, into, { recursive: isDir });
  }
}

function run(command) {
  console.log(`RUN ${command}`);
  const started = Date.now();
  const result = spawnSync('sh', ['-c', command], {
    cwd: inStage(stage.workdir),
    env: stageEnv(stage),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (result.status !== 0) fail(`RUN ${command}: exit ${result.status}`);
  console.log(`  (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}

async function startAsTheImageDoes(image) {
  if (!image.cmd) fail('the last stage has no CMD');
  if (!image.healthcheck) fail('the last stage has no HEALTHCHECK');
  if (image.user === 'root') fail('the image runs as root: name a USER');
  step(`CMD ${JSON.stringify(image.cmd)} as ${image.user}, against PostgreSQL`);
  const user = hostUser(image.user);
  const database = freshDatabase();
  const env = {
    ...stageEnv(image),
    PORT: String(port),
    DATABASE_URL: database.url,
    BASE_URL: `http://127.0.0.1:${port}`,
    SECRET_KEY: 'image-steps-secret-key-0123456789abcdef',
    // Production mode: credentials of the real providers' shape; nothing calls them until someone connects.
    GOOGLE_CLIENT_ID: 'image-steps.apps.googleusercontent.com',
    GOOGLE_CLIENT_SECRET: 'image-steps-google-secret',
  };
  const started = performance.now();
  const [program, ...args] = image.cmd;
  const child = spawn(program, args, {
    cwd: inStage(image.workdir),
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    ...user,
  });
  let output = '';
  child.stdout.on('data', (b) => (output += b));
  child.stderr.on('data', (b) => (output += b));
  const exited = new Promise((done) => child.on('exit', (code, signal) => done({ code, signal })));

  let healthyAt;
  for (let tries = 0; tries < 120 && healthyAt === undefined; tries += 1) {
    const [hc, ...hcArgs] = image.healthcheck;
    const check = spawnSync(hc, hcArgs, { cwd: inStage(image.workdir), env, ...user });
    if (check.status === 0) healthyAt = performance.now();
    else await sleep(250);
  }
  if (healthyAt === undefined) fail(`HEALTHCHECK never passed within 30 s; the service said:\n${output}`);
  const rssMiB = rssOf(child.pid);
  const sandbox = await fetch(`http://127.0.0.1:${port}/sandbox/google/oauth2/v2/userinfo`);
  if (sandbox.status !== 404) fail(`the production process serves the sandbox (${sandbox.status})`);
  const home = await fetch(`http://127.0.0.1:${port}/`);
  if (!home.ok) fail(`GET / answered ${home.status}`);

  const stopAt = performance.now();
  child.kill('SIGTERM');
  const { code, signal } = await Promise.race([exited, sleep(10_000).then(() => ({ code: 'timeout' }))]);
  if (code !== 0) fail(`docker stop (SIGTERM) ended with ${code ?? signal} instead of 0; output:\n${output}`);
  database.drop();

  step('figures');
  console.log(`start to healthy (HEALTHCHECK passing): ${Math.round(healthyAt - started)} ms`);
  console.log(`RSS when healthy: ${rssMiB} MiB (one process: node ${args.join(' ')})`);
  console.log(`SIGTERM to exit 0: ${Math.round(performance.now() - stopAt)} ms`);
  console.log(
    `runtime stage: ${du(join(image.root, 'app'))} (node_modules ${du(join(image.root, 'app/node_modules'))})`,
  );
  console.log(`first lines the service printed:\n${output.split('\n').slice(0, 4).join('\n')}`);
}

// --- the stand-ins ---------------------------------------------------------------------------------------------------

/** The build context as `docker build .` sends it: the files git knows (not its ignored ones), less .dockerignore. */
function buildContext(into) {
  const ignore = readFileSync(join(repo, '.dockerignore'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((p) => new RegExp(`^${p.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}(/|$)`));
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: repo,
    encoding: 'utf8',
  })
    .split('\0')
    .filter(Boolean);
  for (const file of files) {
    if (ignore.some((re) => re.test(file))) continue;
    mkdirSync(dirname(join(into, file)), { recursive: true });
    cpSync(join(repo, file), join(into, file));
  }
  return into;
}

/** What node:24 puts on PATH: node 24 and npm running on it. */
function nodeAndNpmShims(dir) {
  mkdirSync(dir, { recursive: true, mode: 0o755 });
  const npmCli = resolve(
    dirname(execFileSync('sh', ['-c', 'readlink -f "$(command -v npm)"'], { encoding: 'utf8' }).trim()),
    'npm-cli.js',
  );
  writeFileSync(join(dir, 'node'), `#!/bin/sh\nexec "${node24}" "$@"\n`, { mode: 0o755 });
  writeFileSync(join(dir, 'npm'), `#!/bin/sh\nexec "${node24}" "${npmCli}" "$@"\n`, { mode: 0o755 });
  return dir;
}

function stageEnv(s) {
  const env = { HOME: process.env.HOME ?? '/root', PATH: `${shims}:/usr/local/bin:/usr/bin:/bin` };
  for (const name of NETWORK.flatMap((n) => [n, n.toLowerCase()])) {
    if (process.env[name] !== undefined) env[name] = process.env[name];
  }
  // Absolute paths in the image live under the stage's directory here.
  for (const [key, value] of Object.entries(s.env)) env[key] = value.startsWith('/') ? inStage(value, s) : value;
  return env;
}

function inStage(path, s = stage) {
  return join(s.root, path);
}

/** node:24 images have a `node` user; so does this host, made a system user if this is root and it is missing. */
function baseImageUser() {
  if (process.getuid?.() !== 0 || spawnSync('id', ['-u', 'node']).status === 0) return;
  execFileSync('useradd', ['--system', '--no-create-home', '--shell', '/usr/sbin/nologin', 'node']);
}

/** The image's USER on this host (as root); anyone else runs the CMD as themselves. */
function hostUser(name) {
  if (process.getuid?.() !== 0) {
    console.log(`(not root: running as ${process.getuid?.()} instead of ${name})`);
    return {};
  }
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }));
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }));
  return { uid, gid };
}

function freshDatabase() {
  const name = `carryover_image_${process.pid}`;
  const psql = (sql) => execFileSync('psql', [adminUrl, '-qtAc', sql], { stdio: ['ignore', 'pipe', 'inherit'] });
  psql(`CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return { url: url.toString(), drop: () => psql(`DROP DATABASE ${name} WITH (FORCE)`) };
}

function rssOf(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kib / 1024);
}

function du(path) {
  return execFileSync('du', ['-sh', path], { encoding: 'utf8' }).split('\t')[0];
}

function parseDockerfile(text) {
  const logical = text.replace(/\\\n/g, ' ').split('\n');
  return logical
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [, instruction, args] = /^(\w+)\s+(.*)$/.exec(line) ?? fail(`cannot read: ${line}`);
      return { instruction: instruction.toUpperCase(), args };
    });
}

function jsonCommand(text) {
  try {
    const command = JSON.parse(text);
    if (Array.isArray(command)) return command;
  } catch {}
  return fail(`${text}: use the exec (JSON array) form, so signals reach the process`);
}

function step(title) {
  console.log(`\n--- ${title}`);
}

function sleep(ms) {
  return new Promise((done) => setTimeout(done, ms));
}

function fail(message) {
  console.error(`image-steps: ${message}`);
  process.exit(1);
}
