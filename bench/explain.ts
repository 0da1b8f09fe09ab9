/**
 * EXPLAIN of every query the tick and the webhooks run per job or notification, for BENCHMARKS.md "Tick and webhook
 * queries". On the local PostgreSQL it creates a database of its own (carryover_explain, dropped at the end unless
 * `--keep`), applies the migrations up to 0010, generates a realistic volume in SQL — 10,000 accounts and calendars,
 * 20,000 series with a source and 20 meetings each (400,000 occurrences), one more series with 2,600 (a daily 1:1
 * kept for ten years), 20,000 jobs — and ANALYZEs it. Then, before and after 0011_tick_indexes: the product's own
 * query functions are run once through a Kysely that records what they send, and each statement recorded is run
 * again as EXPLAIN (ANALYZE, BUFFERS) in a transaction that is rolled back.
 * Every Seq Scan on a big table is flagged. Progress goes to stderr, the report to stdout.
 *
 *   npm run bench:explain                   # postgres://postgres@127.0.0.1:5432 (EXPLAIN_DATABASE_URL to change)
 *   npm run bench:explain -- --plans        # also print every plan in full
 *   npm run bench:explain -- --keep         # leave carryover_explain for further scripts
 *
 * The generation SQL lives here, not in src/db/: it is not product code.
 */
import { parseArgs } from 'node:util';
import { type CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { migrations } from '../migrations/index.ts';
import { findCalendarsByWatches, findCalendarWithAccount, noteNotifications, notePush } from '../src/db/calendars.ts';
import type { Db } from '../src/db/database.ts';
import { PREPARE_SOURCE } from '../src/db/job-kinds.ts';
import { claimDueJobs, completeJob, extendLease, type HeldJob, retryJob, scheduleJob } from '../src/db/jobs.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import { isOwnWrite, providerSeriesOfInstance } from '../src/db/occurrences.ts';
import type { Database } from '../src/db/schema.ts';
import { findSource } from '../src/db/series-sources.ts';

const { values: args } = parseArgs({
  options: { plans: { type: 'boolean', default: false }, keep: { type: 'boolean', default: false } },
});
const SERVER_URL = process.env.EXPLAIN_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432';
const DATABASE = 'carryover_explain';
const ACCOUNTS = 10_000;
const SERIES = 20_000;
const WEEKS = 20;
/** One more series with a long history: a daily 1:1 kept for ten years (2,600 working days), the 20,001st. */
const LONG = SERIES + 1;
const LONG_MEETINGS = 2600;
/** EXPLAIN ANALYZE runs per statement (the median is reported), and timed calls per function. */
const EXPLAIN_RUNS = 5;
const TIMED_CALLS = 300;
/** Tables large enough that a Seq Scan of one in a per-job query is a cost that grows with the installation. */
const BIG_TABLES = ['accounts', 'calendars', 'series', 'series_sources', 'occurrences', 'jobs'];

const progress = (line: string) => process.stderr.write(`${line}\n`);
const url = (database: string) => `${SERVER_URL.replace(/\/$/, '')}/${database}`;

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url('postgres') });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

/** A Kysely on the bench database that records the statements it sends while `recording` is on. */
function open() {
  const recorded: CompiledQuery[] = [];
  let recording = false;
  const pool = new pg.Pool({ connectionString: url(DATABASE), max: 4 });
  const db: Db = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (recording && event.level === 'query') recorded.push(event.query);
    },
  });
  /** The statements `work` sends (it runs for real). */
  const record = async (work: () => Promise<unknown>): Promise<CompiledQuery[]> => {
    recorded.length = 0;
    recording = true;
    try {
      await work();
    } finally {
      recording = false;
    }
    return recorded.splice(0);
  };
  return { db, pool, record };
}

// --- Generation -------------------------------------------------------------------------------------------------

const account = (i: string) => `md5('account ' || ${i})::uuid`;
const calendar = (i: string) => `md5('calendar ' || ${i})::uuid`;
const series = (i: string) => `md5('series ' || ${i})::uuid`;
const source = (i: string) => `md5('source ' || ${i})::uuid`;

