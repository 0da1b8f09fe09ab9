/**
 * `npm run bench:scale`: Carryover at N connected calendars, as it runs in production — its build (`node
 * dist/node.js`) in a process of its own on the local PostgreSQL (a fresh database `carryover_scale_<N>` per N, dropped after), in
 * sandbox mode against the standalone sandbox in another process — with N managers, each organizing two weekly
 * 1:1s, connected through the real connect flow. Per N it reports:
 *
 * - jobs due vs done per minute, and the oldest due job's wait, over a simulated day of nothing changing;
 * - how long a tick with nothing changed takes (from the `job.run` log lines), and an idle tick's CPU;
 * - resident memory of Carryover's process alone (VmRSS, VmHWM), and of the sandbox's;
 * - webhook ingest: valid Google push notifications per second, and sync runs per calendar they cause;
 * - provider calls per calendar per day over the simulated day (both clocks moved on together), counted by the
 *   sandbox, beside a naive poller listing a few calendars' events every simulated minute, counted the same way;
 *
 * and how each grows from the smallest N to the largest. A table on stdout, everything in a JSON file under /tmp.
 *
 * Flags: `--calendars 100,1000,10000` (default 100,1000), `--quick` (N=50, a 12-hour day: for CI, under 2 minutes),
 * `--day-hours H` (24), `--step-minutes M` (15), `--tick-seconds S` (1), `--notifications-per-calendar K` (2),
 * `--database-url postgres://…/` (the server; default postgres://postgres@127.0.0.1:5432/), `--json path`, `--keep`
 * (leave the database).
 * Needs `npm run build` first (the npm script does it). See BENCHMARKS.md "Scale".
 */
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { growth, quantile, type ScaleFigures, table, ticksOf } from './scale/figures.ts';
import { poster } from './scale/post.ts';
import {
  cpuSecondsOf,
  type JobRun,
  memoryOf,
  type ProductProcess,
  type SandboxProcess,
  startProduct,
  startSandbox,
} from './scale/processes.ts';
import { queueReader, waitForDrain, watchQueue } from './scale/queue.ts';
import { connectRange, inParallel, managerEmail, seedSeries } from './scale/seed.ts';

const { values: flags } = parseArgs({
  options: {
    calendars: { type: 'string', default: '100,1000' },
    quick: { type: 'boolean', default: false },
    'day-hours': { type: 'string' },
    'step-minutes': { type: 'string' },
    'tick-seconds': { type: 'string', default: '1' },
    'notifications-per-calendar': { type: 'string', default: '2' },
    'window-seconds': { type: 'string' },
    'database-url': { type: 'string', default: 'postgres://postgres@127.0.0.1:5432/' },
    json: { type: 'string' },
    keep: { type: 'boolean', default: false },
  },
});
const quick = flags.quick;
const sizes = quick ? [50] : flags.calendars.split(',').map((n) => Number(n.replaceAll('_', '')));
const dayHours = Number(flags['day-hours'] ?? (quick ? 12 : 24));
const stepMinutes = Number(flags['step-minutes'] ?? (quick ? 60 : 15));
const tickSeconds = Number(flags['tick-seconds']);
const notificationsPerCalendar = Number(flags['notifications-per-calendar']);
const windowSeconds = Number(flags['window-seconds'] ?? (quick ? 10 : 60));
/** A fresh database per run and N (runs of different N may share the server). */
const databaseName = (managers: number) => `carryover_scale_${managers}`;
/** Calendars the naive poller lists every simulated minute. */
const POLLER_CALENDARS = 3;
/** Days from now to each manager's first 1:1: a simulated day before them sees no meeting. */
const FIRST_MEETING_IN_DAYS = 4;
/** Carryover's poll interval with push (src/lifecycle/sync-calendar.ts POLL_WITH_PUSH_MS). */
const POLL_INTERVAL_MS = 30 * 60_000;
/** Connect batches spread over one poll interval: 180 = one per 10-second tick interval (the default). */
const SPREAD_BATCHES = 180;
const CONNECT_CONCURRENCY = 8;
/** Fewest webhook notifications sent, whatever N. */
const MIN_NOTIFICATIONS = quick ? 1_000 : 2_000;
/** How far the clocks may jump while jobs run: well within a lease's 20 s, renewed every ~7 s. */
const SAFE_JUMP_MS = 10_000;
const pollers = Array.from({ length: POLLER_CALENDARS }, (_, k) => `naive-poller${k}@scale.example.com`);

