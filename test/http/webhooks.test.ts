import type { Hono } from 'hono';
import type { KyselyPlugin } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { upsertAccount } from '../../src/db/accounts.ts';
import { ensureCalendar, updateCalendar } from '../../src/db/calendars.ts';
import { SYNC_CALENDAR } from '../../src/db/job-kinds.ts';
import type { Provider } from '../../src/db/schema.ts';
import { createApp } from '../../src/http/app.tsx';
import type { AppEnv } from '../../src/http/app-deps.ts';
import { MAX_GRAPH_NOTIFICATIONS } from '../../src/http/graph-notifications.ts';
import { hashToken } from '../../src/security/link-token.ts';
import { testDatabaseKind } from '../support/database.ts';
import { type Harness, startHarness } from '../support/harness.ts';

// Graph subscription ids are GUIDs and Carryover's clientStates 43 characters; these are short so that a body of
// MAX_GRAPH_NOTIFICATIONS entries still fits the 64 KiB body limit.
const SUB = 'sub-a';
const SECRET = 'secret-a';
const OTHER_SUB = 'sub-b';
const OTHER_SECRET = 'secret-b';

let h: Harness;
/** The app over a database handle that records which table each SELECT reads. */
let app: Hono<AppEnv>;
let selects: string[];

beforeEach(async () => {
  h = await startHarness();
  selects = [];
  const recordSelects: KyselyPlugin = {
    transformQuery({ node }) {
      if (node.kind === 'SelectQueryNode') {
        const from = (node as { from?: { froms: readonly { table?: { identifier?: { name?: string } } }[] } }).from;
        for (const table of from?.froms ?? []) selects.push(table.table?.identifier?.name ?? '?');
      }
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  app = createApp({
    db: h.db.withPlugin(recordSelects),
    databaseKind: testDatabaseKind,
    keys: h.keys,
    clock: h.clock,
    baseUrl: h.baseUrl,
    sandbox: false,
  });
});
afterEach(async () => {
  vi.restoreAllMocks();
  await h.close();
});

/** A connected account's calendar with a live push channel or subscription. */
async function watchedCalendar(provider: Provider, email: string, watchId: string, secret: string) {
  const account = await upsertAccount(h.db, {
    provider,
    email,
    displayName: null,
    tokensSealed: 'sealed',
    origin: 'provider',
  });
  const calendar = await ensureCalendar(h.db, account.id, 'primary');
  await updateCalendar(h.db, calendar.id, {
    watch_id: watchId,
    watch_resource_id: provider === 'google' ? 'resource-1' : null,
    watch_secret_hash: await hashToken(secret),
    watch_expires_at: '2026-12-01T00:00:00Z',
  });
  return calendar;
}

function post(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return Promise.resolve(
    app.request(path, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    }),
  );
}

function jobs() {
  return h.db.selectFrom('jobs').select(['kind', 'key']).execute();
}

const change = (subscriptionId: string, clientState: string | null) => ({
  subscriptionId,
  clientState,
  changeType: 'updated',
  resource: 'Users/u/Events/e',
});

describe('POST /webhooks/microsoft', () => {
  it('refuses a body whose entry is not an object (value: [null]) with a 400, not a 500', async () => {
    await watchedCalendar('microsoft', 'maya@example.com', SUB, SECRET);
    const response = await post('/webhooks/microsoft', { value: [null] });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: 'invalid',
      message: 'not a Graph change notification: value.0: each notification must be an object',
    });
    expect(selects).toEqual([]);
  });

  it('refuses anything that is not a Graph notification collection, looking nothing up', async () => {
    const bodies: [string, unknown][] = [
      ['not JSON', 'not json'],
      ['a JSON array', [change(SUB, SECRET)]],
      ['no value', {}],
      ['value not an array', { value: change(SUB, SECRET) }],
      ['an empty value', { value: [] }],
      ['a string entry', { value: ['sub-a'] }],
      ['no subscriptionId', { value: [{ clientState: SECRET }] }],
      ['a numeric subscriptionId', { value: [{ subscriptionId: 7, clientState: SECRET }] }],
      ['an empty subscriptionId', { value: [{ subscriptionId: '', clientState: SECRET }] }],
      ['a NUL in the subscriptionId', { value: [change('sub\u0000a', SECRET)] }],
      ['a subscriptionId longer than a GUID could be', { value: [change('s'.repeat(129), SECRET)] }],
      ['a numeric clientState', { value: [{ subscriptionId: SUB, clientState: 1 }] }],
      ['a valid entry then junk', { value: [change(SUB, SECRET), 42] }],
    ];
    for (const [what, body] of bodies) {
      const response = await post('/webhooks/microsoft', body);
      expect(response.status, what).toBe(400);
      expect(await response.json(), what).toMatchObject({ error: 'invalid' });
    }
    expect(selects).toEqual([]);
    expect(await jobs()).toEqual([]);
  });

  it(`refuses more than ${MAX_GRAPH_NOTIFICATIONS} entries before looking anything up`, async () => {
    await watchedCalendar('microsoft', 'maya@example.com', 's', SECRET);
    for (const count of [MAX_GRAPH_NOTIFICATIONS + 1, 2000]) {
      const response = await post('/webhooks/microsoft', { value: Array(count).fill({ subscriptionId: 's' }) });
      expect(response.status, `${count} entries`).toBe(400);
      expect((await response.json()) as { message: string }).toMatchObject({
        message: `not a Graph change notification: value: value must hold at most ${MAX_GRAPH_NOTIFICATIONS} notifications`,
      });
    }
    expect(selects).toEqual([]);
    expect(await jobs()).toEqual([]);
  });

  it('looks a subscription up once and hashes its clientState once, however many entries repeat it', async () => {
    const calendar = await watchedCalendar('microsoft', 'maya@example.com', SUB, SECRET);
    const digest = vi.spyOn(globalThis.crypto.subtle, 'digest');
    const response = await post('/webhooks/microsoft', {
      value: Array(MAX_GRAPH_NOTIFICATIONS).fill({ subscriptionId: SUB, clientState: SECRET }),
    });
    expect(response.status).toBe(202);
    expect(selects).toEqual(['calendars']);
    expect(digest).toHaveBeenCalledTimes(1);
    expect(await jobs()).toEqual([{ kind: SYNC_CALENDAR, key: calendar.id }]);
  });

  it('schedules one sync per calendar named by a genuine notification, and ignores unknown subscriptions', async () => {
    const maya = await watchedCalendar('microsoft', 'maya@example.com', SUB, SECRET);
    const lee = await watchedCalendar('microsoft', 'lee@example.com', OTHER_SUB, OTHER_SECRET);
    const response = await post('/webhooks/microsoft', {
      value: [change(SUB, SECRET), change('stopped-long-ago', 'whatever'), change(OTHER_SUB, OTHER_SECRET)],
    });
    expect(response.status).toBe(202);
    expect(selects).toEqual(['calendars']);
    expect((await jobs()).map((job) => job.key).sort()).toEqual([maya.id, lee.id].sort());
    const notified = await h.db.selectFrom('calendars').select('last_notified_at').where('id', '=', maya.id).execute();
    expect(notified[0]!.last_notified_at).toEqual(h.clock());
  });

  it('acknowledges a notification for an unknown subscription and schedules nothing', async () => {
    await watchedCalendar('microsoft', 'maya@example.com', SUB, SECRET);
    const response = await post('/webhooks/microsoft', { value: [change('stopped-long-ago', SECRET)] });
    expect(response.status).toBe(202);
    expect(await jobs()).toEqual([]);
  });

  it('refuses the whole request when a known subscription comes with a wrong clientState, and logs it once', async () => {
    await watchedCalendar('microsoft', 'maya@example.com', SUB, SECRET);
    await watchedCalendar('microsoft', 'lee@example.com', OTHER_SUB, OTHER_SECRET);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    for (const value of [
      [change(SUB, 'guess')],
      [change(SUB, null)],
      // A genuine entry beside a forged one: the request as a whole is not trusted, so nothing is scheduled.
      [change(OTHER_SUB, OTHER_SECRET), ...Array(500).fill(change(SUB, 'guess'))],
    ]) {
      warn.mockClear();
      const response = await post('/webhooks/microsoft', { value });
      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ error: 'unauthorized', message: 'clientState does not match' });
      expect(warn).toHaveBeenCalledTimes(1);
      expect(String(warn.mock.calls[0]![0])).toContain(SUB);
    }
    expect(await jobs()).toEqual([]);
  });

  it('still answers the validation handshake with the token as text/plain', async () => {
    for (const path of ['/webhooks/microsoft', '/webhooks/microsoft/lifecycle']) {
      const response = await app.request(`${path}?validationToken=${encodeURIComponent('Validation: Token 1+2')}`, {
        method: 'POST',
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      expect(await response.text()).toBe('Validation: Token 1+2');
    }
  });
});

