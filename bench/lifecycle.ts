/**
 * The lifecycle against each provider's sandbox (Google, then Outlook), over real HTTP with the real clients:
 * A. provider API calls per occurrence lifecycle (from /sandbox/stats), with a driven clock;
 * B. time from creating a recurring 1:1 to its agenda block in the invite, with push and a 1-second tick loop
 *    (TICK_INTERVAL_SECONDS=1), on the wall clock;
 * C. one meeting cycle of the next invite, as people use it (commitments recorded after the prompt, one closed
 *    mid-week): writes to that invite, update emails the other person receives from the calendar, and provider
 *    calls — with the write budget, and with every change written at once (the behaviour before the budget).
 * In-memory PGlite; bounded: a handful of series per provider, loopback only.
 */

import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { composeService, type Service, sandboxAt } from '../src/compose.ts';
import type { WriteBudget } from '../src/core/write-budget.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { openPglite } from '../src/db/pglite.ts';
import { JOB_MAX_ATTEMPTS } from '../src/lifecycle/handlers.ts';
import { runTick } from '../src/lifecycle/tick.ts';
import { createSandbox } from '../src/sandbox/sandbox.ts';
import { deriveKeys } from '../src/security/keys.ts';
import { googleDriver, microsoftDriver, type ProviderDriver } from '../test/contract/drivers.ts';
import type { ServiceHarness } from '../test/support/service.ts';

const SAMPLES = 15;
const MAYA = 'maya@example.com';

async function start(clock: () => Date, writeBudget?: WriteBudget) {
  const database = await openPglite();
  await migrateToLatest(database.db);
  const keys = await deriveKeys('bench-secret-key-that-is-long-enough-0123456789');
  let service: Service | undefined;
  const server = await new Promise<{ url: string; close(): void }>((resolve) => {
    const s = serve({ fetch: (r) => service!.app.fetch(r), port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => s.close() }),
    );
  });
  const sandbox = createSandbox({ clock });
  service = composeService({
    // Reminders off: the figures stay comparable with earlier runs of the core loop. A reminder adds exactly one send
    // per person and meeting (test/contract/reminders.test.ts), from the same mailbox as the recap.
    config: { baseUrl: server.url, sandbox: true, promptDelayMinutes: 0, reminderHours: 0 },
    db: database.db,
    databaseKind: database.kind,
    keys,
    clock,
    sandbox: sandboxAt(server.url, sandbox.app),
    writeBudget,
  });
  const tick = () => runTick({ db: database.db, clock, handlers: service!.handlers, maxAttempts: JOB_MAX_ATTEMPTS });
  const settle = async () => {
    for (let i = 0; i < 50; i++) {
      await sandbox.idle();
      const r = await tick();
      if (r.ran + r.failed === 0) return;
    }
  };
  const connect = async (provider: string, email: string) => {
    // The sandbox's consent is automatic with a login hint; carry the OAuth cookie by hand.
    let url = `${server.url}/connect/${provider}?login_hint=${email}`;
    let cookie = '';
    for (let hop = 0; hop < 6; hop++) {
      const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
      const set = response.headers.getSetCookie().map((c) => c.split(';')[0]);
      if (set.length > 0) cookie = set.join('; ');
      const location = response.headers.get('location');
      if (!location) return;
      url = new URL(location, url).href;
    }
  };
  const stats = async () =>
    (await (await fetch(`${server.url}/sandbox/stats`)).json()) as Record<
      string,
      { method: string; path: string; count: number }[]
    >;
  const resetStats = () => fetch(`${server.url}/sandbox/stats`, { method: 'DELETE' });
  // The drivers only need the URL and the clock of a harness.
  const harness = { url: server.url, clock } as unknown as ServiceHarness;
  const close = async () => {
    await sandbox.idle();
    server.close();
    await database.close();
  };
  const mail = async (to: string, kind: 'mail' | 'meeting' = 'mail') =>
    (await (await fetch(`${server.url}/sandbox/mail?to=${encodeURIComponent(to)}&kind=${kind}`)).json()) as {
      subject: string;
      text: string | null;
      html: string | null;
    }[];
  return { harness, connect, settle, tick, stats, resetStats, mail, close };
}

function summarize(snapshot: Record<string, { method: string; path: string; count: number }[]>) {
  const rows = new Map<string, number>();
  for (const calls of Object.values(snapshot)) {
    for (const call of calls) {
      const key = `${call.method} ${call.path.replace(/^\/sandbox\/(google|graph)\//, '')}`;
      rows.set(key, (rows.get(key) ?? 0) + call.count);
    }
  }
  const total = [...rows.values()].reduce((a, b) => a + b, 0);
  return { total, rows: [...rows.entries()].sort((a, b) => b[1] - a[1]) };
}

const meeting = (firstStart: string) => ({
  organizer: MAYA,
  attendees: ['sam@example.com'],
  firstStart,
  timeZone: 'Europe/Berlin',
  minutes: 30,
  count: 10,
  description: '<p>Join: https://meet.example/abc</p>',
});

async function callsPerLifecycle(driver: ProviderDriver) {
  let now = new Date('2026-11-24T09:00:00Z');
  const b = await start(() => new Date(now));
  await b.connect(driver.name, MAYA);
  await b.settle();
  await driver.createWeekly(b.harness, meeting('2026-11-24T11:00:00'));
  await b.resetStats(); // the person's own insert is not Carryover's
  await b.settle();
  const prepare = summarize(await b.stats());
  await b.resetStats();
  now = new Date('2026-11-24T10:31:00Z');
  await b.settle();
  const prompt = summarize(await b.stats());
  await b.close();
  return { prepare, prompt };
}

