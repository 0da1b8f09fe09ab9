/**
 * Benchmarks of the agenda service over real HTTP: page and JSON latency for a 1:1 with two years of history, and
 * commitment writes. Runs on in-memory PGlite, or on PostgreSQL when BENCH_DATABASE_URL is set (a scratch schema is
 * created and dropped). Prints a Markdown table for BENCHMARKS.md. Bounded: a fixed number of requests to loopback.
 */
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { sql } from 'kysely';
import { addCommitment, changeCommitment } from '../src/agenda/commitment-commands.ts';
import { openLink } from '../src/agenda/links.ts';
import { createSeries } from '../src/agenda/series-setup.ts';
import { addTopic } from '../src/agenda/topic-commands.ts';
import type { DatabaseHandle } from '../src/db/database.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { openPglite } from '../src/db/pglite.ts';
import { openPostgres } from '../src/db/postgres.ts';
import { createApp } from '../src/http/app.tsx';
import { deriveKeys } from '../src/security/keys.ts';

const WEEK = 7 * 24 * 3600_000;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const CONCURRENCY = 8;
const NOW = new Date('2026-11-24T09:00:00Z');

async function openBenchDatabase(kind: 'pglite' | 'postgres'): Promise<DatabaseHandle> {
  if (kind === 'pglite') return openPglite();
  const url = process.env.BENCH_DATABASE_URL!;
  const schema = `bench_${Date.now()}`;
  const admin = openPostgres({ connectionString: url, max: 1 });
  await sql`create schema ${sql.id(schema)}`.execute(admin.db);
  await admin.close();
  const handle = openPostgres({ connectionString: url, schema });
  return {
    ...handle,
    close: async () => {
      await sql`drop schema ${sql.id(schema)} cascade`.execute(handle.db);
      await handle.close();
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function measure(label: string, run: (i: number) => Promise<Response>) {
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < REQUESTS) {
        const i = next++;
        const t0 = performance.now();
        const response = await run(i);
        await response.arrayBuffer();
        if (!response.ok) throw new Error(`${label}: HTTP ${response.status}`);
        times.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  return { label, p50: percentile(times, 50), p95: percentile(times, 95), rps: REQUESTS / seconds };
}

async function bench(kind: 'pglite' | 'postgres') {
  const t0 = performance.now();
  const database = await openBenchDatabase(kind);
  await migrateToLatest(database.db);
  const setupMs = performance.now() - t0;
  const keys = await deriveKeys('bench-secret-key-that-is-long-enough-0123456789');
  const first = new Date(NOW.getTime() - 104 * WEEK + 3600_000);
  const created = await createSeries(database.db, keys, {
    title: 'Bench 1:1',
    organizer: { email: 'maya@example.com', name: 'Maya' },
    attendee: { email: 'sam@example.com', name: 'Sam' },
    timeZone: 'Europe/Berlin',
    occurrences: Array.from({ length: 110 }, (_, i) => ({
      startsAt: new Date(first.getTime() + i * WEEK),
      endsAt: new Date(first.getTime() + i * WEEK + 1800_000),
    })),
  });
  if (!created.ok) throw new Error('seed failed');
  const opened = (await openLink(database.db, created.value.links.organizer))!;
  // Two years of weekly history: 3 talking points and 2 commitments a meeting, half of them done.
  for (const occurrence of created.value.occurrences.slice(0, 104)) {
    const ctx = { db: database.db, keys, opened, now: new Date(occurrence.ends_at.getTime() + 60_000) };
    for (let t = 0; t < 3; t++) await addTopic(ctx, { text: `Topic ${t}`, occurrenceId: occurrence.id });
    for (let c = 0; c < 2; c++) {
      const made = await addCommitment(ctx, {
        text: `Commitment ${c}`,
        owner: 'sam@example.com',
        occurrenceId: occurrence.id,
      });
      if (made.ok && c === 0) await changeCommitment(ctx, made.value.id, { status: 'done' });
    }
  }
  const app = createApp({
    db: database.db,
    databaseKind: database.kind,
    keys,
    clock: () => NOW,
    baseUrl: 'http://127.0.0.1',
    sandbox: true,
  });
  const { url, close } = await new Promise<{ url: string; close: () => void }>((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => server.close() }),
    );
  });
  const token = created.value.links.organizer;
  const results = [
    await measure('GET agenda page (HTML, 104 meetings of history)', () => fetch(`${url}/a/${token}`)),
    await measure('GET agenda (JSON)', () => fetch(`${url}/a/${token}`, { headers: { accept: 'application/json' } })),
    await measure('POST commitment (JSON)', (i) =>
      fetch(`${url}/a/${token}/commitments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ text: `Bench ${i}`, owner: 'maya@example.com', due: '2026-12-24' }),
      }),
    ),
    await measure('GET /healthz', () => fetch(`${url}/healthz`)),
  ];
  close();
  const rssMb = process.memoryUsage().rss / 1024 / 1024;
  await database.close();
  return { kind, setupMs, rssMb, results };
}

// One database per process keeps the RSS figure honest (PGlite's WebAssembly heap would count against Postgres).
const kinds: ('pglite' | 'postgres')[] = process.env.BENCH_DATABASE_URL ? ['postgres'] : ['pglite'];
console.log(`Node ${process.version}, ${REQUESTS} requests per row, ${CONCURRENCY} concurrent, loopback HTTP\n`);
console.log('| database | request | p50 ms | p95 ms | req/s |');
console.log('| --- | --- | ---: | ---: | ---: |');
const summaries: string[] = [];
for (const kind of kinds) {
  const { setupMs, rssMb, results } = await bench(kind);
  for (const r of results) {
    console.log(`| ${kind} | ${r.label} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.rps.toFixed(0)} |`);
  }
  summaries.push(`${kind}: open + migrate ${setupMs.toFixed(0)} ms, process RSS after the run ${rssMb.toFixed(0)} MB`);
}
console.log(`\n${summaries.join('\n')}`);
