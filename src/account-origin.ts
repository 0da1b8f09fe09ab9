/**
 * Where each account was connected — to Google or Microsoft themselves, or to the sandbox's emulation of them — and
 * what an instance does about it at start. The emulators accept any login and know none of a real account's tokens:
 * over real accounts they would only turn every one into "needs reconnect" (or worse, act for them), so sandbox mode
 * refuses to start over a database holding any. The other way round is harmless: a production instance over a
 * database the sandbox filled asks those accounts to reconnect, and a reconnect makes them real.
 */
import { INSECURE_DEV_SECRET_KEY } from './config.ts';
import {
  accountOriginCounts,
  accountsOfUnknownOrigin,
  pauseSandboxAccounts,
  setAccountOrigin,
} from './db/account-origins.ts';
import type { Db } from './db/database.ts';
import { deriveKeys } from './security/keys.ts';
import { open } from './security/secret-box.ts';

/** What the person reads on /account for a sandbox account in a production instance. */
export const SANDBOX_ACCOUNT_REASON =
  'This account was connected to the sandbox (emulated calendars), not to the real provider. Reconnect to use your real calendar.';

/** What start found: go on (after deciding `decided` old accounts and pausing `paused` sandbox ones), or refuse. */
export type OriginCheck =
  | { readonly ok: true; readonly decided: number; readonly paused: readonly string[] }
  | { readonly ok: false; readonly message: string };

/**
 * Run at start, after migrations. Decides the origin of accounts stored before origins were recorded; then, in
 * sandbox mode, refuses a database holding accounts connected to real providers, and otherwise asks the accounts
 * connected to the sandbox to reconnect (their sandbox tokens mean nothing to Google or Microsoft).
 */
export async function checkAccountOrigins(db: Db, mode: { readonly sandbox: boolean }): Promise<OriginCheck> {
  const decided = await decideUnknownOrigins(db);
  if (mode.sandbox) {
    const { provider } = await accountOriginCounts(db);
    if (provider > 0) return { ok: false, message: refusal(provider) };
    return { ok: true, decided, paused: [] };
  }
  return { ok: true, decided, paused: await pauseSandboxAccounts(db, SANDBOX_ACCOUNT_REASON) };
}

function refusal(accounts: number): string {
  const holding = accounts === 1 ? '1 account' : `${accounts} accounts`;
  return (
    `Sandbox mode refuses to start: this database holds ${holding} connected to real providers, which the emulators ` +
    'would only turn into "needs reconnect"; point DATABASE_URL (DATA_DIR for the embedded database) at a database ' +
    'of its own, or set the provider credentials.'
  );
}

/**
 * The accounts stored before origins were recorded. Nothing in the database tells sandbox tokens from real ones
 * except the key they were sealed with: production refuses the public development key, so tokens that open with it
 * were stored in sandbox mode. Everything else — other keys, tokens deleted by a disconnect — counts as real.
 */
async function decideUnknownOrigins(db: Db): Promise<number> {
  const unknown = await accountsOfUnknownOrigin(db);
  if (unknown.length === 0) return 0;
  const devKeys = await deriveKeys(INSECURE_DEV_SECRET_KEY);
  for (const account of unknown) {
    const origin =
      account.tokens_encrypted && (await opens(devKeys, account.tokens_encrypted)) ? 'sandbox' : 'provider';
    await setAccountOrigin(db, account.id, origin);
  }
  return unknown.length;
}

async function opens(keys: Awaited<ReturnType<typeof deriveKeys>>, sealed: string): Promise<boolean> {
  try {
    await open(keys, sealed);
    return true;
  } catch {
    return false; // sealed with another key (or damaged): not the development key's, which is all this asks
  }
}
