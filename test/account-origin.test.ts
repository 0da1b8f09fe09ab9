import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkAccountOrigins, SANDBOX_ACCOUNT_REASON } from '../src/account-origin.ts';
import { INSECURE_DEV_SECRET_KEY } from '../src/config.ts';
import { upsertAccount } from '../src/db/accounts.ts';
import type { AccountOrigin, Provider } from '../src/db/schema.ts';
import { deriveKeys } from '../src/security/keys.ts';
import { seal } from '../src/security/secret-box.ts';
import { openTestDatabase, type TestDatabase } from './support/database.ts';
import { TEST_SECRET_KEY } from './support/harness.ts';

let database: TestDatabase;
beforeEach(async () => {
  database = await openTestDatabase();
});
afterEach(() => database.close());

/** An account as connecting stores it, then stamped with `origin` (null: stored before origins were recorded). */
async function account(email: string, origin: AccountOrigin | null, tokensSealed = 'v1.sealed.tokens') {
  const row = await upsertAccount(database.db, {
    provider: 'google',
    email,
    displayName: null,
    tokensSealed,
    origin: origin ?? 'provider',
  });
  // Null is what migration 0007 leaves on older rows; the service itself never writes it.
  await database.db
    .updateTable('accounts')
    .set({ origin: origin ?? sql<AccountOrigin>`null` })
    .where('id', '=', row.id)
    .execute();
  return row.id;
}

const accounts = () =>
  database.db.selectFrom('accounts').select(['email', 'origin', 'status', 'status_reason']).orderBy('email').execute();

describe('sandbox mode at start', () => {
  it('refuses a database holding accounts connected to real providers, in one line naming the setting', async () => {
    await account('maya@real.example', 'provider');
    await account('sam@real.example', 'provider');
    await account('demo@example.com', 'sandbox');
    const check = await checkAccountOrigins(database.db, { sandbox: true });
    expect(check).toEqual({
      ok: false,
      message: expect.stringMatching(
        /^Sandbox mode refuses to start: this database holds 2 accounts connected to real/,
      ),
    });
    expect(!check.ok && check.message).toContain('point DATABASE_URL (DATA_DIR for the embedded database)');
    expect(!check.ok && check.message).not.toContain('\n');
    // Nothing was touched on the way out.
    expect((await accounts()).map((a) => a.status)).toEqual(['active', 'active', 'active']);
  });

  it('refuses real accounts whatever their state: a disconnected one still has its history here', async () => {
    const id = await account('maya@real.example', 'provider');
    await database.db
      .updateTable('accounts')
      .set({ status: 'disconnected', tokens_encrypted: null })
      .where('id', '=', id)
      .execute();
    expect((await checkAccountOrigins(database.db, { sandbox: true })).ok).toBe(false);
  });

  it('starts over an empty database or one the sandbox filled', async () => {
    expect(await checkAccountOrigins(database.db, { sandbox: true })).toEqual({ ok: true, decided: 0, paused: [] });
    await account('demo@example.com', 'sandbox');
    expect(await checkAccountOrigins(database.db, { sandbox: true })).toEqual({ ok: true, decided: 0, paused: [] });
  });
});

describe('a production instance at start', () => {
  it('starts over a database the sandbox filled, asking its sandbox accounts to reconnect', async () => {
    await account('demo@example.com', 'sandbox');
    await account('maya@real.example', 'provider');
    const check = await checkAccountOrigins(database.db, { sandbox: false });
    expect(check).toEqual({ ok: true, decided: 0, paused: ['demo@example.com'] });
    expect(await accounts()).toEqual([
      {
        email: 'demo@example.com',
        origin: 'sandbox',
        status: 'needs_reconnect',
        status_reason: SANDBOX_ACCOUNT_REASON,
      },
      { email: 'maya@real.example', origin: 'provider', status: 'active', status_reason: null },
    ]);
    // Once is enough: the next start finds nothing more to pause.
    expect(await checkAccountOrigins(database.db, { sandbox: false })).toEqual({ ok: true, decided: 0, paused: [] });
  });
});

describe('accounts stored before origins were recorded', () => {
  it('count as sandbox accounts when their tokens were sealed with the public development key, else as real', async () => {
    const devKeys = await deriveKeys(INSECURE_DEV_SECRET_KEY);
    const realKeys = await deriveKeys(TEST_SECRET_KEY);
    await account('demo@example.com', null, await seal(devKeys, '{"accessToken":"a"}'));
    await account('maya@real.example', null, await seal(realKeys, '{"accessToken":"b"}'));
    const gone = await account('sam@real.example', null);
    await database.db.updateTable('accounts').set({ tokens_encrypted: null }).where('id', '=', gone).execute();

    const check = await checkAccountOrigins(database.db, { sandbox: false });
    expect(check).toMatchObject({ ok: true, decided: 3 });
    expect((await accounts()).map((a) => [a.email, a.origin])).toEqual([
      ['demo@example.com', 'sandbox'],
      ['maya@real.example', 'provider'],
      ['sam@real.example', 'provider'],
    ]);
  });
});

describe('connecting', () => {
  const connect = (provider: Provider, origin: AccountOrigin) =>
    upsertAccount(database.db, { provider, email: 'maya@example.com', displayName: null, tokensSealed: 't', origin });

  it('records where each (re)connect happened: a sandbox account reconnected to the real provider becomes real', async () => {
    await account('maya@example.com', 'sandbox');
    await connect('google', 'provider');
    expect((await accounts())[0]?.origin).toBe('provider');
    await connect('google', 'sandbox');
    expect((await accounts())[0]?.origin).toBe('sandbox');
    // Another provider's account of the same address is another account.
    await connect('microsoft', 'provider');
    expect((await accounts()).map((a) => a.origin)).toEqual(['sandbox', 'provider']);
  });
});