/** Half the accounts on Google (channel with a resource id), half on Microsoft; account i's secret is `secret-i`. */
const SEED = [
  `insert into accounts (id, provider, email, tokens_encrypted, origin)
     select ${account('i')}, case when i % 2 = 0 then 'google' else 'microsoft' end, 'person' || i || '@example.com',
       'sealed', 'provider'
     from generate_series(1, ${ACCOUNTS}) i`,
  `insert into calendars (id, account_id, provider_calendar_id, sync_cursor, watch_id, watch_resource_id,
       watch_secret_hash, watch_expires_at, last_synced_at)
     select ${calendar('i')}, ${account('i')}, 'primary', 'cursor-' || i, 'channel-' || i,
       case when i % 2 = 0 then 'resource-' || i end, encode(sha256(convert_to('secret-' || i, 'UTF8')), 'hex'),
       now() + interval '6 days', now() - interval '10 minutes'
     from generate_series(1, ${ACCOUNTS}) i`,
  // Each account organizes two 1:1s; the other person is another account's owner.
  `insert into series (id, title, organizer_email, attendee_email, time_zone)
     select ${series('i')}, '1:1 #' || i, 'person' || ((i - 1) % ${ACCOUNTS} + 1) || '@example.com',
       'person' || ((i + 4999) % ${ACCOUNTS} + 1) || '@example.com', 'Europe/Berlin'
     from generate_series(1, ${SERIES}) i`,
  `insert into series_sources (id, series_id, account_id, provider, provider_series_id, ical_uid, organizer_email,
       first_start, last_ends_at)
     select ${source('i')}, ${series('i')}, ${account(`((i - 1) % ${ACCOUNTS} + 1)`)},
       case when ((i - 1) % ${ACCOUNTS} + 1) % 2 = 0 then 'google' else 'microsoft' end, 'provider-series-' || i,
       'ical-' || i || '@example.com', 'person' || ((i - 1) % ${ACCOUNTS} + 1) || '@example.com',
       now() - interval '10 weeks', now() + interval '10 weeks'
     from generate_series(1, ${SERIES}) i`,
  // Twenty weekly meetings per series, ten past and ten to come, each with the instance id and etag of our write.
  `insert into occurrences (series_id, original_start, starts_at, ends_at, source_id, provider_instance_id,
       provider_etag, block_hash, block_written_at)
     select ${series('s')}, t, t, t + interval '30 minutes', ${source('s')}, 'provider-series-' || s || '_' || w,
       '"' || md5(s || ' ' || w) || '"', md5('block ' || s || ' ' || w), t - interval '7 days'
     from generate_series(1, ${SERIES}) s, generate_series(1, ${WEEKS}) w,
       lateral (select date_trunc('hour', now()) + (w - 11) * interval '7 days' + (s % 40) * interval '15 minutes' as t) x`,
  `insert into series (id, title, organizer_email, attendee_email, time_zone)
     values (${series(String(LONG))}, 'daily 1:1', 'person1@example.com', 'person5001@example.com', 'Europe/Berlin')`,
  `insert into series_sources (id, series_id, account_id, provider, provider_series_id, organizer_email)
     values (${source(String(LONG))}, ${series(String(LONG))}, ${account('1')}, 'microsoft',
       'provider-series-${LONG}', 'person1@example.com')`,
  `insert into occurrences (series_id, original_start, starts_at, ends_at, source_id, provider_instance_id,
       provider_etag)
     select ${series(String(LONG))}, t, t, t + interval '15 minutes', ${source(String(LONG))},
       'provider-series-${LONG}_' || d, '"' || md5('${LONG} ' || d) || '"'
     from generate_series(1, ${LONG_MEETINGS}) d,
       lateral (select date_trunc('hour', now()) - (${LONG_MEETINGS - 10} - d) * interval '1 day' as t) x`,
  // The queue: a poll per calendar within the next 30 minutes, a preparation for half the sources over the next week
  // (the next meeting's), a few hundred due now, some held by an instance, a few dead.
  `insert into jobs (kind, key, run_at)
     select 'sync-calendar', ${calendar('i')}::text, now() + (i % 1800) * interval '1 second'
     from generate_series(1, ${ACCOUNTS}) i`,
  `insert into jobs (kind, key, run_at, state, locked_until, lease_owner, attempts, dead_at)
     select 'prepare-source', ${source('i')}::text,
       case when i % 50 = 0 then now() - (i % 60) * interval '1 second' else now() + (i % 10080) * interval '1 minute' end,
       case when i % 997 = 0 then 'dead' when i % 400 = 0 then 'running' else 'scheduled' end,
       case when i % 400 = 0 and i % 997 <> 0 then now() + interval '20 seconds' end,
       case when i % 400 = 0 and i % 997 <> 0 then gen_random_uuid() end,
       case when i % 997 = 0 then 30 else 0 end, case when i % 997 = 0 then now() end
     from generate_series(1, ${SERIES / 2}) i`,
];

