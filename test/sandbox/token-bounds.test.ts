/**
 * The emulators' token stores stay small however long they run, as the providers' own do: each calendar keeps its
 * newest sync and page tokens, each mailbox its newest delta and skip tokens, and a token pushed out by newer ones is
 * answered as the provider answers one it invalidated — Google 410 `fullSyncRequired` ("Synchronize resources
 * efficiently": sync tokens are invalidated "for various reasons including token expiration"), Graph 410
 * `syncStateNotFound` (delta query overview, "Token duration": Outlook's delta token cache deletes the older tokens
 * once full) — which the product takes as a full sync. Expired access tokens leave the OAuth stores, and rotated
 * refresh tokens do not pile up. Counts come from `GET /sandbox/control/{google,microsoft}/tokens`.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { calendar_v3 } from '@googleapis/calendar';
import { OAuth2Client } from 'google-auth-library';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sandboxGoogleEndpoints } from '../../src/providers/google/endpoints.ts';
import { createGoogleProvider } from '../../src/providers/google/google-provider.ts';
import { sandboxMicrosoftEndpoints } from '../../src/providers/microsoft/endpoints.ts';
import { createMicrosoftProvider } from '../../src/providers/microsoft/microsoft-provider.ts';
import type { AccountSession } from '../../src/providers/provider.ts';
import { isProviderError } from '../../src/providers/provider-error.ts';
import { PAGE_TOKENS_PER_CALENDAR } from '../../src/sandbox/google/calendar/paging.ts';
import { SYNC_TOKENS_PER_CALENDAR } from '../../src/sandbox/google/calendar/store.ts';
import { DELTA_TOKENS_PER_MAILBOX, SKIP_TOKENS_PER_MAILBOX } from '../../src/sandbox/graph/calendar/delta.ts';
import { ACCESS_TOKEN_LIFETIME_S } from '../../src/sandbox/oauth-grants.ts';
import { decodeState, encodeState } from '../../src/sandbox/persistence.ts';
import { createSandbox } from '../../src/sandbox/sandbox.ts';
import { expectGraphError, graphClient, type Page, relative } from './graph/support.ts';
import { expectGoogleError, googleCalendar, type RunningSandbox, startSandbox, testClock } from './support.ts';

let run: RunningSandbox;
beforeEach(async () => {
  run = await startSandbox();
});
afterEach(() => run.close());

const session = (email: string): AccountSession => ({ email, accessToken: async () => `sandbox:${email}` });
const HOUR_MS = ACCESS_TOKEN_LIFETIME_S * 1000;

interface GoogleTokenCounts {
  syncTokens: number;
  pageTokens: number;
  accessTokens: number;
  refreshTokens: number;
}
interface MicrosoftTokenCounts {
  deltaTokens: number;
  skipTokens: number;
  accessTokens: number;
  refreshTokens: number;
}

async function tokenCounts(which: 'google'): Promise<GoogleTokenCounts>;
async function tokenCounts(which: 'microsoft'): Promise<MicrosoftTokenCounts>;
async function tokenCounts(which: 'google' | 'microsoft'): Promise<unknown> {
  const response = await fetch(`${run.base}/sandbox/control/${which}/tokens`);
  expect(response.status).toBe(200);
  return response.json();
}

function meeting(summary: string, day = 1): calendar_v3.Schema$Event {
  const date = `2024-11-${String(day).padStart(2, '0')}`;
  return { summary, start: { dateTime: `${date}T10:00:00Z` }, end: { dateTime: `${date}T10:30:00Z` } };
}

/** One incremental sync over plain HTTP (fast enough for a thousand): the next sync token. */
async function syncOnce(email: string, syncToken: string): Promise<string> {
  const query = new URLSearchParams({ syncToken });
  const response = await fetch(`${run.base}/sandbox/google/calendar/v3/calendars/primary/events?${query}`, {
    headers: { Authorization: `Bearer sandbox:${email}` },
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as calendar_v3.Schema$Events;
  return body.nextSyncToken ?? '';
}

describe('Google sync tokens: the newest few per calendar', () => {
  it('keeps the newest working and answers one pushed out by newer ones 410 fullSyncRequired; the product then syncs in full', async () => {
    const user = 'pushed-out@example.com';
    const { api, options } = googleCalendar(run.base, user);
    await api.events.insert({ calendarId: 'primary', requestBody: meeting('1:1') }, options);
    const tokens = [(await api.events.list({ calendarId: 'primary' }, options)).data.nextSyncToken ?? ''];
    for (let i = 0; i < SYNC_TOKENS_PER_CALENDAR; i++) {
      const { data } = await api.events.list({ calendarId: 'primary', syncToken: tokens.at(-1) ?? '' }, options);
      tokens.push(data.nextSyncToken ?? '');
    }

    const gone = tokens[0] ?? '';
    await expectGoogleError(
      api.events.list({ calendarId: 'primary', syncToken: gone }, options),
      410,
      'fullSyncRequired',
    );
    // The oldest still kept, and the newest, answer (each use issues one more token, pushing out the oldest).
    const kept = await api.events.list({ calendarId: 'primary', syncToken: tokens[1] ?? '' }, options);
    expect(kept.data.items).toEqual([]);
    const newest = await api.events.list({ calendarId: 'primary', syncToken: tokens.at(-1) ?? '' }, options);
    expect(newest.data.nextSyncToken).toEqual(expect.any(String));

    // The product's client path: a cursor the calendar no longer takes is `gone`, and a full sync (no cursor) follows.
    const provider = createGoogleProvider(sandboxGoogleEndpoints(run.base), { clock: run.clock.now });
    const failure = await provider.listChanges(session(user), 'primary', gone).catch((e: unknown) => e);
    expect(isProviderError(failure, 'gone')).toBe(true);
    const full = await provider.listChanges(session(user), 'primary', null);
    expect(await syncOnce(user, full.cursor)).not.toBe('');
  });

  it('holds at most the bound for a calendar after 1,000 incremental syncs, and no more for another calendar', async () => {
    const users = ['busy@example.com', 'busy-too@example.com'];
    for (const user of users) {
      const { api, options } = googleCalendar(run.base, user);
      await api.events.insert({ calendarId: 'primary', requestBody: meeting('1:1') }, options);
      let token = (await api.events.list({ calendarId: 'primary' }, options)).data.nextSyncToken ?? '';
      for (let i = 0; i < 500; i++) token = await syncOnce(user, token);
    }
    expect((await tokenCounts('google')).syncTokens).toBe(2 * SYNC_TOKENS_PER_CALENDAR);
  });

  it('still expires every token of a calendar on expire-sync-tokens, and counts none of them afterwards', async () => {
    const user = 'expire@example.com';
    const { api, options } = googleCalendar(run.base, user);
    const token = (await api.events.list({ calendarId: 'primary' }, options)).data.nextSyncToken ?? '';
    await fetch(`${run.base}/sandbox/control/google/expire-sync-tokens?email=${user}`, { method: 'POST' });
    await expectGoogleError(
      api.events.list({ calendarId: 'primary', syncToken: token }, options),
      410,
      'fullSyncRequired',
    );
    expect((await tokenCounts('google')).syncTokens).toBe(0);
  });
});

describe('Google page tokens: the newest few per calendar and call', () => {
  it('answers a page token of an abandoned listing, pushed out by newer ones, 400 invalid pageToken as an unknown one', async () => {
    const user = 'pages@example.com';
    const { api, options } = googleCalendar(run.base, user);
    for (let day = 1; day <= 3; day++)
      await api.events.insert({ calendarId: 'primary', requestBody: meeting(`m${day}`, day) }, options);
    const firstPages: string[] = [];
    for (let i = 0; i <= PAGE_TOKENS_PER_CALENDAR; i++) {
      const { data } = await api.events.list({ calendarId: 'primary', maxResults: 1 }, options);
      firstPages.push(data.nextPageToken ?? '');
    }
    await expectGoogleError(
      api.events.list({ calendarId: 'primary', maxResults: 1, pageToken: firstPages[0] ?? '' }, options),
      400,
      'invalid',
    );
    const newest = await api.events.list(
      { calendarId: 'primary', maxResults: 1, pageToken: firstPages.at(-1) ?? '' },
      options,
    );
    expect(newest.data.items?.map((item) => item.summary)).toEqual(['m2']);
    expect((await tokenCounts('google')).pageTokens).toBeLessThanOrEqual(PAGE_TOKENS_PER_CALENDAR);
  });

  it('keeps a paused listing alive while events.instances listings of the same calendar come and go', async () => {
    const user = 'paused-listing@example.com';
    const { api, options } = googleCalendar(run.base, user);
    const series = await api.events.insert(
      {
        calendarId: 'primary',
        requestBody: {
          summary: 'weekly',
          start: { dateTime: '2024-11-01T10:00:00', timeZone: 'UTC' },
          end: { dateTime: '2024-11-01T10:30:00', timeZone: 'UTC' },
          recurrence: ['RRULE:FREQ=WEEKLY;COUNT=5'],
        },
      },
      options,
    );
    await api.events.insert({ calendarId: 'primary', requestBody: meeting('single', 2) }, options);
    const listing = await api.events.list({ calendarId: 'primary', maxResults: 1 }, options);
    for (let i = 0; i < 3 * PAGE_TOKENS_PER_CALENDAR; i++)
      await api.events.instances({ calendarId: 'primary', eventId: series.data.id ?? '', maxResults: 1 }, options);
    const rest = await api.events.list(
      { calendarId: 'primary', maxResults: 1, pageToken: listing.data.nextPageToken ?? '' },
      options,
    );
    expect(rest.data.nextSyncToken).toEqual(expect.any(String));
    // The instances listings' newest, and the list's own.
    expect((await tokenCounts('google')).pageTokens).toBe(PAGE_TOKENS_PER_CALENDAR + 1);
  });
});

describe('Graph delta and skip tokens: the newest few per mailbox', () => {
  const WINDOW = 'startDateTime=2024-10-01T00:00:00Z&endDateTime=2024-11-01T00:00:00Z';
  type DeltaPage = Page<{ id: string }>;

  async function createEvent(user: string, subject: string): Promise<void> {
    await graphClient(run.base, user)
      .api('/me/events')
      .post({
        subject,
        start: { dateTime: '2024-10-08T10:00:00', timeZone: 'UTC' },
        end: { dateTime: '2024-10-08T10:30:00', timeZone: 'UTC' },
      });
  }

  /** One delta round from `path`, paged to its end: the deltaLink as a path. */
  async function round(user: string, path: string): Promise<string> {
    const client = graphClient(run.base, user);
    let page: DeltaPage = await client.api(path).get();
    while (page['@odata.nextLink']) page = await client.api(relative(page['@odata.nextLink'])).get();
    return relative(page['@odata.deltaLink'] ?? '');
  }

  it('keeps the newest deltaLink working and answers one pushed out 410 syncStateNotFound; the product then syncs in full', async () => {
    const user = 'delta-bound@example.com';
    await createEvent(user, '1:1');
    const links = [await round(user, `/me/calendarView/delta?${WINDOW}`)];
    for (let i = 0; i < DELTA_TOKENS_PER_MAILBOX; i++) links.push(await round(user, links.at(-1) ?? ''));

    const client = graphClient(run.base, user);
    await expectGraphError(client.api(links[0] ?? '').get(), 410, 'syncStateNotFound');
    const newest: DeltaPage = await client.api(links.at(-1) ?? '').get();
    expect(newest.value).toEqual([]);

    // The product's client path: an expired cursor is `gone`; a full sync from no cursor works.
    const provider = createMicrosoftProvider(sandboxMicrosoftEndpoints(run.base), run.clock.now);
    const first = await provider.listChanges(session(user), 'me', null);
    for (let i = 0; i < DELTA_TOKENS_PER_MAILBOX; i++) await round(user, `/me/calendarView/delta?${WINDOW}`);
    const failure = await provider.listChanges(session(user), 'me', first.cursor).catch((e: unknown) => e);
    expect(isProviderError(failure, 'gone')).toBe(true);
    await expect(provider.listChanges(session(user), 'me', null)).resolves.toHaveProperty('cursor');
  });

  it('holds at most the bound of delta tokens after 1,000 rounds of one mailbox', async () => {
    const user = 'delta-busy@example.com';
    await createEvent(user, '1:1');
    let link = `${run.base}/sandbox/graph/v1.0/me/calendarView/delta?${WINDOW}`;
    for (let i = 0; i < 1000; i++) {
      const response = await fetch(link, { headers: { Authorization: `Bearer sandbox:${user}` } });
      expect(response.status).toBe(200);
      link = ((await response.json()) as DeltaPage)['@odata.deltaLink'] ?? '';
    }
    expect((await tokenCounts('microsoft')).deltaTokens).toBe(DELTA_TOKENS_PER_MAILBOX);
  });

  it('forgets the skip tokens of abandoned rounds past the bound: the oldest answers 410 syncStateNotFound', async () => {
    const user = 'skip-bound@example.com';
    await createEvent(user, 'a');
    await createEvent(user, 'b');
    const client = graphClient(run.base, user);
    const nextLinks: string[] = [];
    for (let i = 0; i <= SKIP_TOKENS_PER_MAILBOX; i++) {
      const page: DeltaPage = await client
        .api(`/me/calendarView/delta?${WINDOW}`)
        .header('Prefer', 'odata.maxpagesize=1')
        .get();
      nextLinks.push(relative(page['@odata.nextLink'] ?? ''));
    }
    expect((await tokenCounts('microsoft')).skipTokens).toBe(SKIP_TOKENS_PER_MAILBOX);
    await expectGraphError(client.api(nextLinks[0] ?? '').get(), 410, 'syncStateNotFound');
    const rest: DeltaPage = await client.api(nextLinks.at(-1) ?? '').get();
    expect(rest['@odata.deltaLink']).toEqual(expect.any(String));
  });
});

describe('OAuth: only live access tokens are held', () => {
  it('Google: drops expired access tokens as new ones are issued; an expired one stays refused', async () => {
    const client = new OAuth2Client({
      clientId: 'carryover-client',
      clientSecret: 'shh',
      redirectUri: 'http://localhost:8787/connect/google/callback',
      endpoints: {
        oauth2AuthBaseUrl: `${run.base}/sandbox/google/o/oauth2/v2/auth`,
        oauth2TokenUrl: `${run.base}/sandbox/google/token`,
        oauth2RevokeUrl: `${run.base}/sandbox/google/revoke`,
      },
    });
    const url = client.generateAuthUrl({
      access_type: 'offline',
      scope: ['https://www.googleapis.com/auth/calendar.events'],
      login_hint: 'refresher@example.com',
    });
    const redirect = await fetch(url, { redirect: 'manual' });
    const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const { tokens } = await client.getToken(code);
    client.setCredentials(tokens);
    const first = tokens.access_token ?? '';

    // A day of refreshes, one every 36 minutes: never more than the tokens of the last hour are held.
    for (let i = 0; i < 40; i++) {
      run.clock.advance(36 * 60_000);
      await client.refreshAccessToken();
      expect((await tokenCounts('google')).accessTokens).toBeLessThanOrEqual(2);
    }
    expect((await tokenCounts('google')).refreshTokens).toBe(1);
    const { api, options } = googleCalendar(run.base, client);
    await expect(api.events.list({ calendarId: 'primary' }, options)).resolves.toHaveProperty('status', 200);
    await expectGoogleError(
      api.events.list(
        { calendarId: 'primary' },
        { rootUrl: options.rootUrl, retry: false, headers: { Authorization: `Bearer ${first}` } },
      ),
      401,
      'authError',
    );
  });

  it('Microsoft: holds no expired access token and only a few spent refresh tokens after many rotations', async () => {
    const clientId = '11111111-2222-3333-4444-555555555555';
    const redirectUri = 'http://localhost:8787/connect/microsoft/callback';
    const endpoint = (path: string) => `${run.base}/sandbox/microsoft/common/oauth2/v2.0/${path}`;
    const verifier = randomBytes(32).toString('base64url');
    const query = new URLSearchParams({
      client_id: clientId,
      response_type: 'code',
      redirect_uri: redirectUri,
      scope: 'openid offline_access https://graph.microsoft.com/Calendars.ReadWrite',
      login_hint: 'rotator@example.com',
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    const redirect = await fetch(`${endpoint('authorize')}?${query}`, { redirect: 'manual' });
    const code = new URL(redirect.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const token = async (params: Record<string, string>) => {
      const response = await fetch(endpoint('token'), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ client_id: clientId, ...params }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, string> };
    };
    let current = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri,
      code_verifier: verifier,
    });
    const firstRefresh = current.body.refresh_token ?? '';
    for (let i = 0; i < 100; i++) {
      run.clock.advance(HOUR_MS / 4);
      current = await token({ grant_type: 'refresh_token', refresh_token: current.body.refresh_token ?? '' });
      expect(current.status).toBe(200);
    }
    const counts = await tokenCounts('microsoft');
    // Tokens of the last hour only (one every 15 minutes), and the live refresh token with a few spent ones.
    expect(counts.accessTokens).toBeLessThanOrEqual(4);
    expect(counts.refreshTokens).toBeLessThanOrEqual(9);
    // A long-spent refresh token is refused as before: invalid_grant.
    const replay = await token({ grant_type: 'refresh_token', refresh_token: firstRefresh });
    expect(replay).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const graph = graphClient(run.base, () => current.body.access_token ?? '');
    await expect(graph.api('/me').get()).resolves.toHaveProperty('mail', 'rotator@example.com');
  });
});

describe("a standalone sandbox's state file (SANDBOX_STATE)", () => {
  it('saves the bounded stores and brings them back still bounded and working', async () => {
    const user = 'saved@example.com';
    const { api, options } = googleCalendar(run.base, user);
    let syncToken = (await api.events.list({ calendarId: 'primary' }, options)).data.nextSyncToken ?? '';
    for (let i = 0; i < 20; i++) syncToken = await syncOnce(user, syncToken);

    const clock = testClock();
    clock.set(run.clock.now().toISOString());
    const other = createSandbox({ clock: clock.now });
    other.state.load(decodeState(encodeState(run.sandbox.state.save())));
    const headers = { Authorization: `Bearer sandbox:${user}` };
    const events = 'http://sandbox/sandbox/google/calendar/v3/calendars/primary/events';
    const kept = await other.app.request(`${events}?${new URLSearchParams({ syncToken })}`, { headers });
    expect(kept.status).toBe(200);
    const counts = (await (await other.app.request('http://sandbox/sandbox/control/google/tokens')).json()) as {
      syncTokens: number;
    };
    expect(counts.syncTokens).toBe(SYNC_TOKENS_PER_CALENDAR);
  });
});
