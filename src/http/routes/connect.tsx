import type { Context } from 'hono';
import { openTokens } from '../../accounts/account-session.ts';
import { connectAccount } from '../../accounts/connect-account.ts';
import { describeMissing } from '../../accounts/permissions.ts';
import { codeChallenge, newCodeVerifier } from '../../accounts/pkce.ts';
import { linkToken } from '../../agenda/links.ts';
import { formatMeetingTime } from '../../core/time.ts';
import { findAccount } from '../../db/accounts.ts';
import { calendarsOf } from '../../db/calendars.ts';
import { PREPARE_SOURCE, SEND_PROMPTS, SEND_REMINDERS, SYNC_CALENDAR } from '../../db/job-kinds.ts';
import { deadJobsOfAccount } from '../../db/jobs.ts';
import { type UnsettledPrompt, unsettledPromptsOfAccount } from '../../db/prompts.ts';
import type { Provider } from '../../db/schema.ts';
import { seriesOfAccount } from '../../db/series-sources.ts';
import { describeError, log } from '../../observability/log.ts';
import { listingUnderWay } from '../../providers/google/sync-cursor.ts';
import { missingPermissions } from '../../providers/oauth.ts';
import { isProviderError } from '../../providers/provider-error.ts';
import { newNonce } from '../../security/link-token.ts';
import type { AppDeps, AppEnv } from '../app-deps.ts';
import { browserAccountIds, disconnectNotice, rememberAccount, secureCookies } from '../browser-session.ts';
import { messageResponse } from '../message-response.tsx';
import { clearCookie, readSealedCookie, setSealedCookie } from '../sealed-cookie.ts';
import { AccountPage, type AccountView, type UnsettledPromptView } from '../views/account-page.tsx';
import { PermissionsPage } from '../views/permissions-page.tsx';

type Ctx = Context<AppEnv>;

const OAUTH_COOKIE = 'carryover_oauth';
/** The providers as people know them. */
export const PROVIDER_LABELS: Record<Provider, string> = { google: 'Google Calendar', microsoft: 'Outlook' };

interface OAuthPending {
  readonly provider: Provider;
  readonly state: string;
  readonly verifier: string;
}

function providerParam(c: Ctx): Provider | undefined {
  const name = c.req.param('provider');
  return name === 'google' || name === 'microsoft' ? name : undefined;
}

const redirectUri = (c: Ctx, provider: Provider) => `${c.get('deps').baseUrl}/oauth/${provider}/callback`;

/** GET /connect/{provider}: starts the OAuth flow (state and PKCE verifier kept in a sealed, short-lived cookie). */
export async function startConnect(c: Ctx): Promise<Response> {
  const deps = c.get('deps');
  const provider = providerParam(c);
  const kit = provider ? deps.providers?.[provider] : undefined;
  if (!provider || !kit) return messageResponse(c, 404, 'Not available', 'This calendar provider is not set up here.');
  const pending: OAuthPending = { provider, state: newNonce(), verifier: newCodeVerifier() };
  await setSealedCookie(c, deps.keys, OAUTH_COOKIE, pending, {
    maxAgeSeconds: 600,
    path: '/oauth',
    secure: secureCookies(c),
    now: deps.clock(),
  });
  const url = kit.oauth.authorizationUrl({
    state: pending.state,
    codeChallenge: await codeChallenge(pending.verifier),
    redirectUri: redirectUri(c, provider),
    loginHint: c.req.query('login_hint') || undefined,
  });
  return c.redirect(url, 302);
}

/**
 * GET /oauth/{provider}/callback: checks state, trades the code, records the account, opens the account page — or,
 * when the person left a permission unticked, a page naming it with a button to allow it.
 */
export async function finishConnect(c: Ctx): Promise<Response> {
  const deps = c.get('deps');
  const provider = providerParam(c);
  const kit = provider ? deps.providers?.[provider] : undefined;
  if (!provider || !kit) return messageResponse(c, 404, 'Not available', 'This calendar provider is not set up here.');
  const pending = await readSealedCookie<OAuthPending>(c, deps.keys, OAUTH_COOKIE, deps.clock());
  clearCookie(c, OAUTH_COOKIE, '/oauth');
  const { code, state, error } = c.req.query();
  if (error)
    return messageResponse(c, 400, 'Not connected', `The calendar provider said: ${error}. Nothing was connected.`);
  if (!pending || pending.provider !== provider || !state || state !== pending.state || !code) {
    return messageResponse(
      c,
      400,
      'Not connected',
      'This sign-in link is stale or was not started here. Please try again.',
    );
  }
  try {
    const { tokens, identity } = await kit.oauth.exchangeCode({
      code,
      codeVerifier: pending.verifier,
      redirectUri: redirectUri(c, provider),
    });
    const { accountId, missing } = await connectAccount(deps, kit, provider, identity, tokens);
    await rememberAccount(c, accountId);
    if (missing.length > 0) {
      return c.html(
        <PermissionsPage
          email={identity.email}
          providerLabel={PROVIDER_LABELS[provider]}
          missing={describeMissing(missing)}
          connectPath={`/connect/${provider}`}
          nonce={c.get('secureHeadersNonce')}
        />,
      );
    }
    return c.redirect('/account', 303);
  } catch (failure) {
    if (isProviderError(failure)) {
      log.warn('account.connect-failed', {
        requestId: c.get('requestId'),
        provider,
        errorKind: failure.kind,
        error: describeError(failure),
      });
      return messageResponse(
        c,
        502,
        'Not connected',
        `The calendar provider refused the connection (${failure.kind}).`,
      );
    }
    throw failure;
  }
}

