import type { Context } from 'hono';
import { connectAccount, disconnectAccount } from '../../accounts/connect-account.ts';
import { codeChallenge, newCodeVerifier } from '../../accounts/pkce.ts';
import { seriesLinks } from '../../agenda/links.ts';
import { findAccount } from '../../db/accounts.ts';
import { calendarsOf } from '../../db/calendars.ts';
import type { Provider } from '../../db/schema.ts';
import { isProviderError } from '../../providers/provider-error.ts';
import { newNonce } from '../../security/link-token.ts';
import type { AppEnv } from '../app-deps.ts';
import { messageResponse } from '../message-response.tsx';
import { clearCookie, readSealedCookie, setSealedCookie } from '../sealed-cookie.ts';
import { AccountPage, type AccountView } from '../views/account-page.tsx';

type Ctx = Context<AppEnv>;

const OAUTH_COOKIE = 'carryover_oauth';
const SESSION_COOKIE = 'carryover_account';
const SESSION_DAYS = 30;
const LABELS: Record<Provider, string> = { google: 'Google Calendar', microsoft: 'Outlook' };

interface OAuthPending {
  readonly provider: Provider;
  readonly state: string;
  readonly verifier: string;
}

function providerParam(c: Ctx): Provider | undefined {
  const name = c.req.param('provider');
  return name === 'google' || name === 'microsoft' ? name : undefined;
}

const secure = (c: Ctx) => c.get('deps').baseUrl.startsWith('https://');
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
    secure: secure(c),
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

/** GET /oauth/{provider}/callback: checks state, trades the code, records the account, opens the account page. */
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
    const { accountId } = await connectAccount(deps, kit, provider, identity, tokens);
    await setSealedCookie(
      c,
      deps.keys,
      SESSION_COOKIE,
      { accountId },
      {
        maxAgeSeconds: SESSION_DAYS * 86_400,
        path: '/',
        secure: secure(c),
        now: deps.clock(),
      },
    );
    return c.redirect('/account', 303);
  } catch (failure) {
    if (isProviderError(failure)) {
      console.warn(`connecting ${provider} failed:`, failure.message);
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

/** GET /account: the connected person's account, or the connect buttons. */
export async function accountPage(c: Ctx): Promise<Response> {
  const deps = c.get('deps');
  const session = await readSealedCookie<{ accountId: string }>(c, deps.keys, SESSION_COOKIE, deps.clock());
  const account = session ? await findAccount(deps.db, session.accountId) : undefined;
  let view: AccountView | null = null;
  if (account) {
    const calendars = await calendarsOf(deps.db, account.id);
    const seriesRows = await deps.db
      .selectFrom('series')
      .innerJoin('series_sources', 'series_sources.series_id', 'series.id')
      .select(['series.id', 'series.title', 'series.attendee_email', 'series.attendee_name', 'series.status'])
      .distinct()
      .where('series_sources.account_id', '=', account.id)
      .execute();
    const series = [];
    for (const row of seriesRows) {
      const links = await seriesLinks(deps.db, deps.keys, row.id);
      series.push({
        title: row.title,
        attendee: row.attendee_name ?? row.attendee_email,
        link: `/a/${links.organizer ?? ''}`,
        status: row.status,
      });
    }
    const synced = calendars.map((cal) => cal.last_synced_at).filter((d): d is Date => d !== null);
    view = {
      email: account.email,
      provider: account.provider,
      status: account.status,
      statusReason: account.status_reason,
      lastSyncedAt: synced.length > 0 ? new Date(Math.max(...synced.map((d) => d.getTime()))).toISOString() : null,
      watching: calendars.some((cal) => cal.watch_id !== null),
      series,
    };
  }
  if (c.req.header('accept')?.includes('application/json')) return c.json({ account: view });
  const connectable = Object.keys(deps.providers ?? {}).map((id) => ({ id, label: LABELS[id as Provider] }));
  return c.html(<AccountPage account={view} connectable={connectable} nonce={c.get('secureHeadersNonce')} />);
}

/** POST /disconnect: stops the account's channels, revokes and deletes its tokens. */
export async function disconnect(c: Ctx): Promise<Response> {
  const deps = c.get('deps');
  const session = await readSealedCookie<{ accountId: string }>(c, deps.keys, SESSION_COOKIE, deps.clock());
  if (session) {
    const account = await findAccount(deps.db, session.accountId);
    if (account) await disconnectAccount(deps, deps.providers?.[account.provider], account.id);
  }
  clearCookie(c, SESSION_COOKIE, '/');
  return c.redirect('/account', 303);
}