for (const n of sizes) if (!Number.isInteger(n) || n < 1) throw new Error(`--calendars: not a count: ${n}`);
if (!(dayHours > 0) || !(stepMinutes > 0) || !Number.isInteger((dayHours * 60) / stepMinutes)) {
  throw new Error('--day-hours must be a whole number of --step-minutes steps');
}
const repo = resolve(import.meta.dirname, '..');
if (!existsSync(join(repo, 'dist/node.js'))) throw new Error('no dist/node.js: run `npm run build` first');

const log = (text: string) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${text}`);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

function freePort(): Promise<number> {
  return new Promise((found) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => found(port));
    });
  });
}

function freshDatabase(serverUrl: string, name: string): string {
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  const psql = (query: string) => execFileSync('psql', [admin.toString(), '-qtAc', query], { stdio: 'pipe' });
  psql(`drop database if exists ${name} with (force)`);
  psql(`create database ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

function dropDatabase(serverUrl: string, name: string): void {
  const admin = new URL(serverUrl);
  admin.pathname = '/postgres';
  execFileSync('psql', [admin.toString(), '-qtAc', `drop database if exists ${name} with (force)`], { stdio: 'pipe' });
}

/** The highest resident memory seen while sampling every second. */
function memorySampler(pid: number) {
  let max = 0;
  const timer = setInterval(() => {
    try {
      max = Math.max(max, memoryOf(pid).rssMiB);
    } catch {
      // The process ended between samples: its last sample stands.
    }
  }, 1000);
  return { max: () => max, stop: () => clearInterval(timer) };
}

const cpuOf = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1e6;
const runsSince = (product: ProductProcess, index: number): JobRun[] => product.runs.slice(index);

