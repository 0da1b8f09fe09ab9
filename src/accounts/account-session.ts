import type { Clock } from '../agenda/clock.ts';
import { findAccount, saveAccountTokens } from '../db/accounts.ts';
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
 * Refreshes under way in this process, by account: jobs of one account run side by side (up to 4), and each must not
 * spend the refresh token on its own — Microsoft rotates it on every use, and a second refresh with the same one can
 * be refused (the sandbox refuses it at once, stricter than Entra). They share one refresh instead.
 */
const refreshing = new Map<string, Promise<TokenSet>>();

type SessionAccount = { id: string; email: string; tokens_encrypted: string | null; status: string };

/**
 * Calls on behalf of one account: hands out its access token, refreshing it when it is about to expire and storing
 * the new one (a refresh usually brings no new refresh token: the old one is kept; Graph rotates it: the new one is
 * kept). A token is refreshed only when a call needs one. A dead grant marks the account "needs reconnect" and fails
 * with a ProviderError of kind `auth`.
 */
export function accountSession(deps: SessionDeps, account: SessionAccount): AccountSession {
  let current: TokenSet | undefined;
  return {
    email: account.email,
    async accessToken() {
      if (account.status !== 'active' || !account.tokens_encrypted) {
        throw new ProviderError('auth', `account ${account.email} is ${account.status}: it needs to be reconnected`);
      }
      current ??= await openTokens(deps.keys, account.tokens_encrypted);
      if (fresh(deps, current)) return current.accessToken;
      const held = current;
      let shared = refreshing.get(account.id);
      if (!shared) {
        shared = refreshTokens(deps, account, held).finally(() => refreshing.delete(account.id));
        refreshing.set(account.id, shared);
      }
      current = await shared;
      return current.accessToken;
    },
  };
}

const fresh = (deps: SessionDeps, tokens: TokenSet) => tokens.expiresAt - REFRESH_MARGIN_MS > deps.clock().getTime();

/**
 * One refresh for the account. What is stored is read first: another instance (or a job that started earlier) may
 * have refreshed since this session read the account, and its tokens are the ones to use — its refresh token is the
 * live one. A refusal is checked the same way before the account is paused: a refresh token another instance spent
 * meanwhile is not a dead grant.
 */
async function refreshTokens(deps: SessionDeps, account: SessionAccount, held: TokenSet): Promise<TokenSet> {
  const stored = await storedTokens(deps, account);
  if (stored && fresh(deps, stored)) return stored;
  const base = stored ?? held;
  try {
    return await redeem(deps, account, base);
  } catch (error) {
    if (!isProviderError(error, 'auth')) throw error;
    const after = await storedTokens(deps, account).catch(() => undefined);
    if (after && after.refreshToken !== base.refreshToken) {
      if (fresh(deps, after)) return after;
      try {
        return await redeem(deps, account, after);
      } catch (again) {
        if (isProviderError(again, 'auth')) await pauseAccount(deps.db, account, again);
        throw again;
      }
    }
    await pauseAccount(deps.db, account, error);
    throw error;
  }
}

/** Spends `tokens`' refresh token for a new set, and stores it. */
async function redeem(deps: SessionDeps, account: SessionAccount, tokens: TokenSet): Promise<TokenSet> {
  if (!tokens.refreshToken) throw new ProviderError('auth', `account ${account.email} has no refresh token`);
  const renewed = await deps.oauth.refresh(tokens.refreshToken);
  const next = { ...renewed, refreshToken: renewed.refreshToken ?? tokens.refreshToken };
  await saveAccountTokens(deps.db, account.id, await sealTokens(deps.keys, next));
  return next;
}

/** The account's tokens as stored now; undefined when it has none (disconnected meanwhile). */
async function storedTokens(deps: SessionDeps, account: SessionAccount): Promise<TokenSet | undefined> {
  const row = await findAccount(deps.db, account.id);
  if (row?.status !== 'active') {
    throw new ProviderError('auth', `account ${account.email} is ${row?.status ?? 'gone'}: it needs to be reconnected`);
  }
  return row.tokens_encrypted ? openTokens(deps.keys, row.tokens_encrypted) : undefined;
}