/** GET /account: every account connected in this browser (or its JSON: `{ accounts, account }`), and connect buttons. */
export async function accountPage(c: Ctx): Promise<Response> {
  const deps = c.get('deps');
  const ids = await browserAccountIds(c);
  const accounts: AccountView[] = [];
  for (const id of ids) {
    const account = await findAccount(deps.db, id);
    if (account) accounts.push(await accountView(deps, account));
  }
  // `account`: the most recently connected one, as this answer had before it listed them all.
  if (c.req.header('accept')?.includes('application/json')) return c.json({ accounts, account: accounts[0] ?? null });
  const disconnected = c.req.query('disconnected');
  const notice = disconnected && ids.includes(disconnected) ? await disconnectNotice(c, disconnected) : undefined;
  const connectable = Object.keys(deps.providers ?? {}).map((id) => ({ id, label: PROVIDER_LABELS[id as Provider] }));
  return c.html(
    <AccountPage accounts={accounts} connectable={connectable} notice={notice} nonce={c.get('secureHeadersNonce')} />,
  );
}

async function accountView(
  deps: AppDeps,
  account: NonNullable<Awaited<ReturnType<typeof findAccount>>>,
): Promise<AccountView> {
  const calendars = await calendarsOf(deps.db, account.id);
  const series = [];
  for (const row of await seriesOfAccount(deps.db, account.id)) {
    series.push({
      title: row.title,
      attendee: row.attendee_name ?? row.attendee_email,
      link: await ownAgendaLink(deps, row.id, account.email),
      status: row.status,
    });
  }
  const synced = calendars.map((cal) => cal.last_synced_at).filter((d): d is Date => d !== null);
  const missing = await missingOf(deps, account);
  return {
    id: account.id,
    email: account.email,
    provider: account.provider,
    providerLabel: PROVIDER_LABELS[account.provider],
    status: account.status,
    statusReason: account.status_reason,
    lastSyncedAt: synced.length > 0 ? new Date(Math.max(...synced.map((d) => d.getTime()))).toISOString() : null,
    watching: calendars.some((cal) => cal.watch_id !== null),
    series,
    prompts: (await unsettledPromptsOfAccount(deps.db, account.id)).map(promptView),
    deadJobs: (await deadJobsOfAccount(deps.db, account.id)).map((job) => ({
      id: job.id,
      text: `Carryover gave up ${JOB_WORDS[job.kind] ?? `a "${job.kind}" job`} after ${job.attempts} tries: ${job.lastError ?? 'no error was recorded'}.`,
    })),
    ...(missing.length > 0 && { missingPermissions: missing }),
    ...(calendars.some((cal) => listingUnderWay(cal.sync_cursor)) && {
      syncNotes: calendars.flatMap((cal) => syncNote(cal.sync_cursor) ?? []),
    }),
  };
}

/** The permissions the account's stored grant lacks, as the person reads them (its tokens say what was granted). */
async function missingOf(
  deps: AppDeps,
  account: NonNullable<Awaited<ReturnType<typeof findAccount>>>,
): Promise<ReturnType<typeof describeMissing>> {
  const oauth = deps.providers?.[account.provider]?.oauth;
  if (!oauth || !account.tokens_encrypted || account.status === 'disconnected') return [];
  const tokens = await openTokens(deps.keys, account.tokens_encrypted);
  return describeMissing(missingPermissions(oauth, tokens.scope));
}

/** A calendar still being read in parts (more than one sync's bound), in a sentence. */
function syncNote(cursor: string | null): string | undefined {
  const listing = listingUnderWay(cursor);
  if (!listing) return undefined;
  const count = listing.read.toLocaleString('en');
  const since = listing.since ? ` since ${listing.since.toISOString().slice(0, 10)}` : '';
  return `This calendar has more events${since} than Carryover reads in one check: ${count} read so far, the rest at the next checks, so some 1:1s may show up later.`;
}

/** What each kind of job does, for a person reading why it gave up. */
const JOB_WORDS: Readonly<Record<string, string>> = {
  [SYNC_CALENDAR]: 'checking this calendar for changes',
  [PREPARE_SOURCE]: "preparing a 1:1's next invite",
  [SEND_PROMPTS]: "sending a meeting's recaps",
  [SEND_REMINDERS]: "sending a meeting's reminders",
};

/** A failed or ambiguous prompt in one sentence: which, and what is known of it. */
function promptView(prompt: UnsettledPrompt): UnsettledPromptView {
  const which = `the ${prompt.kind === 'reminder' ? 'reminder' : 'recap'} to ${prompt.recipient} ${prompt.kind === 'reminder' ? 'before' : 'after'} "${prompt.seriesTitle}" (${formatMeetingTime(prompt.startsAt, prompt.endsAt, prompt.timeZone)})`;
  const said = prompt.error ? ` The provider said: ${prompt.error}` : '';
  const text =
    prompt.state === 'ambiguous'
      ? `May not have been sent: ${which}. Check whether it arrived; if not, send it again.${said}`
      : prompt.failure === 'gave-up'
        ? `Not sent after several tries: ${which}.${said}`
        : `Not sent, refused by the provider: ${which}.${said}`;
  return { id: prompt.id, state: prompt.state, text };
}

/** The agenda link of `email` (the account's owner) for one of the 1:1s in their calendar. */
async function ownAgendaLink(deps: AppDeps, seriesId: string, email: string): Promise<string> {
  // The account's owner is one of the thread's two people: their own link (created on first use).
  return `/a/${await linkToken(deps.db, deps.keys, seriesId, email)}`;
}