async function measure(managers: number): Promise<ScaleFigures> {
  const started = performance.now();
  const databaseUrl = freshDatabase(flags['database-url'], databaseName(managers));
  const sandbox: SandboxProcess = await startSandbox();
  let product: ProductProcess | undefined;
  const queue = queueReader(databaseUrl);
  try {
    product = await startProduct({
      databaseUrl,
      sandboxUrl: sandbox.url,
      port: await freePort(),
      tickIntervalSeconds: tickSeconds,
    });
    const p = product;
    const sampler = memorySampler(p.pid);
    log(`N=${managers}: Carryover (pid ${p.pid}) at ${p.url}, sandbox (pid ${sandbox.pid}) at ${sandbox.url}`);

    // 1. Seeding: the 1:1s in the sandbox, then every manager connects — in batches a simulated slice of the poll
    // interval apart (both clocks moved on between batches), so the calendars' polls fall due spread over the
    // interval, as they do when people connect over weeks, instead of all at once.
    let mark = performance.now();
    await seedSeries(sandbox.url, p.now(), [...Array(managers).keys()].map(managerEmail), FIRST_MEETING_IN_DAYS, 16);
    await seedSeries(sandbox.url, p.now(), pollers, FIRST_MEETING_IN_DAYS, 16);
    const seriesSeconds = (performance.now() - mark) / 1000;
    const firstConnectAt = p.now().getTime();
    const connectsStarted = performance.now();
    const batches = Math.min(SPREAD_BATCHES, Math.ceil(managers / CONNECT_CONCURRENCY));
    const batchAdvanceMs = Math.floor(POLL_INTERVAL_MS / batches);
    const connectTimes: number[] = [];
    let connectSeconds = 0;
    for (let batch = 0; batch < batches; batch++) {
      const from = Math.floor((batch * managers) / batches);
      const to = Math.floor(((batch + 1) * managers) / batches);
      mark = performance.now();
      connectTimes.push(...(await connectRange(p.url, from, to, CONNECT_CONCURRENCY)));
      connectSeconds += (performance.now() - mark) / 1000;
      if (batch < batches - 1) {
        // A jump longer than a lease's margin would let a running job's lease run out under it (and be taken over
        // as if its instance had died): let the queue empty first.
        if (batchAdvanceMs > SAFE_JUMP_MS) await waitForDrain(queue, p.now, { capMs: 10 * 60_000, quietMs: 300 });
        await p.advance(batchAdvanceMs);
        await sandbox.advance(batchAdvanceMs);
      }
    }
    log(
      `N=${managers}: ${managers * 2} series in ${seriesSeconds.toFixed(1)} s, connected in ${connectSeconds.toFixed(1)} s (${batches} batches)`,
    );
    const settled = await waitForDrain(queue, p.now, { capMs: 60 * 60_000, quietMs: 2_000 + tickSeconds * 1000 });
    const readyMemory = memoryOf(p.pid);
    const seedWallSeconds = (performance.now() - connectsStarted) / 1000;
    const settleJobs = p.runs.length;
    const counts = await queue.sizes();
    log(
      `N=${managers}: settled ${settled.seconds.toFixed(1)} s after the last connect (${settleJobs} jobs run); ${JSON.stringify(counts)}`,
    );

    // 2. At 1× time: the first polls fall due as they were spread by the connects. Both clocks are brought to the
    // first batch's poll time, then left to run with the wall clock while the queue is watched.
    const nextPoll = await queue.nextDue(p.now());
    const lag = (nextPoll?.getTime() ?? firstConnectAt + POLL_INTERVAL_MS) - 2_000 - p.now().getTime();
    if (lag > 0) {
      await p.advance(lag);
      await sandbox.advance(lag);
    }
    let runIndex = p.runs.length;
    const realTime = await watchQueue(queue, p.now, windowSeconds * 1000);
    const realRuns = runsSince(p, runIndex);
    log(
      `N=${managers}: 1× window ${windowSeconds} s: ${realRuns.length} jobs, most due at once ${realTime.peak}, oldest due ${realTime.oldestAgeSeconds.toFixed(1)} s`,
    );

    // 3. Webhook ingest: valid notifications on every calendar's channel, as fast as Carryover takes them.
    const channels = (await sandbox.channels()).filter((c) => c.address.startsWith(p.url));
    // At least MIN_NOTIFICATIONS, so that a small N still measures a rate, round-robin over the calendars.
    const total = Math.max(notificationsPerCalendar * channels.length, MIN_NOTIFICATIONS);
    const notifications = Array.from({ length: total }, (_, k) => ({
      channel: channels[k % channels.length]!,
      number: 100 + Math.floor(k / channels.length),
    }));
    const statuses: Record<string, number> = {};
    runIndex = p.runs.length;
    const concurrency = 32;
    mark = performance.now();
    const sender = poster(p.url, concurrency);
    const expiration = new Date(p.now().getTime() + 86_400_000).toUTCString();
    const webhookCpu = [cpuSecondsOf(p.pid), cpuSecondsOf(sandbox.pid)];
    const benchCpu = process.cpuUsage();
    await inParallel(notifications.length, concurrency, async (index) => {
      const { channel, number } = notifications[index]!;
      const status = await sender.post('/webhooks/google', {
        'X-Goog-Channel-ID': channel.channelId,
        'X-Goog-Channel-Token': channel.token,
        'X-Goog-Channel-Expiration': expiration,
        'X-Goog-Resource-ID': channel.resourceId,
        'X-Goog-Resource-URI': channel.resourceUri,
        'X-Goog-Resource-State': 'exists',
        'X-Goog-Message-Number': String(number),
      });
      statuses[status] = (statuses[status] ?? 0) + 1;
    });
    sender.close();
    const webhookSeconds = (performance.now() - mark) / 1000;
    const [productCpu = 0, sandboxCpu = 0] = [cpuSecondsOf(p.pid), cpuSecondsOf(sandbox.pid)].map(
      (after, i) => after - (webhookCpu[i] ?? 0),
    );
    const dueAfter = await queue.syncJobsDue(p.now());
    const webhookDrain = await waitForDrain(queue, p.now, { capMs: 30 * 60_000, quietMs: 2_000 + tickSeconds * 1000 });
    const webhookRuns = runsSince(p, runIndex);
    const syncRuns = webhookRuns.filter((r) => r.kind === 'sync-calendar').length;
    log(
      `N=${managers}: ${notifications.length} notifications in ${webhookSeconds.toFixed(1)} s ${JSON.stringify(statuses)}; ` +
        `${syncRuns} syncs, drained in ${webhookDrain.seconds.toFixed(1)} s`,
    );

    // 4. An idle tick: nothing due, the loop still claims every interval. Carryover's CPU over a quiet while.
    const idleSeconds = Math.max(quick ? 5 : 15, tickSeconds * 5);
    const cpuBefore = cpuSecondsOf(p.pid);
    const idleRunsBefore = p.runs.length;
    await sleep(idleSeconds * 1000);
    const idleCpu = cpuSecondsOf(p.pid) - cpuBefore;
    const idleTicks = idleSeconds / tickSeconds;
    if (p.runs.length !== idleRunsBefore)
      log(`N=${managers}: ${p.runs.length - idleRunsBefore} jobs ran in the idle window`);

    // 5. A simulated day of nothing changing: both clocks moved on a step at a time, the queue emptied after each.
    await fetch(`${sandbox.url}/sandbox/stats`, { method: 'DELETE' });
    const stepMs = stepMinutes * 60_000;
    const steps = (dayHours * 60) / stepMinutes;
    const dayStart = p.runs.length;
    const stepFigures: { jobs: number; drainSeconds: number; drained: boolean }[] = [];
    let drainTotal = 0;
    let oldestDue = 0;
    for (let step = 0; step < steps; step++) {
      const before = p.runs.length;
      // Carryover first: it may refresh a token a little early, never use one the sandbox already thinks expired.
      await p.advance(stepMs);
      await sandbox.advance(stepMs);
      const stepStarted = performance.now();
      // The naive poller: events.list on each of its calendars once per simulated minute of the step.
      await inParallel(pollers.length, pollers.length, async (k) => {
        for (let minute = 0; minute < stepMinutes; minute++) {
          const response = await fetch(`${sandbox.url}/sandbox/google/calendar/v3/calendars/primary/events`, {
            headers: { Authorization: `Bearer sandbox:${pollers[k]}` },
          });
          await response.arrayBuffer();
        }
      });
      const drainStarted = performance.now();
      // The step's work: what fell due by its end (plus a moment for Carryover's follow-ups), not what falls due as
      // real time goes on while it drains.
      const drain = await waitForDrain(queue, p.now, {
        dueBy: new Date(p.now().getTime() + 2_000),
        capMs: Math.max(stepMs, 60_000),
        quietMs: 300 + tickSeconds * 1000,
      });
      // Real seconds from the step until its queue was empty (the poller's calls included: they share the machine).
      const seconds = (drainStarted - stepStarted) / 1000 + drain.seconds;
      drainTotal += seconds;
      oldestDue = Math.max(oldestDue, seconds);
      stepFigures.push({ jobs: p.runs.length - before, drainSeconds: seconds, drained: drain.drained });
      if (step % Math.max(1, Math.floor(steps / 8)) === 0 || !drain.drained) {
        log(
          `N=${managers}: step ${step + 1}/${steps} (+${((step + 1) * stepMinutes) / 60} h): ${p.runs.length - before} jobs, ` +
            `drained ${drain.drained ? 'in' : 'NOT within'} ${seconds.toFixed(1)} s`,
        );
      }
    }
    const dayRuns = runsSince(p, dayStart);
    const done = dayRuns.filter((r) => r.outcome === 'done').length;
    const failed = dayRuns.length - done;
    const stats = (await (await fetch(`${sandbox.url}/sandbox/stats`)).json()) as Record<
      string,
      { method: string; path: string; status: number; count: number }[]
    >;
    const perDay = 24 / dayHours;
    const callsByOperation: Record<string, number> = {};
    let managerCalls = 0;
    const managerSet = new Set(Array.from({ length: managers }, (_, i) => managerEmail(i)));
    for (const [user, calls] of Object.entries(stats)) {
      if (!managerSet.has(user)) continue;
      for (const call of calls) {
        managerCalls += call.count;
        const key = `${call.method} ${call.path.replace('/sandbox/', '')} ${call.status}`;
        callsByOperation[key] = (callsByOperation[key] ?? 0) + call.count;
      }
    }
    for (const key of Object.keys(callsByOperation)) {
      callsByOperation[key] = Math.round(((callsByOperation[key] ?? 0) / managers) * perDay * 100) / 100;
    }
    // Calls no token could be tied to (the token endpoint before it knows the user) are Carryover's too.
    const anonymous = (stats.anonymous ?? []).reduce((sum, call) => sum + call.count, 0);
    if (anonymous > 0) callsByOperation['(anonymous: no user known)'] = (anonymous / managers) * perDay;
    const pollerCalls = pollers.reduce((sum, user) => sum + (stats[user] ?? []).reduce((s, c) => s + c.count, 0), 0);
    const worst = stepFigures.reduce((a, b) => (b.jobs > a.jobs ? b : a), stepFigures[0]!);

    sampler.stop();
    const productMemory = memoryOf(p.pid);
    const sandboxMemory = memoryOf(sandbox.pid);
    const jobStates = await queue.byState();
    const figures: ScaleFigures = {
      managers,
      calendars: counts.calendars,
      series: counts.series,
      seed: {
        seriesSeconds,
        connectSeconds,
        connectsPerSecond: managers / connectSeconds,
        connectMedianSeconds: quantile(connectTimes, 0.5),
        settleSeconds: settled.seconds,
        wallSeconds: seedWallSeconds,
        settleJobs,
      },
      webhooks: {
        sent: notifications.length,
        perCalendar: notificationsPerCalendar,
        concurrency,
        seconds: webhookSeconds,
        perSecond: notifications.length / webhookSeconds,
        statuses,
        syncJobsDueAfter: dueAfter.jobs,
        maxDuePerCalendar: dueAfter.maxPerCalendar,
        syncRunsPerCalendar: syncRuns / Math.max(1, channels.length),
        drainSeconds: webhookDrain.seconds,
        productCpuMsEach: (productCpu * 1000) / notifications.length,
        sandboxCpuMsEach: (sandboxCpu * 1000) / notifications.length,
        benchCpuMsEach: (cpuOf(process.cpuUsage(benchCpu)) * 1000) / notifications.length,
      },
      realTime: {
        seconds: windowSeconds,
        jobs: realRuns.length,
        duePerMinute: ((realRuns.length + realTime.last - realTime.first) / windowSeconds) * 60,
        donePerMinute: (realRuns.length / windowSeconds) * 60,
        peakDue: realTime.peak,
        oldestDueSeconds: realTime.oldestAgeSeconds,
      },
      ticks: ticksOf(realRuns, tickSeconds * 1000),
      idleTick: { seconds: idleSeconds, ticks: idleTicks, cpuMsPerTick: (idleCpu * 1000) / idleTicks },
      day: {
        hours: dayHours,
        stepMinutes,
        steps,
        jobsDone: done,
        jobsFailed: failed,
        duePerMinute: dayRuns.length / (dayHours * 60),
        donePerRealMinute: dayRuns.length / (drainTotal / 60),
        worstStep: worst,
        stepsBehind: stepFigures.filter((s) => !s.drained || s.drainSeconds > stepMinutes * 60).length,
        oldestDueSeconds: oldestDue,
        providerCallsPerCalendarPerDay: ((managerCalls + anonymous) / managers) * perDay,
        callsByOperation,
        pollerCallsPerCalendarPerDay: (pollerCalls / pollers.length) * perDay,
        pollerCalendars: pollers.length,
      },
      memory: {
        productSettledMiB: readyMemory.rssMiB,
        productRssMiB: productMemory.rssMiB,
        productPeakMiB: productMemory.peakMiB,
        productMaxSampledMiB: sampler.max(),
        sandboxRssMiB: sandboxMemory.rssMiB,
        sandboxPeakMiB: sandboxMemory.peakMiB,
      },
      jobStates,
      warnings: p.problems.length,
      totalSeconds: (performance.now() - started) / 1000,
    };
    if (p.problems.length > 0) log(`N=${managers}: ${p.problems.length} warning lines, first: ${p.problems[0]}`);
    return figures;
  } finally {
    await product?.stop();
    await sandbox.stop();
    await queue.close();
    if (!flags.keep) dropDatabase(flags['database-url'], databaseName(managers));
  }
}

const results: ScaleFigures[] = [];
for (const managers of sizes) {
  results.push(await measure(managers));
  log(`N=${managers}: done in ${results.at(-1)!.totalSeconds.toFixed(0)} s`);
}
const jsonPath = flags.json ?? `/tmp/carryover-bench-scale-${new Date().toISOString().replaceAll(':', '-')}.json`;
const machine = { cpus: cpus().length, node: process.version, date: new Date().toISOString() };
const settings = { dayHours, stepMinutes, tickSeconds, notificationsPerCalendar, pollerCalendars: POLLER_CALENDARS };
writeFileSync(jsonPath, `${JSON.stringify({ machine, settings, results }, null, 2)}\n`);

console.log(
  `\nScale (${machine.date.slice(0, 10)}, ${machine.cpus} cores, Node ${machine.node}, PostgreSQL on the same host; ` +
    `TICK_INTERVAL_SECONDS=${tickSeconds}, a ${dayHours}-hour day in ${stepMinutes}-minute steps):\n`,
);
console.log(table(results));
const grown = growth(results);
if (grown) console.log(`\nGrowth from the smallest N to the largest:\n\n${grown}`);
console.log(`\nEverything, with provider calls by operation: ${jsonPath}`);
