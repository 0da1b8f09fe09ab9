/**
 * One Carryover instance's tick loop, as its own process, for the crash tests: it claims jobs of kind "work" from the
 * schema it is given and logs each run's start and finish, until it is killed or stopped. Real clock, production
 * lease, the shutdown src/node.ts does on SIGTERM.
 */
import { sql } from 'kysely';
import { openPostgres } from '../../src/db/postgres.ts';
import { startTickLoop } from '../../src/lifecycle/tick-loop.ts';

const [url, schema, name, jobMs] = process.argv.slice(2);
if (!url || !schema || !name) throw new Error('usage: worker.ts <postgres url> <schema> <name> [job ms]');
const { db } = openPostgres({ connectionString: url, schema, max: 2 });
const handlers = {
  work: async (job: { key: string }) => {
    await sql`insert into crash_log (key, worker, event) values (${job.key}, ${name}, 'start')`.execute(db);
    await new Promise((resolve) => setTimeout(resolve, Number(jobMs ?? 300)));
    await sql`insert into crash_log (key, worker, event) values (${job.key}, ${name}, 'finish')`.execute(db);
    return undefined;
  },
};
// As src/node.ts runs it: SIGTERM stops the loop (finish the job under way, give the rest back) and exits.
const loop = startTickLoop({
  db,
  clock: () => new Date(),
  handlers,
  batchSize: 10,
  intervalMs: 100,
  graceMs: 8_000,
  onError: (error) => console.error(`worker ${name}: tick failed:`, error),
});
process.on('SIGTERM', async () => {
  const outcome = await loop.stop();
  await sql`insert into crash_log (key, worker, event) values ('-', ${name}, ${`stopped:${outcome}`})`.execute(db);
  await db.destroy();
  process.exit(0);
});
