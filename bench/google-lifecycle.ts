/**
 * The Google lifecycle against the sandbox, over real HTTP with the real clients:
 * A. provider API calls per occurrence lifecycle (from /sandbox/stats), with a driven clock;
 * B. time from creating a recurring 1:1 to its agenda block in the invite, with push and a 1-second tick loop
 *    (TICK_INTERVAL_SECONDS=1), on the wall clock.
 * In-memory PGlite; bounded: a handful of series, loopback only.
 */
import type { AddressInfo } from 'node:net';
import { calendar } from '@googleapis/calendar';
import { serve } from '@hono/node-server';
import { composeService, type Service } from '../src/compose.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { openPglite } from '../src/db/pglite.ts';
import { runTick } from '../src/lifecycle/tick.ts';
import { deriveKeys } from '../src/security/keys.ts';

type Clock = (() => Date) & { set(at: string): void };

const SAMPLES = 15;

async function start(clock: () => Date) {
  const database = await openPglite();
  await migrateToLatest(database.db);
  const keys = await deriveKeys('bench-secret-key-that-is-long-enough-0123456789');
  let service: Service | undefined;
  const server = await new Promise<{ url: string; close(): void }>((resolve) => {
    const s = serve({ fetch: (r) => service!.app.fetch(r), port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => s.close() }),
    );
  });
  service = composeService({
    config: { baseUrl: server.url, sandbox: true, promptDelayMinutes: 0 },
    db: database.db,
    databaseKind: database.kind,
    keys,
    clock,
  });
  const tick = () => runTick({ db: database.db, clock, handlers: service!.handlers });
  const settle = async () => {
    for (let i = 0; i < 50; i++) {
      await service!.sandbox?.idle();
      const r = await tick();
      if (r.ran + r.failed === 0) return;
    }
  };
  const cal = calendar({ version: 'v3' });
  const as = (email: string) => ({
    rootUrl: `${server.url}/sandbox/google/`,
    retry: false,
    headers: { Authorization: `Bearer sandbox:${email}` },
  });
  const connect = async (email: string) => {
    // The sandbox's consent is automatic with a login hint; carry the OAuth cookie by hand.
    let url = `${server.url}/connect/google?login_hint=${email}`;
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
      { method: string; path: string; status: number; count: number }[]
    >;
  const resetStats = () => fetch(`${server.url}/sandbox/stats`, { method: 'DELETE' });
  const event = (first: string, n: number) => ({
    summary: `Maya / Sam 1:1 #${n}`,
    description: 'Join: https://meet.example/abc',
    start: { dateTime: `${first}T11:00:00+01:00`, timeZone: 'Europe/Berlin' },
    end: { dateTime: `${first}T11:30:00+01:00`, timeZone: 'Europe/Berlin' },
    recurrence: ['RRULE:FREQ=WEEKLY;COUNT=10'],
    attendees: [{ email: 'maya@example.com', organizer: true }, { email: 'sam@example.com' }],
  });
  const close = async () => {
    await service!.sandbox?.idle();
    server.close();
    await database.close();
  };
  return { cal, as, connect, settle, tick, stats, resetStats, event, close, service: service! };
}

function summarize(snapshot: Record<string, { method: string; path: string; count: number }[]>) {
  const rows = new Map<string, number>();
  for (const calls of Object.values(snapshot)) {
    for (const call of calls)
      rows.set(
        `${call.method} ${call.path.replace('/sandbox/google/', '')}`,
        (rows.get(`${call.method} ${call.path.replace('/sandbox/google/', '')}`) ?? 0) + call.count,
      );
  }
  const total = [...rows.values()].reduce((a, b) => a + b, 0);
  return { total, rows: [...rows.entries()].sort((a, b) => b[1] - a[1]) };
}

// A. Calls per lifecycle, driven clock.
{
  let now = new Date('2026-11-24T09:00:00Z');
  const clock = Object.assign(() => new Date(now), { set: (at: string) => (now = new Date(at)) }) as Clock;
  const b = await start(clock);
  await b.connect('maya@example.com');
  await b.settle();
  await b.resetStats();
  await b.cal.events.insert({ calendarId: 'primary', requestBody: b.event('2026-11-24', 1) }, b.as('maya@example.com'));
  await b.resetStats(); // the person's own insert is not Carryover's
  await b.settle();
  const prepare = summarize(await b.stats());
  await b.resetStats();
  clock.set('2026-11-24T10:31:00Z');
  await b.settle();
  const prompt = summarize(await b.stats());
  console.log('A. Google API calls per occurrence lifecycle (sandbox /sandbox/stats)\n');
  console.log(`New 1:1 seen via push → agenda in the next invite: ${prepare.total} calls`);
  for (const [k, v] of prepare.rows) console.log(`  ${v} × ${k}`);
  console.log(`Meeting ended → 2 prompts sent → following invite prepared: ${prompt.total} calls`);
  for (const [k, v] of prompt.rows) console.log(`  ${v} × ${k}`);
  await b.close();
}

// B. Creation → agenda in the invite, push + 1 s tick loop, wall clock.
{
  const b = await start(() => new Date());
  await b.connect('maya@example.com');
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
    const created = await b.cal.events.insert(
      { calendarId: 'primary', requestBody: b.event(tomorrow, n) },
      b.as('maya@example.com'),
    );
    for (;;) {
      const { data } = await b.cal.events.instances(
        { calendarId: 'primary', eventId: created.data.id!, maxResults: 1, timeMin: new Date().toISOString() },
        b.as('maya@example.com'),
      );
      if (data.items?.[0]?.description?.includes('Carryover 1:1 agenda')) break;
      if (performance.now() - t0 > 30_000) throw new Error('no agenda within 30 s');
      await new Promise((r) => setTimeout(r, 20));
    }
    times.push(performance.now() - t0);
  }
  running = false;
  await loop;
  times.sort((a, b) => a - b);
  console.log(`\nB. Event created → agenda block in the invite (push, TICK_INTERVAL_SECONDS=1), ${SAMPLES} series`);
  console.log(
    `  median ${times[Math.floor(SAMPLES / 2)]!.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms, max ${times[SAMPLES - 1]!.toFixed(0)} ms`,
  );
  await b.close();
}
