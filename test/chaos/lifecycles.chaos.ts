import { appendFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { sql } from 'kysely';
import { DateTime } from 'luxon';
import { afterAll, describe, expect, it } from 'vitest';
import { startStandaloneSandbox } from '../../src/sandbox/standalone.ts';
import { googleDriver, microsoftDriver, type ProviderDriver } from '../contract/drivers.ts';
import { openTestDatabase } from '../support/database.ts';
import { testClock } from '../support/harness.ts';
import { followRedirects } from '../support/service.ts';
import { ownText } from './calendars.ts';
import { API_FAULTS, type ApiFault, clearFaults, count, type FaultCounts, inject, type Target } from './faults.ts';
import { createInstance, type Instance } from './instances.ts';
import { checkAtEnd, occurrenceOf, type Violation } from './invariants.ts';
import { createPeople } from './people.ts';
import { type NotificationFate, startInstanceFront, startSandboxFront } from './proxy.ts';
import { seededRandom } from './random.ts';
import { buildTimeline } from './timeline.ts';
import type { ChaosSeries } from './world.ts';

/**
 * The chaos suite (`npm run chaos`): many 1:1 lifecycles on Google and Outlook at once, two or three Carryover
 * instances on one PostgreSQL against the standalone sandbox, random faults on every door, a person editing the
 * invite while Carryover writes it, and kill -9 of an instance mid-tick. Seeded (`CHAOS_SEED`); `CHAOS_SHORT=1` is
 * the CI version. The figures of a run are printed and written to /tmp/carryover-chaos-{seed}.json; RELIABILITY.md
 * holds the fault matrix and the last full run's figures.
 */
const SEED = Number(process.env.CHAOS_SEED ?? 20261130);
const SHORT = process.env.CHAOS_SHORT === '1';
const PLAN = SHORT
  ? { instances: 2, managersPerProvider: 2, reportsPerManager: 2, meetings: 3, kills: 1, faultChance: 0.6 }
  : { instances: 3, managersPerProvider: 3, reportsPerManager: 3, meetings: 5, kills: 4, faultChance: 0.6 };
const DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUN_START = new Date('2026-11-23T06:00:00Z'); // a Monday
const PROVIDER_TIMEOUT_MS = 1_500;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const LOG_DIR = `/tmp/carryover-chaos-${SEED}`;

const random = seededRandom(SEED);
// Notifications arrive in wall-clock order, so their fates come from a PRNG of their own: the scenario's choices
// stay the same whatever the timing.
const notificationRandom = seededRandom(SEED ^ 0x5eed);
const faults: FaultCounts = new Map();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
/** The run's own log beside the instances' (wall time, then what happened), for reading a failure against theirs. */
const journal = (line: string) => appendFileSync(`${LOG_DIR}/steps.log`, `${new Date().toISOString()} ${line}\n`);

function notificationFate(): NotificationFate {
  const roll = notificationRandom.next();
  if (roll < 0.05) {
    count(faults, 'notification lost');
    return { kind: 'lose' };
  }
  if (roll < 0.15) {
    count(faults, 'notification duplicated');
    return { kind: 'duplicate' };
  }
  if (roll < 0.25) {
    count(faults, 'notification delayed / out of order');
    return { kind: 'delay', ms: notificationRandom.int(50, 1_500) };
  }
  return { kind: 'deliver' };
}

const cleanups: (() => Promise<unknown>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch((error) => console.error('cleanup:', error));
});