describe('POST /webhooks/microsoft/lifecycle', () => {
  const lifecycle = (subscriptionId: string, clientState: string | null, lifecycleEvent: string) => ({
    subscriptionId,
    subscriptionExpirationDateTime: '2026-12-01T00:00:00Z',
    tenantId: 'tenant',
    clientState,
    lifecycleEvent,
  });

  it('refuses junk like the change endpoint does', async () => {
    for (const body of ['not json', { value: [null] }, { value: Array(MAX_GRAPH_NOTIFICATIONS + 1).fill({}) }]) {
      const response = await post('/webhooks/microsoft/lifecycle', body);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { message: string }).message).toMatch(/^not a Graph lifecycle notification/);
    }
    expect(selects).toEqual([]);
  });

  it('makes the next sync renew a removed subscription, once per calendar however many entries name it', async () => {
    const calendar = await watchedCalendar('microsoft', 'maya@example.com', SUB, SECRET);
    const response = await post('/webhooks/microsoft/lifecycle', {
      value: [...Array(300).fill(lifecycle(SUB, SECRET, 'missed')), lifecycle(SUB, SECRET, 'subscriptionRemoved')],
    });
    expect(response.status).toBe(202);
    expect(selects).toEqual(['calendars']);
    expect(await jobs()).toEqual([{ kind: SYNC_CALENDAR, key: calendar.id }]);
    const row = await h.db.selectFrom('calendars').selectAll().where('id', '=', calendar.id).executeTakeFirstOrThrow();
    expect(row.watch_expires_at).toEqual(h.clock());
  });

  it('refuses a wrong clientState and changes nothing', async () => {
    const calendar = await watchedCalendar('microsoft', 'maya@example.com', SUB, SECRET);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const response = await post('/webhooks/microsoft/lifecycle', {
      value: [lifecycle(SUB, 'guess', 'subscriptionRemoved')],
    });
    expect(response.status).toBe(401);
    expect(await jobs()).toEqual([]);
    const row = await h.db.selectFrom('calendars').selectAll().where('id', '=', calendar.id).executeTakeFirstOrThrow();
    expect(row.watch_expires_at).toEqual(new Date('2026-12-01T00:00:00Z'));
  });
});

