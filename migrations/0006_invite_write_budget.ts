import type { Kysely } from 'kysely';

// How many times Carryover wrote its block into an occurrence's invite: the write budget (src/core/write-budget.ts)
// allows a first write and one refresh before the meeting, because each write can email the other person.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('occurrences')
    .addColumn('block_writes', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('occurrences').dropColumn('block_writes').execute();
}
