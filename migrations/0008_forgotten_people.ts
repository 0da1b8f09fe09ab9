import { type Kysely, sql } from 'kysely';

// People who deleted their data, by the keyed digest of their address only (src/security/address-digest.ts): so a
// calendar that still invites them does not start a new record of them, with prompts, the day after. Connecting again
// removes the row: they are back by their own doing.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('forgotten_people')
    .addColumn('address_digest', 'text', (c) => c.primaryKey())
    .addColumn('forgotten_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('forgotten_people').execute();
}