describe('POST /webhooks/google', () => {
  const CHANNEL = '9b2f5d0e-3c1a-4e8b-9f6d-2a7c4b1e8d30';
  const headers = (overrides: Record<string, string> = {}) => ({
    'x-goog-channel-id': CHANNEL,
    'x-goog-channel-token': SECRET,
    'x-goog-resource-id': 'resource-1',
    'x-goog-resource-state': 'exists',
    'x-goog-message-number': '2',
    ...overrides,
  });
  const notify = (sent: Record<string, string>) => app.request('/webhooks/google', { method: 'POST', headers: sent });

  it('schedules a sync for a genuine notification', async () => {
    const calendar = await watchedCalendar('google', 'maya@example.com', CHANNEL, SECRET);
    expect((await notify(headers())).status).toBe(200);
    expect(selects).toEqual(['calendars']);
    expect(await jobs()).toEqual([{ kind: SYNC_CALENDAR, key: calendar.id }]);
  });

  it('refuses junk headers with a 400 before looking anything up', async () => {
    await watchedCalendar('google', 'maya@example.com', CHANNEL, SECRET);
    const junk: [string, Record<string, string>][] = [
      ['a channel id over 64 characters', headers({ 'x-goog-channel-id': 'c'.repeat(65) })],
      ['a very long channel id', headers({ 'x-goog-channel-id': 'c'.repeat(8000) })],
      ['a channel id with spaces', headers({ 'x-goog-channel-id': 'not a channel' })],
      ['a resource state that is no state', headers({ 'x-goog-resource-state': 'x'.repeat(500) })],
      ['a token over 256 characters', headers({ 'x-goog-channel-token': 't'.repeat(257) })],
      ['no channel id', { 'x-goog-resource-state': 'exists' }],
    ];
    for (const [what, sent] of junk) {
      const response = await notify(sent);
      expect(response.status, what).toBe(400);
      expect(await response.json(), what).toMatchObject({ error: 'invalid' });
    }
    expect(selects).toEqual([]);
    expect(await jobs()).toEqual([]);
  });

  it('acknowledges an unknown channel and refuses a wrong token, scheduling nothing', async () => {
    await watchedCalendar('google', 'maya@example.com', CHANNEL, SECRET);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect((await notify(headers({ 'x-goog-channel-id': crypto.randomUUID() }))).status).toBe(200);
    expect((await notify(headers({ 'x-goog-channel-token': 'guess' }))).status).toBe(401);
    expect(await jobs()).toEqual([]);
  });
});