async function timeToAgenda(driver: ProviderDriver) {
  const b = await start(() => new Date());
  await b.connect(driver.name, MAYA);
  let running = true;
  const loop = (async () => {
    while (running) {
      await b.tick().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 1000));
    }
  })();
  await new Promise((r) => setTimeout(r, 1500));
  const times: number[] = [];
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  for (let n = 0; n < SAMPLES; n++) {
    // Start at a random point of the tick cycle, so the figure is not an artefact of alignment.
    await new Promise((r) => setTimeout(r, Math.random() * 1000));
    const t0 = performance.now();
    const id = await driver.createWeekly(b.harness, meeting(`${tomorrow}T11:00:00`));
    for (;;) {
      const [next] = await driver.upcoming(b.harness, MAYA, id);
      if (next?.description.includes('Carryover 1:1 agenda')) break;
      if (performance.now() - t0 > 30_000) throw new Error('no agenda within 30 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    times.push(performance.now() - t0);
  }
  running = false;
  await loop;
  await b.close();
  times.sort((a, c) => a - c);
  return { median: times[Math.floor(SAMPLES / 2)]!, min: times[0]!, max: times[SAMPLES - 1]! };
}

/** Every change written at once: what Carryover did before the write budget. */
const UNBUDGETED: WriteBudget = { writesPerMeeting: Number.POSITIVE_INFINITY, refreshLeadMs: 365 * 24 * 3600_000 };

async function writesPerCycle(driver: ProviderDriver, budget?: WriteBudget) {
  let now = new Date('2026-11-24T09:00:00Z');
  const b = await start(() => new Date(now), budget);
  const at = async (iso: string) => {
    now = new Date(iso);
    await b.settle();
  };
  await b.connect(driver.name, MAYA);
  await b.settle();
  await driver.createWeekly(b.harness, meeting('2026-11-24T11:00:00'));
  await b.settle();
  // The cycle of 1 December's invite: from the end of the meeting before (prompts included) to its start.
  // The calendar's own messages to the other person (Outlook's "Updated:", Google's "Updated invitation:").
  const updatesBefore = (await b.mail('sam@example.com', 'meeting')).length;
  await b.resetStats();
  await at('2026-11-24T10:31:00Z'); // the meeting ends: prompts; 1 December's invite becomes the next
  const prompt = (await b.mail('sam@example.com')).find((m) => m.subject.startsWith('Your 1:1'))!;
  const link = /https?:\/\/[^\s"<]+\/a\/[A-Za-z0-9_-]{43}/.exec(prompt.text ?? prompt.html ?? '')![0];
  const post = (path: string, body: unknown, method = 'POST') =>
    fetch(`${link}${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  now = new Date('2026-11-24T10:40:00Z');
  const first = (await (await post('/commitments', { text: 'Draft the plan', owner: 'sam@example.com' })).json()) as {
    id: string;
  };
  await post('/commitments', { text: 'Book the offsite', owner: MAYA });
  await b.settle();
  now = new Date('2026-11-26T15:00:00Z');
  await post(`/commitments/${first.id}`, { status: 'done' }, 'PATCH');
  await b.settle();
  for (const day of ['2026-11-27T09:00:00Z', '2026-11-29T09:00:00Z', '2026-11-30T10:00:00Z', '2026-12-01T09:59:00Z']) {
    await at(day);
  }
  const calls = summarize(await b.stats());
  const writes = calls.rows
    .filter(([k]) => k.startsWith('PATCH') && k.includes('events'))
    .reduce((n, [, v]) => n + v, 0);
  const updates = (await b.mail('sam@example.com', 'meeting')).length - updatesBefore;
  await b.close();
  return { writes, updates, calls: calls.total };
}

for (const driver of [googleDriver, microsoftDriver]) {
  const budgeted = await writesPerCycle(driver);
  const unbudgeted = await writesPerCycle(driver, UNBUDGETED);
  console.log(
    `\n${driver.name}: one meeting cycle of the next invite, from the meeting before ending to it starting (two commitments recorded, one closed)`,
  );
  console.log(
    `  with the write budget: ${budgeted.writes} writes, ${budgeted.updates} update emails to the other person, ${budgeted.calls} calls`,
  );
  console.log(
    `  every change at once:  ${unbudgeted.writes} writes, ${unbudgeted.updates} update emails to the other person, ${unbudgeted.calls} calls`,
  );
}

for (const driver of [googleDriver, microsoftDriver]) {
  const { prepare, prompt } = await callsPerLifecycle(driver);
  console.log(`\n${driver.name}: API calls per occurrence lifecycle (/sandbox/stats)`);
  console.log(`  new 1:1 seen → agenda in its next invite: ${prepare.total}`);
  for (const [k, v] of prepare.rows) console.log(`    ${v} × ${k}`);
  console.log(`  meeting ended → 2 prompts → following invite prepared: ${prompt.total}`);
  for (const [k, v] of prompt.rows) console.log(`    ${v} × ${k}`);
  const t = await timeToAgenda(driver);
  console.log(
    `  created → agenda in the invite (push, 1 s tick, ${SAMPLES} series): median ${t.median.toFixed(0)} ms, min ${t.min.toFixed(0)} ms, max ${t.max.toFixed(0)} ms`,
  );
}
