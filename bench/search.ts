/**
 * Benchmark of the history search (src/db/history-search.ts `searchHistory`) for BENCHMARKS.md "Searching a pair's
 * history". On PostgreSQL (DATABASE_URL, or the local default) it creates a schema of its own, applies every
 * migration, generates `--series N` pairs (default 1000) with two years of weekly meetings each, searches one pair's
 * history and drops the schema; on in-memory PGlite it does the same with that one pair only. Prints the data sizes
 * and a Markdown table; progress goes to stderr.
 *
 *   npm run bench:search                     # 1,000 pairs on PostgreSQL, then one pair on PGlite
 *   npm run bench:search -- --series 100     # a quicker run
 *   npm run bench:search -- --plan           # also prints EXPLAIN (ANALYZE, BUFFERS) of the first search
 *
 * The text is generated in SQL from a skewed 400-word vocabulary (rank k is picked with probability
 * ln((k+1)/k) / ln(401), so common words are common across pairs) by a seeded hash of each word's place: every run,
 * and every database, gets the same text. The generation SQL lives here, not in src/db/: it is not product code.
 */
import { cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, Kysely, type LogEvent, PGliteDialect, PostgresDialect, type RawBuilder, sql } from 'kysely';
import pg from 'pg';
import { SEARCH_RESULT_LIMIT } from '../src/agenda/history-search.ts';
import { parseSearchQuery } from '../src/core/search-query.ts';
import type { Db } from '../src/db/database.ts';
import { searchHistory } from '../src/db/history-search.ts';
import { migrateToLatest } from '../src/db/migrate.ts';
import type { Database } from '../src/db/schema.ts';

const { values: args } = parseArgs({
  options: { series: { type: 'string', default: '1000' }, plan: { type: 'boolean', default: false } },
});
const SERIES = Number(args.series);
if (!Number.isInteger(SERIES) || SERIES < 1) throw new Error(`--series must be a whole number ≥ 1, not ${args.series}`);
const DATABASE_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUNS = 7;
const SEED = 20261130;
const WEEKS = 104;
/** The pair searched: the same on both databases (PGlite holds only its history). */
const SEARCHED = 1;

// Ranked, most common first: a few stop words (parsed, then dropped, as in real notes), the words of work, then
// rarer terms. `hiring` is common, `promotion` and `packet` less so, `pl` starts several common words.
const COMMON = `the to and we plan on for team with project review next hiring week feedback platform release customer
  roadmap update deadline budget design launch meeting promotion goals metrics onboarding interview quarter priorities
  workload blocked testing packet migration support incident sprint demo staffing mentoring documentation process
  retro backlog estimate vendor contract planning offsite training career growth ownership scope risk dependency
  handover partner pipeline analytics dashboard security audit compliance pricing proposal presentation leadership
  conference travel expenses headcount candidate referral benefits vacation coverage oncall outage postmortem latency
  performance architecture refactor prototype experiment research survey playbook policy strategy alignment
  stakeholder escalation approval contractor internship calibration compensation morale burnout focus delegation
  coaching visibility impact kickoff deployment rollout integration billing invoice forecast capacity hackathon
  workshop`.split(/\s+/);
const VOCABULARY = [...COMMON, ...Array.from({ length: 400 - COMMON.length }, (_, i) => `term${COMMON.length + i}x`)];
const RARE = VOCABULARY[300]!;

const SEARCHES = [
  { label: '`hiring` (a common word)', q: 'hiring' },
  { label: '`promotion packet`', q: 'promotion packet' },
  { label: '`pl` (prefix of the last word)', q: 'pl' },
  { label: `\`${RARE}\` (a rare word)`, q: RARE },
  { label: '`nothingmatches`', q: 'nothingmatches' },
];

/** A database to bench, and the last query it ran (what EXPLAIN is asked about). */
interface BenchDatabase {
  readonly label: string;
  readonly db: Db;
  lastQuery(): CompiledQuery | undefined;
  close(): Promise<void>;
}

function tracing() {
  let last: CompiledQuery | undefined;
  return {
    log: (event: LogEvent) => {
      if (event.level === 'query') last = event.query;
    },
    lastQuery: () => last,
  };
}

