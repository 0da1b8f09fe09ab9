import type { Clock } from '../agenda/clock.ts';
import { findAccount, saveAccountTokens, setAccountStatus, upsertAccount } from '../db/accounts.ts';
import { calendarsOf, ensureCalendar, updateCalendar } from '../db/calendars.ts';
import type { Db } from '../db/database.ts';
import { SEND_PROMPTS, SYNC_CALENDAR } from '../db/job-kinds.ts';
import { scheduleJob } from '../db/jobs.ts';
import type { Provider } from '../db/schema.ts';
import type { ProviderKit } from '../lifecycle/deps.ts';
import type { TokenSet } from '../providers/provider.ts';
import type { Keys } from '../security/keys.ts';
import { accountSession, openTokens, sealTokens } from './account-session.ts';

export interface AccountDeps {
  readonly db: Db;
  readonly keys: Keys;
  readonly clock: Clock;
}

/**
 * Records a (re)connected account: tokens sealed at rest, its primary calendar registered, a first sync scheduled
 * right away, and prompts that waited for a reconnection resumed.
 */
export async function connectAccount(
  deps: AccountDeps,
  kit: ProviderKit,
  provider: Provider,
  identity: { email: string; name?: string | undefined },
  tokens: TokenSet,
): Promise<{ accountId: string }> {
  const { db, keys, clock } = deps;
  const account = await upsertAccount(db, {
    provider,
    email: identity.email,
    displayName: identity.name ?? null,
    tokensSealed: await sealTokens(keys, tokens),
  });
  const session = accountSession({ db, keys, clock, oauth: kit.oauth }, account);
  const calendar = await ensureCalendar(db, account.id, await kit.api.primaryCalendarId(session));
  const now = clock();
  await scheduleJob(db, { kind: SYNC_CALENDAR, key: calendar.id, runAt: now });
  const waiting = await db
    .selectFrom('prompts')
    .innerJoin('occurrences', 'occurrences.id', 'prompts.occurrence_id')
    .innerJoin('series_sources', 'series_sources.id', 'occurrences.source_id')
    .select('occurrences.id')
    .distinct()
    .where('series_sources.account_id', '=', account.id)
    .where('prompts.state', '=', 'pending')
    .execute();
  for (const { id } of waiting) await scheduleJob(db, { kind: SEND_PROMPTS, key: id, runAt: now });
  return { accountId: account.id };
}

/**
 * Disconnects an account: push channels stopped, the grant revoked, tokens deleted. Its series keep their history;
 * nothing is written for them until someone connects again.
 */
export async function disconnectAccount(deps: AccountDeps, kit: ProviderKit | undefined, accountId: string) {
  const { db, keys, clock } = deps;
  const account = await findAccount(db, accountId);
  if (!account) return;
  if (kit && account.tokens_encrypted && account.status === 'active') {
    const session = accountSession({ db, keys, clock, oauth: kit.oauth }, account);
    for (const calendar of await calendarsOf(db, account.id)) {
      if (calendar.watch_id && calendar.watch_resource_id) {
        // Best effort: a channel that cannot be stopped expires by itself and its notifications are ignored.
        await kit.api
          .stopWatch(session, { id: calendar.watch_id, resourceId: calendar.watch_resource_id })
          .catch((error: unknown) => console.warn('stopping a channel on disconnect failed:', error));
      }
    }
    const tokens = await openTokens(keys, account.tokens_encrypted);
    await kit.oauth
      .revoke(tokens.refreshToken ?? tokens.accessToken)
      .catch((error: unknown) => console.warn('revoking on disconnect failed:', error));
  }
  for (const calendar of await calendarsOf(db, account.id)) {
    await updateCalendar(db, calendar.id, {
      watch_id: null,
      watch_resource_id: null,
      watch_secret_hash: null,
      watch_expires_at: null,
      sync_cursor: null,
    });
  }
  await saveAccountTokens(db, account.id, null);
  await setAccountStatus(db, account.id, 'disconnected', 'disconnected by its owner');
}
