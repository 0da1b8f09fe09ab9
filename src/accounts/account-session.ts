import type { Clock } from '../agenda/clock.ts';
import { saveAccountTokens } from '../db/accounts.ts';
import type { Db } from '../db/database.ts';
import type { OAuthProvider } from '../providers/oauth.ts';
import type { AccountSession, TokenSet } from '../providers/provider.ts';
import { isProviderError, ProviderError } from '../providers/provider-error.ts';
import type { Keys } from '../security/keys.ts';
import { open, seal } from '../security/secret-box.ts';
import { pauseAccount } from './reconnect.ts';

/** Refresh a little before expiry, so a token never dies in the middle of a sync. */
const REFRESH_MARGIN_MS = 2 * 60_000;

/** Seals a token set for the accounts table. */
export async function sealTokens(keys: Keys, tokens: TokenSet): Promise<string> {
  return seal(keys, JSON.stringify(tokens));
}

/** Opens the sealed token set of an account. */
export async function openTokens(keys: Keys, sealed: string): Promise<TokenSet> {
  return JSON.parse(await open(keys, sealed)) as TokenSet;
}

export interface SessionDeps {
  readonly db: Db;
  readonly keys: Keys;
  readonly oauth: OAuthProvider;
  readonly clock: Clock;
}

/**
 * Calls on behalf of one account: hands out its access token, refreshing it when it is about to expire and storing
 * the new one (a refresh usually brings no new refresh token: the old one is kept; Graph rotates it: the new one is
 * kept). A dead grant marks the account "needs reconnect" and fails with a ProviderError of kind `auth`.
 */
export function accountSession(
  deps: SessionDeps,
  account: { id: string; email: string; tokens_encrypted: string | null; status: string },
): AccountSession {
  let current: TokenSet | undefined;
  return {
    email: account.email,
    async accessToken() {
      if (account.status !== 'active' || !account.tokens_encrypted) {
        throw new ProviderError('auth', `account ${account.email} is ${account.status}: it needs to be reconnected`);
      }
      current ??= await openTokens(deps.keys, account.tokens_encrypted);
      if (current.expiresAt - REFRESH_MARGIN_MS > deps.clock().getTime()) return current.accessToken;
      if (!current.refreshToken) {
        const error = new ProviderError('auth', `account ${account.email} has no refresh token`);
        await pauseAccount(deps.db, account, error);
        throw error;
      }
      try {
        const fresh = await deps.oauth.refresh(current.refreshToken);
        current = { ...fresh, refreshToken: fresh.refreshToken ?? current.refreshToken };
        await saveAccountTokens(deps.db, account.id, await sealTokens(deps.keys, current));
        return current.accessToken;
      } catch (error) {
        if (isProviderError(error, 'auth')) await pauseAccount(deps.db, account, error);
        throw error;
      }
    },
  };
}
