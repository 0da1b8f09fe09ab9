import type { Context } from 'hono';
import * as v from 'valibot';
import type { AppEnv } from './app-deps.ts';
import { readSealedCookie, setSealedCookie } from './sealed-cookie.ts';

/**
 * What a browser carries between requests for the person using it, sealed so it can be neither read nor forged: the
 * accounts connected in it, and what their last disconnect did (shown once on the account page).
 */

type Ctx = Context<AppEnv>;

const ACCOUNTS_COOKIE = 'carryover_account';
/** A browser forgets its accounts this long after the latest connect. */
const ACCOUNTS_DAYS = 30;
/** At most this many accounts per browser, the most recently connected first. */
export const MAX_BROWSER_ACCOUNTS = 10;

const OUTCOME_COOKIE = 'carryover_disconnected';
/** Long enough to show the outcome page and its one reload (the time-zone script), short enough to be forgotten. */
const OUTCOME_SECONDS = 600;

// Today the cookie holds a list; it used to hold the one account connected last, which still reads.
const AccountsCookie = v.union([v.object({ accountIds: v.array(v.string()) }), v.object({ accountId: v.string() })]);

/** The outcome of a disconnect as the account page shows it (all text already made for people). */
export interface DisconnectNotice {
  readonly accountId: string;
  /** e.g. "maya@example.com (Google Calendar) is disconnected." */
  readonly headline: string;
  /** What happened to the upcoming invites, one sentence each. */
  readonly details: readonly string[];
  /** Whether some invites still show the agenda block (the notice is then an alert). */
  readonly incomplete: boolean;
}

const NoticeCookie = v.object({
  accountId: v.string(),
  headline: v.string(),
  details: v.array(v.string()),
  incomplete: v.boolean(),
});

/** Whether cookies must be Secure: whenever the service is reached over HTTPS. */
export const secureCookies = (c: Ctx) => c.get('deps').baseUrl.startsWith('https://');

/** The accounts connected in this browser, most recent first (none when the cookie is missing, stale or forged). */
export async function browserAccountIds(c: Ctx): Promise<string[]> {
  const { keys, clock } = c.get('deps');
  const parsed = v.safeParse(AccountsCookie, await readSealedCookie<unknown>(c, keys, ACCOUNTS_COOKIE, clock()));
  if (!parsed.success) return [];
  const ids = 'accountIds' in parsed.output ? parsed.output.accountIds : [parsed.output.accountId];
  return ids.slice(0, MAX_BROWSER_ACCOUNTS);
}

/** The list with `accountId` moved (or added) to the front, once, the oldest dropped past the cap. */
export function withFirst(ids: readonly string[], accountId: string, max = MAX_BROWSER_ACCOUNTS): string[] {
  return [accountId, ...ids.filter((id) => id !== accountId)].slice(0, max);
}

/** Remembers that an account was (re)connected in this browser, for another 30 days. */
export async function rememberAccount(c: Ctx, accountId: string): Promise<void> {
  const { keys, clock } = c.get('deps');
  const accountIds = withFirst(await browserAccountIds(c), accountId);
  await setSealedCookie(
    c,
    keys,
    ACCOUNTS_COOKIE,
    { accountIds },
    { maxAgeSeconds: ACCOUNTS_DAYS * 86_400, path: '/', secure: secureCookies(c), now: clock() },
  );
}

/** Keeps a disconnect's outcome for the account page the person is sent to next. */
export async function keepDisconnectNotice(c: Ctx, notice: DisconnectNotice): Promise<void> {
  const { keys, clock } = c.get('deps');
  await setSealedCookie(c, keys, OUTCOME_COOKIE, notice, {
    maxAgeSeconds: OUTCOME_SECONDS,
    path: '/account',
    secure: secureCookies(c),
    now: clock(),
  });
}

/**
 * The kept outcome of disconnecting `accountId`, if this browser has it. It is left to expire rather than cleared:
 * the page may reload once (for the time zone), and the notice should still be there.
 */
export async function disconnectNotice(c: Ctx, accountId: string): Promise<DisconnectNotice | undefined> {
  const { keys, clock } = c.get('deps');
  const parsed = v.safeParse(NoticeCookie, await readSealedCookie<unknown>(c, keys, OUTCOME_COOKIE, clock()));
  return parsed.success && parsed.output.accountId === accountId ? parsed.output : undefined;
}