async function seed(db: Db): Promise<void> {
  for (const statement of SEED) await sql.raw(statement).execute(db);
  await sql`analyze`.execute(db);
  const counts = await sql<{ name: string; n: number }>`
    select 'accounts' as name, count(*)::int as n from accounts union all
    select 'calendars', count(*)::int from calendars union all
    select 'series', count(*)::int from series union all
    select 'series_sources', count(*)::int from series_sources union all
    select 'occurrences', count(*)::int from occurrences union all
    select 'jobs', count(*)::int from jobs`.execute(db);
  progress(`seeded: ${counts.rows.map((row) => `${row.n.toLocaleString('en')} ${row.name}`).join(', ')}`);
}

// --- EXPLAIN ------------------------------------------------------------------------------------------------------

interface Explained {
  readonly label: string;
  readonly sql: string;
  readonly plan: string;
  /** Median EXPLAIN ANALYZE execution time, ms. */
  readonly ms: number;
  readonly seqScans: readonly string[];
}

/** EXPLAIN (ANALYZE, BUFFERS) of one statement, rolled back so writes leave the data as it was. */
async function explain(pool: pg.Pool, label: string, query: CompiledQuery): Promise<Explained> {
  const client = await pool.connect();
  const times: number[] = [];
  let plan = '';
  try {
    for (let run = 0; run < EXPLAIN_RUNS; run++) {
      await client.query('begin');
      try {
        const result = await client.query<{ 'QUERY PLAN': string }>(
          `explain (analyze, buffers) ${query.sql}`,
          query.parameters as unknown[],
        );
        plan = result.rows.map((row) => row['QUERY PLAN']).join('\n');
        times.push(Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? Number.NaN));
      } finally {
        await client.query('rollback');
      }
    }
  } finally {
    client.release();
  }
  const seqScans = [...plan.matchAll(/Seq Scan on (\w+)/g)]
    .map((match) => match[1]!)
    .filter((table) => BIG_TABLES.includes(table));
  return { label, sql: query.sql, plan, ms: median(times), seqScans };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

/** Milliseconds per call of `work`, median over TIMED_CALLS calls with varying arguments. */
async function timed(work: (i: number) => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < TIMED_CALLS; i++) {
    const started = performance.now();
    await work(i);
    times.push(performance.now() - started);
  }
  return median(times);
}

/** Ids the generation made, read back as the product would have them. */
async function ids(db: Db, i: number) {
  const row = await sql<{ account: string; calendar: string; source: string }>`
    select md5('account ' || ${i})::uuid::text as account, md5('calendar ' || ${i})::uuid::text as calendar,
      md5('source ' || ${i})::uuid::text as source`.execute(db);
  return row.rows[0]!;
}

const sha256Hex = async (text: string) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))]
    .map((byte) => byte.toString(16).padStart(2, '0'))
    .join('');

/** The occurrence lookups of a sync, EXPLAINed and timed (the ones 0011 is about). */
async function occurrenceLookups(bench: ReturnType<typeof open>) {
  const { db, pool, record } = bench;
  const explained: Explained[] = [];
  for (const [seriesNo, meeting, what] of [
    [4242, 12, '20 meetings'],
    [LONG, LONG_MEETINGS / 2, `${LONG_MEETINGS.toLocaleString('en')} meetings`],
  ] as const) {
    const { source: sourceId } = await ids(db, seriesNo);
    const { account: accountId } = await ids(db, ((seriesNo - 1) % ACCOUNTS) + 1);
    const instanceId = `provider-series-${seriesNo}_${meeting}`;
    const etagRow = await sql<{ etag: string }>`select '"' || md5(${`${seriesNo} ${meeting}`}) || '"' as etag`.execute(
      db,
    );
    const etag = etagRow.rows[0]!.etag;
    if (!(await isOwnWrite(db, sourceId, instanceId, etag))) throw new Error('isOwnWrite missed the generated write');
    const ownWrite = await record(() => isOwnWrite(db, sourceId, instanceId, etag));
    explained.push(await explain(pool, `isOwnWrite (a source with ${what})`, ownWrite[0]!));
    const seriesOf = await record(() => providerSeriesOfInstance(db, accountId, instanceId));
    explained.push(await explain(pool, `providerSeriesOfInstance (an account with ${what})`, seriesOf[0]!));
  }
  // Timed over many series, so the cache holds what a busy installation's would.
  const calls = await Promise.all(
    Array.from({ length: TIMED_CALLS }, async (_, i) => {
      const s = ((i * 7919) % SERIES) + 1;
      const w = (i % WEEKS) + 1;
      return { account: (await ids(db, ((s - 1) % ACCOUNTS) + 1)).account, source: (await ids(db, s)).source, s, w };
    }),
  );
  const ownWriteMs = await timed((i) => {
    const call = calls[i]!;
    return isOwnWrite(db, call.source, `provider-series-${call.s}_${call.w}`, '"nomatch"');
  });
  const seriesOfMs = await timed((i) => {
    const call = calls[i]!;
    return providerSeriesOfInstance(db, call.account, `provider-series-${call.s}_${call.w}`);
  });
  const long = await ids(db, LONG);
  const longOwnWriteMs = await timed((i) =>
    isOwnWrite(db, long.source, `provider-series-${LONG}_${(i % LONG_MEETINGS) + 1}`, '"nomatch"'),
  );
  return { explained, ownWriteMs, seriesOfMs, longOwnWriteMs };
}

