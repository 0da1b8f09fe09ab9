import { upsertAccount } from '../../src/db/accounts.ts';
import type { Provider } from '../../src/db/schema.ts';
import { seal } from '../../src/security/secret-box.ts';
import type { Harness } from './harness.ts';

/** The cookie a browser holds the accounts connected in it under (src/http/browser-session.ts). */
export const ACCOUNTS_COOKIE = 'carryover_account';

/**
 * Records a connected account as connecting it would (no provider involved: the routes under test only read it).
 * Returns its id.
 */
export async function connectedAccount(
  h: Pick<Harness, 'db'>,
  email: string,
  provider: Provider = 'google',
): Promise<string> {
  const account = await upsertAccount(h.db, {
    provider,
    email,
    displayName: null,
    tokensSealed: 'not-used-by-these-tests',
    origin: 'sandbox',
  });
  return account.id;
}

/** The sealed value of the accounts cookie of a browser in which `accountIds` were connected (most recent first). */
export async function accountsCookieValue(h: Pick<Harness, 'keys' | 'clock'>, accountIds: readonly string[]) {
  const exp = h.clock().getTime() + 86_400_000;
  return seal(h.keys, JSON.stringify({ value: { accountIds }, exp }));
}

/** The Cookie header of such a browser. */
export async function accountsCookie(h: Pick<Harness, 'keys' | 'clock'>, accountIds: readonly string[]) {
  return `${ACCOUNTS_COOKIE}=${await accountsCookieValue(h, accountIds)}`;
}
