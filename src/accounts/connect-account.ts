import type { Clock } from '../agenda/clock.ts';
import { findAccount, findAccountByEmail, saveAccountTokens, setAccountStatus, upsertAccount } from '../db/accounts.ts';
import { calendarsOf, ensureCalendar, updateCalendar } from '../db/calendars.ts';
import type { Db } from '../db/database.ts';
import { rememberPerson } from '../db/forgotten-people.ts';
import { PREPARE_SOURCE, SEND_PROMPTS, SEND_REMINDERS, SYNC_CALENDAR } from '../db/job-kinds.ts';
import { deadJobsOfAccount, reviveDeadJobs, scheduleJob } from '../db/jobs.ts';
import { occurrencesWithPendingPrompts } from '../db/prompts.ts';
import type { Provider } from '../db/schema.ts';
import { endSource, releasableSources } from '../db/series-sources.ts';
import type { ProviderKit } from '../lifecycle/deps.ts';
import { type ReleaseFailure, releaseSource } from '../lifecycle/release-source.ts';
import { describeError, log } from '../observability/log.ts';
import { missingPermissions, type RequiredPermission } from '../providers/oauth.ts';
import type { TokenSet } from '../providers/provider.ts';
import { addressDigest } from '../security/address-digest.ts';
import type { Keys } from '../security/keys.ts';
import { accountSession, openTokens, sealTokens } from './account-session.ts';
import { missingPermissionsReason } from './permissions.ts';

export interface AccountDeps {
  readonly db: Db;
  readonly keys: Keys;
  readonly clock: Clock;
}

/**
 * Records a (re)connected account: tokens sealed at rest, its primary calendar registered, a first sync scheduled
 * right away, and the work that waited for the person resumed: prompts held back while it was paused, jobs that gave up.
 *
 * A person may leave a permission unticked (Google's granular consent). The account is stored either way, but while
 * a permission is missing it needs reconnecting, with the permission named, and nothing runs for it. Why not keep it
 * active for the half that works: Carryover's work is one loop — the agenda in the invite, then the prompt that
 * records what was agreed and carries it into the next invite — and the lifecycle already pauses an account at its
 * first 403 for a missing scope (src/lifecycle/deps.ts, send-prompts.ts). Left active without "Send email on your
 * behalf", the account would run until its first meeting ended and then pause, after invites were written and at a
 * moment nobody is looking; saying so at once keeps one state and one message.
 */
export async function connectAccount(
  deps: AccountDeps,
  kit: ProviderKit,
  provider: Provider,
  identity: { email: string; name?: string | undefined },
  tokens: TokenSet,
): Promise<{ accountId: string; missing: readonly RequiredPermission[] }> {
  const { db, keys, clock } = deps;
  const missing = missingPermissions(kit.oauth, tokens.scope);
  const before = await findAccountByEmail(db, provider, identity.email);
  // Someone who deleted their data and connects again is back by their own doing: their 1:1s may be followed again.
  await rememberPerson(db, await addressDigest(keys, identity.email));
  const account = await upsertAccount(db, {
    provider,
    email: identity.email,
    displayName: identity.name ?? null,
    tokensSealed: await sealTokens(keys, tokens),
    needsReconnect: missing.length > 0 ? missingPermissionsReason(missing) : null,
    origin: kit.origin,
  });
  log.info('account.state', {
    accountId: account.id,
    provider,
    from: before?.status ?? 'none',
    to: account.status,
    reason: missing.length > 0 ? 'missing-permission' : before ? 'reconnected' : 'connected',
    missing: missing.length > 0 ? missing.map((permission) => permission.scope) : undefined,
  });
  const session = accountSession({ db, keys, clock, oauth: kit.oauth }, account);
  const calendar = await ensureCalendar(db, account.id, await kit.api.primaryCalendarId(session));
  if (missing.length > 0) return { accountId: account.id, missing };
  const now = clock();
  await scheduleJob(db, { kind: SYNC_CALENDAR, key: calendar.id, runAt: now });
  // Work that waited for the person: prompts held back while the account was paused, and jobs that gave up.
  for (const id of await occurrencesWithPendingPrompts(db, account.id)) {
    await scheduleJob(db, { kind: SEND_PROMPTS, key: id, runAt: now });
  }
  for (const id of await occurrencesWithPendingPrompts(db, account.id, 'reminder')) {
    await scheduleJob(db, { kind: SEND_REMINDERS, key: id, runAt: now });
  }
  // Its 1:1s are prepared again: a change made while it was paused (a commitment closed) reaches the next invite.
  for (const source of await releasableSources(db, account.id)) {
    await scheduleJob(db, { kind: PREPARE_SOURCE, key: source.id, runAt: now });
  }
  const dead = await deadJobsOfAccount(db, account.id);
  await reviveDeadJobs(
    db,
    dead.map((job) => job.id),
    now,
  );
  return { accountId: account.id, missing };
}