async function openPostgresBench(): Promise<BenchDatabase> {
  const schema = `bench_search_${process.pid}`;
  const admin = new pg.Client({ connectionString: DATABASE_URL });
  await admin.connect();
  await admin.query(`create schema ${schema}`);
  await admin.end();
  const trace = tracing();
  const pool = new pg.Pool({ connectionString: DATABASE_URL, max: 4, options: `-c search_path=${schema}` });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }), log: trace.log });
  const close = async () => {
    await sql`drop schema ${sql.id(schema)} cascade`.execute(db);
    await db.destroy();
  };
  try {
    const { rows } = await sql<{ v: string }>`select current_setting('server_version') as v`.execute(db);
    return { label: `PostgreSQL ${rows[0]!.v.split(' ')[0]}`, db, lastQuery: trace.lastQuery, close };
  } catch (error) {
    await close();
    throw error;
  }
}

async function openPgliteBench(): Promise<BenchDatabase> {
  const trace = tracing();
  const pglite = await PGlite.create();
  const db = new Kysely<Database>({ dialect: new PGliteDialect({ pglite }), log: trace.log });
  const close = async () => {
    await db.destroy();
    if (!pglite.closed) await pglite.close();
  };
  return { label: 'PGlite', db, lastQuery: trace.lastQuery, close };
}

const TABLES = ['series', 'occurrences', 'topics', 'agendas', 'commitments', 'goals', 'goal_milestones'] as const;

// --- Generation -------------------------------------------------------------------------------------------------

const series = (s: RawBuilder<unknown>) => sql`md5('series ' || ${s})::uuid`;
const occurrence = (s: RawBuilder<unknown>, w: RawBuilder<unknown>) =>
  sql`md5('occurrence ' || ${s} || ' ' || ${w})::uuid`;

/**
 * `n` words for the item numbered `key` in `stream` (one stream per text column): word i is the vocabulary's rank
 * floor(401^u), u a hash of (key, i) under the seed. The key is the item's place in its pair's history, never a row
 * number, so a pair's text does not depend on how many pairs are generated.
 */
function words(stream: number, key: RawBuilder<unknown>, n: number): RawBuilder<string> {
  const u = sql`(hashint8extended(${key}::bigint * 256 + i, ${sql.lit(SEED * 16 + stream)}) & 4503599627370495)::float8
    / 4503599627370496`;
  return sql`(select string_agg(vocabulary.words[floor(exp(${u} * ln(${sql.lit(VOCABULARY.length + 1)})))::int], ' '
    order by i) from generate_series(1, ${sql.lit(n)}) i)`;
}

/**
 * Pairs first..last, each with WEEKS weekly meetings (3 talking points, an agenda and 2 commitments each, half of
 * them done) and 3 goals of 3 milestones. Rows are written week by week across pairs, as time would write them, so
 * one pair's rows are spread over the tables rather than packed together. Set-based: one statement per table.
 */
