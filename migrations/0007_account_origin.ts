import { type Kysely, sql } from 'kysely';

// Where each account was connected: 'provider' (Google or Microsoft themselves) or 'sandbox' (the emulators). Sandbox
// mode refuses to start over a database holding 'provider' accounts; a production instance asks 'sandbox' accounts
// to reconnect (src/account-origin.ts). New rows default to 'provider', the side that keeps the sandbox away.
//
// Accounts stored before this migration keep null: nothing SQL can read tells a sandbox account from a real one (the
// emulators issue Google- and Microsoft-shaped ids and tokens, all sealed). The first start after it decides them:
// tokens sealed with the public development key were connected in sandbox mode, everything else counts as 'provider'.

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('accounts')
    .addColumn('origin', 'text', (c) => c.check(sql`origin in ('provider', 'sandbox')`))
    .execute();
  // Set after the column exists, so existing rows stay null (undecided) instead of taking the default.
  await db.schema
    .alterTable('accounts')
    .alterColumn('origin', (c) => c.setDefault('provider'))
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('accounts').dropColumn('origin').execute();
}
