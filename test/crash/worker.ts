/**
 * One Carryover instance's tick loop, as its own process, for the kill -9 test: it claims jobs of kind "work" from the
 * schema it is given and logs each run's start and finish, until it is killed. Real clock, production lease.
 */
import { sql } from 'kysely';
import { openPostgres } from '../../src/db/postgres.ts';
import { runTick } from '../../src/lifecycle/tick.ts';

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
for (;;) {
  await runTick({ db, clock: () => new Date(), handlers, batchSize: 10 });
  await new Promise((resolve) => setTimeout(resolve, 100));
}
