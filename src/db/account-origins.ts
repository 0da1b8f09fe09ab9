import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { AccountOrigin } from './schema.ts';

/** Decides the origin of an account stored before origins were recorded. */
export async function setAccountOrigin(db: Db, id: string, origin: AccountOrigin): Promise<void> {
  await db.updateTable('accounts').set({ origin }).where('id', '=', id).where('origin', 'is', null).execute();
}

/** How many accounts, in any state, were connected to each origin (`unknown`: stored before origins were). */
export async function accountOriginCounts(db: Db): Promise<Record<AccountOrigin | 'unknown', number>> {
  const rows = await db
    .selectFrom('accounts')
    .select(['origin', (eb) => eb.fn.countAll<string>().as('count')])
    .groupBy('origin')
    .execute();
  const counts = { provider: 0, sandbox: 0, unknown: 0 };
  for (const row of rows) counts[row.origin ?? 'unknown'] = Number(row.count);
  return counts;
}

/** The accounts whose origin is not recorded yet, with their sealed tokens (null once disconnected). */
export async function accountsOfUnknownOrigin(db: Db) {
  return db.selectFrom('accounts').select(['id', 'tokens_encrypted']).where('origin', 'is', null).execute();
}

/** Marks every active account connected to the sandbox as needing reconnection, with why; returns their emails. */
export async function pauseSandboxAccounts(db: Db, reason: string): Promise<readonly string[]> {
  const rows = await db
    .updateTable('accounts')
    .set({ status: 'needs_reconnect', status_reason: reason, updated_at: sql<Date>`now()` })
    .where('origin', '=', 'sandbox')
    .where('status', '=', 'active')
    .returning('email')
    .execute();
  return rows.map((row) => row.email);
}