/** Every other statement of a tick's job and of a webhook, EXPLAINed. */
async function tickAndWebhooks(bench: ReturnType<typeof open>): Promise<Explained[]> {
  const { db, pool, record } = bench;
  const now = new Date();
  const results: Explained[] = [];
  const add = async (label: string, queries: readonly CompiledQuery[]) => {
    for (const [i, query] of queries.entries()) {
      results.push(await explain(pool, queries.length > 1 ? `${label} (${i + 1}/${queries.length})` : label, query));
    }
  };

  let held: HeldJob[] = [];
  await add(
    'claimDueJobs',
    (await record(async () => (held = await claimDueJobs(db, now, 10, 20_000)))).filter(
      (query) => !/^(begin|commit)/i.test(query.sql),
    ),
  );
  if (held.length < 3) throw new Error(`claimDueJobs claimed ${held.length} jobs, expected 10`);
  const [first, second, third] = held as [HeldJob, HeldJob, HeldJob];
  await add('extendLease', await record(() => extendLease(db, first, new Date(now.getTime() + 20_000))));
  await add('completeJob (done)', await record(() => completeJob(db, first)));
  await add(
    'completeJob (run again later)',
    await record(() => completeJob(db, second, new Date(now.getTime() + 6e5))),
  );
  await add(
    'retryJob',
    await record(() =>
      retryJob(db, third, { runAt: new Date(now.getTime() + 5_000), error: 'x', maxAttempts: 30, now }),
    ),
  );

  const { account: accountId, calendar: calendarId, source: sourceId } = await ids(db, 1234);
  await add('findCalendarWithAccount', await record(() => findCalendarWithAccount(db, calendarId)));
  await add('findSource', await record(() => findSource(db, 'google', accountId, 'provider-series-1234')));
  await add(
    'scheduleJob (prepare-source)',
    await record(() => scheduleJob(db, { kind: PREPARE_SOURCE, key: sourceId, runAt: now })),
  );

  // Google calendar 2468 (even: Google), Microsoft calendar 1357 (odd).
  const google = 2468;
  const digest = await sha256Hex(`secret-${google}`);
  await add(
    'webhook Google: notePush (one statement)',
    await record(() =>
      notePush(db, {
        watchId: `channel-${google}`,
        tokenDigest: digest,
        resourceId: `resource-${google}`,
        at: now,
        schedule: true,
      }),
    ),
  );
  const microsoft = await ids(db, 1357);
  await add('webhook Graph: findCalendarsByWatches', await record(() => findCalendarsByWatches(db, ['channel-1357'])));
  await add(
    'webhook Graph: noteNotifications (one statement)',
    await record(() =>
      noteNotifications(db, [{ calendarId: microsoft.calendar, itemIds: ['AAMkAG1', 'AAMkAG2'] }], now),
    ),
  );
  return results;
}