async function seed(db: Db, first: number, last: number): Promise<void> {
  const pairs = last - first + 1;
  const vocabulary = sql`(select string_to_array(${VOCABULARY.join(' ')}, ' ') as words) vocabulary`;
  // g counts the rows of a table; s (the pair), w (the week) and the item's index within them are derived from it.
  const s = (per: number) => sql`(${sql.lit(first)} + (g / ${sql.lit(per)}) % ${sql.lit(pairs)})`;
  const w = (per: number) => sql`(g / ${sql.lit(per * pairs)})`;
  const all = (per: number) => sql`generate_series(0, ${sql.lit(pairs * WEEKS * per - 1)}) g`;
  await sql`insert into series (id, title, organizer_email, attendee_email, time_zone)
    select ${series(sql`s`)}, 'Bench 1:1 ' || s, 'manager' || s % 97 || '@example.com', 'report' || s || '@example.com',
      'Europe/Berlin'
    from generate_series(${sql.lit(first)}, ${sql.lit(last)}) s`.execute(db);
  await sql`insert into occurrences (id, series_id, original_start, starts_at, ends_at)
    select ${occurrence(s(1), w(1))}, ${series(s(1))}, t, t, t + interval '30 minutes'
    from ${all(1)}, lateral (select timestamptz '2024-12-02 08:00Z' + ${w(1)} * interval '1 week'
      + ${s(1)} % 32 * interval '15 minutes' as t) x`.execute(db);
  const meetingKey = sql`(${s(1)} * ${sql.lit(WEEKS)} + ${w(1)})`;
  await sql`insert into agendas (id, occurrence_id, deep_dive, shared_notes, decisions)
    select md5('agenda ' || ${meetingKey})::uuid, ${occurrence(s(1), w(1))}, ${words(1, meetingKey, 6)},
      ${words(2, meetingKey, 80)}, ${words(3, meetingKey, 15)}
    from ${vocabulary}, ${all(1)}`.execute(db);
  const topicKey = sql`((${s(3)} * ${sql.lit(WEEKS)} + ${w(3)}) * 3 + g % 3)`;
  await sql`insert into topics (id, series_id, occurrence_id, text, position)
    select md5('topic ' || ${topicKey})::uuid, ${series(s(3))}, ${occurrence(s(3), w(3))}, ${words(4, topicKey, 8)}, g % 3
    from ${vocabulary}, ${all(3)}`.execute(db);
  const commitmentKey = sql`((${s(2)} * ${sql.lit(WEEKS)} + ${w(2)}) * 2 + g % 2)`;
  await sql`insert into commitments (id, series_id, made_at_occurrence_id, text, owner_email, status)
    select md5('commitment ' || ${commitmentKey})::uuid, ${series(s(2))}, ${occurrence(s(2), w(2))},
      ${words(5, commitmentKey, 7)}, 'report@example.com', case when g % 2 = 0 then 'done' else 'open' end
    from ${vocabulary}, ${all(2)}`.execute(db);
  const goalKey = sql`(p * 3 + j)`;
  await sql`insert into goals (id, series_id, owner_email, title, description)
    select md5('goal ' || ${goalKey})::uuid, ${series(sql`p`)}, 'report@example.com', ${words(6, goalKey, 5)},
      ${words(7, goalKey, 30)}
    from ${vocabulary}, generate_series(${sql.lit(first)}, ${sql.lit(last)}) p, generate_series(0, 2) j`.execute(db);
  const milestoneKey = sql`((p * 3 + j) * 3 + m)`;
  await sql`insert into goal_milestones (id, goal_id, text, position)
    select md5('milestone ' || ${milestoneKey})::uuid, md5('goal ' || ${goalKey})::uuid, ${words(8, milestoneKey, 6)}, m
    from ${vocabulary}, generate_series(${sql.lit(first)}, ${sql.lit(last)}) p, generate_series(0, 2) j,
      generate_series(0, 2) m`.execute(db);
  // As a database in use would be: statistics for the planner, hint bits and the visibility map set.
  await sql`vacuum analyze ${sql.join(TABLES.map((table) => sql.table(table)))}`.execute(db);
}

async function rowCounts(db: Db): Promise<string> {
  const counts: string[] = [];
  for (const table of TABLES) {
    const { rows } = await sql<{ n: string }>`select count(*) as n from ${sql.table(table)}`.execute(db);
    counts.push(`${table} ${Number(rows[0]?.n).toLocaleString('en')}`);
  }
  return counts.join(', ');
}