describe(`chaos (seed ${SEED}${SHORT ? ', short' : ''})`, () => {
  it('keeps every promise through faults, races and kill -9 on two providers and several instances', async () => {
    rmSync(LOG_DIR, { recursive: true, force: true });
    mkdirSync(LOG_DIR, { recursive: true });
    const database = await openTestDatabase();
    cleanups.push(() => database.close());
    const { db } = database;
    const schema = (await sql<{ schema: string }>`select current_schema() as schema`.execute(db)).rows[0]!.schema;
    const clock = testClock(RUN_START);
    const standalone = await startStandaloneSandbox({ port: 0, clock });
    cleanups.push(() => standalone.close());
    const sandboxFront = await startSandboxFront(standalone.url);
    cleanups.push(() => sandboxFront.close());
    const side = { url: standalone.url, clock };

    const instances: Instance[] = [];
    for (let i = 0; i < PLAN.instances; i++) {
      const front = await startInstanceFront(notificationFate);
      cleanups.push(() => front.close());
      const instance = createInstance({
        name: String.fromCharCode(65 + i),
        databaseUrl: DATABASE_URL,
        schema,
        front,
        sandboxUrl: sandboxFront.url,
        providerTimeoutMs: PROVIDER_TIMEOUT_MS,
        logPath: `${LOG_DIR}/instance-${String.fromCharCode(65 + i)}.log`,
      });
      instances.push(instance);
      cleanups.push(() => instance.stop());
      await instance.start(clock());
    }
    const live = () => instances.filter((instance) => instance.alive());
    const anyFront = () => random.pick(live()).front.url;

    // People: managers on both providers, each with reports; every pair a weekly 1:1.
    const drivers: Record<Target['provider'], ProviderDriver> = { google: googleDriver, microsoft: microsoftDriver };
    const managers: Target[] = [];
    for (const provider of ['google', 'microsoft'] as const) {
      for (let m = 1; m <= PLAN.managersPerProvider; m++) {
        managers.push({ provider, email: `manager-${provider[0]}${m}@chaos.example` });
      }
    }
    const series: ChaosSeries[] = [];
    const createSeries = async (manager: Target) => {
      for (let r = 1; r <= PLAN.reportsPerManager; r++) {
        const k = series.length;
        const driver = drivers[manager.provider];
        const tag = `${manager.email.split('@')[0]}-r${r}`;
        const day = 24 + (k % 4); // Tuesday to Friday of the first week
        const local = DateTime.fromObject(
          { year: 2026, month: 11, day, hour: 9 + (k % 7), minute: (k * 10) % 60 },
          { zone: 'Europe/Berlin' },
        );
        const description = `<p>${ownText(tag, 0)}</p>${driver.joinBlob}`;
        const attendee = `report-${tag}@chaos.example`;
        const seriesId = await driver.createWeekly(side, {
          organizer: manager.email,
          attendees: [attendee],
          firstStart: local.toFormat("yyyy-MM-dd'T'HH:mm:ss"),
          timeZone: 'Europe/Berlin',
          minutes: 30,
          count: PLAN.meetings,
          description,
          title: `1:1 ${tag}`,
        });
        const starts = Array.from({ length: PLAN.meetings }, (_, i) => local.plus({ weeks: i }).toUTC().toJSDate());
        series.push({
          provider: manager.provider,
          organizer: manager.email,
          attendee,
          seriesId,
          tag,
          description,
          starts,
          minutes: 30,
        });
      }
    };
    // A person (re)connecting in their browser: a failed attempt (a reset connection, an instance gone) is 0, and
    // they try again later.
    const connect = async (manager: Pick<Target, 'provider' | 'email'>) => {
      try {
        const { response } = await followRedirects(
          `${anyFront()}/connect/${manager.provider}?login_hint=${encodeURIComponent(manager.email)}`,
        );
        await response.arrayBuffer();
        return response.status;
      } catch {
        return 0; // the browser showed an error page: the person tries again at a later step
      }
    };
    // Half the 1:1s exist before their organizer connects (found by the first full sync), half arrive by push.
    for (const [i, manager] of managers.entries()) {
      if (i % 2 === 0) await createSeries(manager);
      const status = await connect(manager);
      expect(status, `connecting ${manager.email}`).toBeGreaterThan(0);
      expect(status, `connecting ${manager.email}`).toBeLessThan(400);
      if (i % 2 === 1) await createSeries(manager);
    }

    const { steps, commitmentsAt, killAt } = buildTimeline(series, RUN_START, PLAN.kills, random);

    // What the run remembers for the invariants.
    const people = createPeople({
      db,
      sandboxUrl: standalone.url,
      clock,
      runStart: RUN_START,
      random,
      anyInstance: anyFront,
      faults,
    });
    const late: Violation[] = [];
    let visiblyLate = 0;
    let preparedChecked = 0;
    let kills = 0;
    let jobsHeldByKilled = 0;
    let unsettledSteps = 0;
    let reconnects = 0;
    let orphaned = new Set<string>();
    const killed: Instance[] = [];

    const quiesce = async (capMs: number) => {
      const until = Date.now() + capMs;
      let calm = 0;
      while (Date.now() < until) {
        await standalone.sandbox.idle();
        await Promise.all(instances.map((instance) => instance.front.idle()));
        const now = clock();
        const { rows } = await sql<{ id: string; owner: string | null; state: string; run_at: Date }>`
          select id, lease_owner as owner, state, run_at from jobs
          where (state = 'scheduled' and run_at <= ${now}) or (state = 'running' and locked_until > ${now})`.execute(
          db,
        );
        const busy = rows.filter((row) => !(row.state === 'running' && orphaned.has(`${row.id}:${row.owner}`)));
        calm = busy.length === 0 ? calm + 1 : 0;
        if (calm >= 2) return true;
        await sleep(25);
      }
      return false;
    };
    await quiesce(20_000);

    // A meeting starting in (from, to] must be prepared by now (its block written), or be visibly late: its
    // organizer's account needs reconnecting, or a job of its calendar or series is dead with its error shown.
    const checkPrepared = async (from: number, to: number) => {
      for (const s of series) {
        for (const start of s.starts) {
          if (start.getTime() <= from || start.getTime() > to) continue;
          preparedChecked += 1;
          const occurrence = await occurrenceOf(db, s, start);
          if (occurrence?.block_written_at && occurrence.block_written_at.getTime() <= start.getTime()) continue;
          const { rows } = await sql<{ status: string; dead: number }>`
            select a.status, (select count(*)::int from jobs j where j.state = 'dead' and (
              j.key in (select c.id::text from calendars c where c.account_id = a.id)
              or j.key in (select ss.id::text from series_sources ss where ss.provider_series_id = ${s.seriesId}))) as dead
            from accounts a where a.email = ${s.organizer} and a.provider = ${s.provider}`.execute(db);
          const account = rows[0];
          if (account && (account.status !== 'active' || account.dead > 0)) {
            visiblyLate += 1;
            continue;
          }
          late.push({
            invariant: 'not prepared, not visibly late',
            detail: `${s.provider} ${s.organizer} → ${s.attendee}, meeting of ${start.toISOString()}: ${occurrence ? `block written ${occurrence.block_written_at?.toISOString() ?? 'never'}` : 'no occurrence row'}, account ${account?.status ?? 'missing'}`,
          });
        }
      }
    };

    const subscriptionOf = async (manager: Target) =>
      (
        await sql<{ watch_id: string | null }>`
          select c.watch_id from calendars c join accounts a on a.id = c.account_id
          where a.email = ${manager.email} and a.provider = 'microsoft'`.execute(db)
      ).rows[0]?.watch_id ?? undefined;

    const started = Date.now();
    let previous = clock().getTime();
    for (const [index, at] of steps.entries()) {
      // Killed instances come back one step later, behind the same front.
      for (const instance of killed.splice(0)) await instance.start(clock());
      // People reconnect an account that needs it, sooner or later.
      const { rows: waiting } = await sql<{ provider: 'google' | 'microsoft'; email: string }>`
        select provider, email from accounts where status = 'needs_reconnect'`.execute(db);
      let reconnected = false;
      for (const account of waiting) {
        if (!random.chance(0.5)) continue;
        const status = await connect(account);
        if (status > 0 && status < 400) reconnects += 1;
        journal(`reconnect ${account.email}: ${status}`);
        reconnected = true;
      }
      // Reconnecting revives the account's work at once: let it finish at this time before the clock moves.
      if (reconnected) await quiesce(8_000);
      // Faults on the organizers' next calls.
      if (random.chance(PLAN.faultChance)) {
        for (let n = random.int(1, 2); n > 0; n--) {
          const manager = random.pick(managers);
          const kind: ApiFault = random.pick(API_FAULTS);
          const target =
            manager.provider === 'microsoft' ? { ...manager, subscriptionId: await subscriptionOf(manager) } : manager;
          if (
            await inject(
              kind,
              target,
              { sandboxUrl: standalone.url, sandboxFront, timeoutMs: PROVIDER_TIMEOUT_MS },
              random,
            )
          ) {
            count(faults, `${kind} (${manager.provider})`);
            journal(`fault ${kind} on ${manager.email}`);
          }
        }
      }
      // Paused notifications resume after a while (lost meanwhile: only polling finds those changes).
      if (index % 7 === 0) {
        for (const manager of managers) {
          await fetch(
            `${standalone.url}/sandbox/control/${manager.provider}/pause-notifications?email=${encodeURIComponent(manager.email)}&paused=false`,
            { method: 'POST' },
          );
        }
      }
      await checkPrepared(previous, at);

      // The providers' clock first, then the instances': nothing runs in between (the last step settled, and the
      // person's edit starts after), so no instance holds a token the provider sees with another "now".
      journal(`step ${index}: clock → ${new Date(at).toISOString()}`);
      clock.set(new Date(at));
      await Promise.all(instances.map((instance) => instance.setClock(new Date(at))));
      journal('clocks moved');
      // A person edits an invite while the instances work.
      const editing = random.chance(0.3) ? people.editNextInvite(random.pick(series)) : Promise.resolve();
      if (killAt.has(at) && live().length > 1) {
        // Mid-tick: the victim is an instance running jobs (waiting up to 2 s for one), else any.
        let busy = live().filter((instance) => instance.busy() > 0);
        for (const until = Date.now() + 2_000; busy.length === 0 && Date.now() < until; await sleep(5)) {
          busy = live().filter((instance) => instance.busy() > 0);
        }
        const victim = random.pick(busy.length > 0 ? busy : live());
        await victim.kill();
        kills += 1;
        journal(`kill -9 instance ${victim.name} (running ${busy.length > 0 ? 'jobs' : 'nothing'})`);
        const { rows } = await sql<{ id: string; owner: string }>`
          select id, lease_owner as owner from jobs where state = 'running'`.execute(db);
        orphaned = new Set(rows.map((row) => `${row.id}:${row.owner}`));
        killed.push(victim);
        // What the killed instance held: leases still unreleased a second later (the live ones finish theirs).
        await sleep(1_000);
        const { rows: still } = await sql<{ id: string; owner: string }>`
          select id, lease_owner as owner from jobs where state = 'running'`.execute(db);
        jobsHeldByKilled += still.filter((row) => orphaned.has(`${row.id}:${row.owner}`)).length;
      }
      await editing;
      if (!(await quiesce(8_000))) unsettledSteps += 1;
      journal('settled');
      for (const due of commitmentsAt.get(at) ?? []) await people.recordCommitment(due.series, due.start);
      previous = at;
    }

    // Drain: no more faults, every instance up, every account reconnected; then a few hours for retries.
    sandboxFront.clear();
    for (const manager of managers) await clearFaults(manager, { sandboxUrl: standalone.url });
    for (const instance of killed.splice(0)) await instance.start(clock());
    for (let hour = 1; hour <= 8; hour++) {
      const { rows: waiting } = await sql<{ provider: 'google' | 'microsoft'; email: string }>`
        select provider, email from accounts where status = 'needs_reconnect'`.execute(db);
      for (const account of waiting) {
        const status = await connect(account);
        if (status > 0 && status < 400) reconnects += 1;
      }
      await quiesce(8_000);
      const next = new Date(clock().getTime() + HOUR);
      clock.set(next);
      await Promise.all(instances.map((instance) => instance.setClock(next)));
      await quiesce(8_000);
    }
    const runMs = Date.now() - started;
    // Why accounts were paused, from the instances' own log lines ("account.state" to needs_reconnect, once per
    // episode): a dead grant the run injected, or something else (a refresh token another refresh had spent).
    const pausedBy: Record<string, number> = {};
    for (const file of readdirSync(LOG_DIR)) {
      for (const line of readFileSync(`${LOG_DIR}/${file}`, 'utf8').split('\n')) {
        if (!line.includes('"account.state"') || !line.includes('"to":"needs_reconnect"')) continue;
        const cause = /AADSTS\d+/.exec(line)?.[0] ?? /token refresh failed \(\d+ [a-z_]+\)/.exec(line)?.[0] ?? 'other';
        pausedBy[cause] = (pausedBy[cause] ?? 0) + 1;
      }
    }

    const end = await checkAtEnd({
      db,
      sandboxUrl: standalone.url,
      now: clock(),
      runStart: RUN_START,
      series,
      commitments: people.commitments,
      ownText: people.ownText,
      blocksWrittenByPerson: people.blocksWrittenByPerson,
    });
    const notPrepared = late;
    const { rows: dead } = await sql<{ n: number }>`select count(*)::int as n from jobs where state = 'dead'`.execute(
      db,
    );
    const figures = {
      seed: SEED,
      short: SHORT,
      date: new Date().toISOString(),
      wallSeconds: Math.round(runMs / 1000),
      instances: PLAN.instances,
      managers: managers.length,
      series: series.length,
      lifecycles: end.lifecycles,
      steps: steps.length,
      unsettledSteps,
      kills,
      jobsHeldByKilledInstances: jobsHeldByKilled,
      reconnects,
      accountsPausedBy: pausedBy,
      faults: Object.fromEntries([...faults.entries()].sort()),
      faultsInjected: [...faults.values()].reduce((a, b) => a + b, 0),
      prompts: end.prompts,
      deadJobs: dead[0]?.n ?? 0,
      commitmentsRecorded: people.commitments.filter((c) => c.status === 201).length,
      commitmentsNotRecordable: people.commitments
        .filter((c) => c.status !== 201)
        .map((c) => `${c.text}: ${c.status} ${c.note}`),
      commitmentsCarriedChecked: end.commitmentsCarriedChecked,
      commitmentsRevertedByPerson: end.commitmentsRevertedByPerson,
      invitesChecked: end.invitesChecked,
      meetingsCheckedForPreparation: preparedChecked,
      visiblyLate,
      invariants: {
        duplicatePrompts: end.violations.filter((v) => v.invariant === 'duplicate prompt').length,
        promptsLostSilently: end.violations.filter((v) => v.invariant === 'prompt lost silently').length,
        lostCommitments: end.violations.filter((v) => v.invariant === 'lost commitment').length,
        bytesChangedOutsideBlock: end.violations.filter((v) => v.invariant === 'bytes changed outside block').length,
        notPreparedNotVisiblyLate: notPrepared.length,
      },
      violations: [...end.violations, ...notPrepared],
    };
    const path = `/tmp/carryover-chaos-${SEED}.json`;
    writeFileSync(path, `${JSON.stringify(figures, null, 2)}\n`);
    console.log(
      `chaos seed ${SEED}${SHORT ? ' (short)' : ''}: ${figures.lifecycles} lifecycles, ${figures.series} series, ` +
        `${figures.instances} instances, ${kills} kills, ${figures.faultsInjected} faults ` +
        `${JSON.stringify(figures.faults)}; invariants ${JSON.stringify(figures.invariants)}; ` +
        `prompts ${JSON.stringify(figures.prompts)}; ${Math.round(runMs / 1000)} s; figures in ${path}`,
    );
    const broken = figures.violations.map((v) => `${v.invariant}: ${v.detail}`);
    expect(broken, `CHAOS_SEED=${SEED}${SHORT ? ' CHAOS_SHORT=1' : ''}: see ${path} and ${LOG_DIR}`).toEqual([]);
    expect(figures.lifecycles).toBeGreaterThan(0);
    expect(figures.commitmentsRecorded).toBeGreaterThan(0);
  });
});