/** Milliseconds per Google notification and per Graph POST (one notification), the route's statements. */
async function webhookTimes(db: Db) {
  const digests = await Promise.all(
    Array.from({ length: TIMED_CALLS }, (_, i) => sha256Hex(`secret-${2 * ((i * 37) % (ACCOUNTS / 2)) + 2}`)),
  );
  const calendars = await Promise.all(Array.from({ length: TIMED_CALLS }, (_, i) => ids(db, 2 * i + 1)));
  const now = new Date();
  const google = await timed((i) => {
    const n = 2 * ((i * 37) % (ACCOUNTS / 2)) + 2;
    return notePush(db, {
      watchId: `channel-${n}`,
      tokenDigest: digests[i]!,
      resourceId: `resource-${n}`,
      at: now,
      schedule: true,
    });
  });
  const graph = await timed(async (i) => {
    await findCalendarsByWatches(db, [`channel-${2 * i + 1}`]);
    await noteNotifications(db, [{ calendarId: calendars[i]!.calendar, itemIds: [`AAMkAG${i}`] }], now);
  });
  return { google, graph };
}

function report(title: string, explained: readonly Explained[]): void {
  console.log(`\n### ${title}\n`);
  console.log('| query | EXPLAIN ANALYZE ms (median) | plan | seq scan of a big table |');
  console.log('| --- | ---: | --- | --- |');
  for (const e of explained) {
    const nodes = [...e.plan.matchAll(/(?:->\s+)?((?:Index Only Scan|Index Scan|Bitmap Index Scan|Seq Scan)[^(]*)/g)]
      .map((match) => match[1]!.trim())
      .join('; ');
    const flag = e.seqScans.length > 0 ? `⚠ ${e.seqScans.join(', ')}` : '';
    console.log(`| ${e.label} | ${e.ms.toFixed(3)} | ${nodes} | ${flag} |`);
  }
  if (args.plans) {
    for (const e of explained)
      console.log(`\n#### ${e.label}\n\n\`\`\`sql\n${e.sql}\n\`\`\`\n\n\`\`\`\n${e.plan}\n\`\`\``);
  }
}

async function main(): Promise<void> {
  await admin(`drop database if exists ${DATABASE}`);
  await admin(`create database ${DATABASE}`);
  const bench = open();
  try {
    const { db } = bench;
    const version = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db);
    progress(`PostgreSQL ${version.rows[0]!.v}: migrating to 0010, generating …`);
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => migrations },
      migrationTableSchema: 'public',
    });
    const to0010 = await migrator.migrateTo('0010_beyond_one_meeting');
    if (to0010.error) throw to0010.error;
    let started = performance.now();
    await seed(db);
    progress(`generated and analyzed in ${((performance.now() - started) / 1000).toFixed(1)} s`);

    const before = await occurrenceLookups(bench);
    started = performance.now();
    const to0011 = await migrator.migrateTo('0011_tick_indexes');
    if (to0011.error) throw to0011.error;
    await sql`analyze occurrences`.execute(db);
    progress(`0011_tick_indexes applied in ${Math.round(performance.now() - started)} ms`);
    const after = await occurrenceLookups(bench);

    console.log(`# Tick and webhook queries (PostgreSQL ${version.rows[0]!.v.split(' ')[0]})`);
    report('Before 0011_tick_indexes', before.explained);
    report('After 0011_tick_indexes', after.explained);
    console.log(`\n| function, timed ${TIMED_CALLS} calls | before 0011 ms | after 0011 ms |`);
    console.log('| --- | ---: | ---: |');
    console.log(`| isOwnWrite | ${before.ownWriteMs.toFixed(3)} | ${after.ownWriteMs.toFixed(3)} |`);
    console.log(`| providerSeriesOfInstance | ${before.seriesOfMs.toFixed(3)} | ${after.seriesOfMs.toFixed(3)} |`);
    console.log(
      `| isOwnWrite, the ${LONG_MEETINGS.toLocaleString('en')}-meeting source | ${before.longOwnWriteMs.toFixed(3)} | ${after.longOwnWriteMs.toFixed(3)} |`,
    );

    await migrateToLatest(db);
    report('Every other statement of a job and of a webhook (every migration applied)', await tickAndWebhooks(bench));
    const webhooks = await webhookTimes(db);
    console.log(`\n| webhook statements, timed ${TIMED_CALLS} notifications | median ms |`);
    console.log('| --- | ---: |');
    console.log(`| Google push: notePush (1 statement) | ${webhooks.google.toFixed(3)} |`);
    console.log(`| Graph POST, one notification: lookup + noteNotifications (2) | ${webhooks.graph.toFixed(3)} |`);
  } finally {
    await bench.db.destroy();
    if (!args.keep) await admin(`drop database if exists ${DATABASE}`);
  }
}

await main();