/** KB of text in the searched pair's history, per kind of item. */
async function pairText(db: Db): Promise<string> {
  const id = series(sql.lit(SEARCHED));
  const { rows } = await sql<{ kind: string; bytes: string }>`
    select 'agendas' as kind, sum(octet_length(a.deep_dive) + octet_length(a.shared_notes) + octet_length(a.decisions))
      as bytes from agendas a join occurrences o on o.id = a.occurrence_id where o.series_id = ${id}
    union all select 'talking points', sum(octet_length(text)) from topics where series_id = ${id}
    union all select 'commitments', sum(octet_length(text)) from commitments where series_id = ${id}
    union all select 'goals', sum(octet_length(title) + octet_length(description)) from goals where series_id = ${id}
    union all select 'milestones', sum(octet_length(m.text)) from goal_milestones m join goals g on g.id = m.goal_id
      where g.series_id = ${id}`.execute(db);
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(bytes < 10_240 ? 1 : 0)} KB`;
  const total = rows.reduce((sum, row) => sum + Number(row.bytes), 0);
  return `${kb(total)} (${rows.map((row) => `${row.kind} ${kb(Number(row.bytes))}`).join(', ')})`;
}

// --- Measuring --------------------------------------------------------------------------------------------------

interface Row {
  readonly database: string;
  readonly search: string;
  readonly hits: number;
  readonly times: readonly number[];
  readonly explainMs: number;
}

async function explain(bench: BenchDatabase, query: CompiledQuery, options: string) {
  return bench.db.executeQuery<Record<string, unknown>>(
    CompiledQuery.raw(`explain (${options}) ${query.sql}`, [...query.parameters]),
  );
}

async function measure(bench: BenchDatabase, pairs: number): Promise<Row[]> {
  const seriesId = (await sql<{ id: string }>`select ${series(sql.lit(SEARCHED))}::text as id`.execute(bench.db))
    .rows[0]!.id;
  const rows: Row[] = [];
  for (const [index, search] of SEARCHES.entries()) {
    const parsed = parseSearchQuery(search.q);
    if (!parsed.ok || !parsed.query) throw new Error(`not a search: ${search.q}`);
    const run = () =>
      searchHistory(bench.db, { seriesId, query: parsed.query!, goals: true, limit: SEARCH_RESULT_LIMIT });
    const hits = (await run()).length; // a warm-up, not timed
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await run();
      times.push(performance.now() - t0);
    }
    const query = bench.lastQuery()!;
    const { rows: plan } = await explain(bench, query, 'analyze, format json');
    const json = Object.values(plan[0]!)[0];
    const parsedPlan = (typeof json === 'string' ? JSON.parse(json) : json) as { 'Execution Time': number }[];
    if (args.plan && index === 0) {
      const text = await explain(bench, query, 'analyze, buffers');
      console.log(`\n${bench.label}, ${pairs} pair(s), ${search.q}:\n`);
      for (const line of text.rows) console.log(`    ${Object.values(line)[0]}`);
    }
    rows.push({
      database: bench.label,
      search: search.label,
      hits,
      times,
      explainMs: parsedPlan[0]!['Execution Time'],
    });
  }
  return rows;
}

async function bench(open: () => Promise<BenchDatabase>, first: number, last: number) {
  const database = await open();
  try {
    const t0 = performance.now();
    await migrateToLatest(database.db);
    const t1 = performance.now();
    console.error(`${database.label}: migrated in ${(t1 - t0).toFixed(0)} ms, seeding ${last - first + 1} pair(s)…`);
    await seed(database.db, first, last);
    const seconds = (performance.now() - t1) / 1000;
    console.error(`${database.label}: seeded in ${seconds.toFixed(1)} s, searching…`);
    const summary = [
      `${database.label}: ${await rowCounts(database.db)} (seeded in ${seconds.toFixed(1)} s)`,
      `  the searched pair: ${await pairText(database.db)}`,
    ];
    return { summary, rows: await measure(database, last - first + 1) };
  } finally {
    await database.close();
  }
}

const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0));
const started = performance.now();
const results = [await bench(openPostgresBench, 1, SERIES), await bench(openPgliteBench, SEARCHED, SEARCHED)];
console.log(
  `\nNode ${process.version}, ${cpus().length} CPUs; searchHistory, goals included, at most ${SEARCH_RESULT_LIMIT} results; ` +
    `${RUNS} timed runs after one warm-up\n`,
);
for (const result of results) console.log(result.summary.join('\n'));
console.log('\n| database | search | hits | median ms | min–max ms | EXPLAIN ANALYZE execution ms |');
console.log('| --- | --- | ---: | ---: | ---: | ---: |');
for (const result of results) {
  for (const row of result.rows) {
    const sorted = [...row.times].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    const range = `${ms(sorted[0]!)}–${ms(sorted[sorted.length - 1]!)}`;
    console.log(`| ${row.database} | ${row.search} | ${row.hits} | ${ms(median)} | ${range} | ${ms(row.explainMs)} |`);
  }
}
console.log(`\nWhole run: ${((performance.now() - started) / 1000).toFixed(0)} s`);