/** What a disconnect did about the upcoming invites of the account's 1:1s. */
export interface DisconnectOutcome {
  /**
   * Whether Carryover could still write to the calendar. When it could not (the account needed reconnecting, or its
   * provider is not set up here), upcoming invites keep whatever block they had.
   */
  readonly reachable: boolean;
  /** Upcoming invites the block was taken off. */
  readonly cleaned: number;
  /** Invites that still show the block, and 1:1s whose invites could not be read. */
  readonly failures: readonly ReleaseFailure[];
}

/**
 * Disconnects an account. In this order: the block is taken off the upcoming invites of each of its live 1:1s and
 * the sources are ended (so nothing is written for them any more), push channels are stopped, the grant is revoked
 * and the tokens deleted. The series keep their history and agendas. A provider refusing one invite does not stop
 * the rest: the failures are logged and returned, for the person to be told.
 */
export async function disconnectAccount(
  deps: AccountDeps,
  kit: ProviderKit | undefined,
  accountId: string,
): Promise<DisconnectOutcome | undefined> {
  const { db, keys, clock } = deps;
  const account = await findAccount(db, accountId);
  if (!account) return undefined;
  const calendars = await calendarsOf(db, account.id);
  const [calendar] = calendars;
  const session =
    kit && account.tokens_encrypted && account.status === 'active'
      ? accountSession({ db, keys, clock, oauth: kit.oauth }, account)
      : undefined;

  let cleaned = 0;
  const failures: ReleaseFailure[] = [];
  for (const source of await releasableSources(db, account.id)) {
    if (!kit || !session || !calendar) {
      await endSource(db, source.id, clock());
      continue;
    }
    const released = await releaseSource(deps, kit.api, session, calendar.provider_calendar_id, source);
    cleaned += released.cleaned;
    failures.push(...released.failures);
  }
  for (const failure of failures) {
    log.warn('account.disconnect.block-kept', {
      accountId: account.id,
      sourceId: failure.sourceId,
      meetingStartsAt: failure.meeting?.startsAt.toISOString(),
      errorKind: failure.error.kind,
      error: describeError(failure.error),
    });
  }

  if (kit && session) {
    for (const calendar of calendars) {
      if (calendar.watch_id && calendar.watch_resource_id) {
        // Best effort: a channel that cannot be stopped expires by itself and its notifications are ignored.
        await kit.api
          .stopWatch(session, { id: calendar.watch_id, resourceId: calendar.watch_resource_id })
          .catch((error: unknown) =>
            log.warn('account.disconnect.stop-watch-failed', {
              accountId: account.id,
              calendarId: calendar.id,
              error: describeError(error),
            }),
          );
      }
    }
    if (account.tokens_encrypted) {
      const tokens = await openTokens(keys, account.tokens_encrypted);
      await kit.oauth
        .revoke(tokens.refreshToken ?? tokens.accessToken)
        .catch((error: unknown) =>
          log.warn('account.disconnect.revoke-failed', { accountId: account.id, error: describeError(error) }),
        );
    }
  }
  for (const calendar of calendars) {
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
  log.info('account.state', {
    accountId: account.id,
    provider: account.provider,
    from: account.status,
    to: 'disconnected',
    reason: 'disconnected-by-owner',
    invitesCleaned: cleaned,
    invitesNotCleaned: failures.length,
  });
  return { reachable: session !== undefined && calendar !== undefined, cleaned, failures };
}
