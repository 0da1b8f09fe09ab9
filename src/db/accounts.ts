import { sql } from 'kysely';
import type { Db } from './database.ts';
import type { AccountOrigin, AccountStatus, Provider } from './schema.ts';

/**
 * Creates or reconnects an account: new tokens, status back to active — or, with `needsReconnect` (why), stored but
 * needing reconnection (a permission the person did not allow).
 */
export async function upsertAccount(
  db: Db,
  account: {
    provider: Provider;
    email: string;
    displayName: string | null;
    tokensSealed: string;
    needsReconnect?: string | null;
    /** Connected to the real provider or to the sandbox: a sandbox account reconnected for real becomes real. */
    origin: AccountOrigin;
  },
) {
  const reason = account.needsReconnect ?? null;
  const status: AccountStatus = reason === null ? 'active' : 'needs_reconnect';
  return db
    .insertInto('accounts')
    .values({
      provider: account.provider,
      email: account.email,
      display_name: account.displayName,
      tokens_encrypted: account.tokensSealed,
      status,
      status_reason: reason,
      origin: account.origin,
    })
    .onConflict((oc) =>
      oc.columns(['provider', 'email']).doUpdateSet({
        display_name: account.displayName,
        tokens_encrypted: account.tokensSealed,
        status,
        status_reason: reason,
        origin: account.origin,
        updated_at: sql<Date>`now()`,
      }),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** One account by id. */
export async function findAccount(db: Db, id: string) {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One account by provider and email. */
export async function findAccountByEmail(db: Db, provider: Provider, email: string) {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('provider', '=', provider)
    .where('email', '=', email)
    .executeTakeFirst();
}

/** Stores refreshed tokens (sealed). */
export async function saveAccountTokens(db: Db, id: string, tokensSealed: string | null): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ tokens_encrypted: tokensSealed, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/** Marks an account active, needing reconnection (with why), or disconnected. */
export async function setAccountStatus(
  db: Db,
  id: string,
  status: AccountStatus,
  reason: string | null,
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ status, status_reason: reason, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .execute();
}

/**
 * Marks an active account as needing reconnection, with why. Returns whether its state changed (so the change is
 * logged once, however many jobs run into the same dead grant).
 */
export async function markNeedsReconnect(db: Db, id: string, reason: string): Promise<boolean> {
  const result = await db
    .updateTable('accounts')
    .set({ status: 'needs_reconnect', status_reason: reason, updated_at: sql<Date>`now()` })
    .where('id', '=', id)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}

/** How many accounts are in each status, for /metrics. */
export async function accountCounts(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('accounts')
    .select(['status', (eb) => eb.fn.countAll<string>().as('count')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((row) => [row.status, Number(row.count)]));
}
