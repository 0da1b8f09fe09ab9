import type { Hono } from 'hono';
import type { KyselyPlugin, RootOperationNode } from 'kysely';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { upsertAccount } from '../../src/db/accounts.ts';
import { ensureCalendar, MAX_NOTIFIED_ITEMS, updateCalendar } from '../../src/db/calendars.ts';
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
/** The app over a database handle that records every statement it sends: its kind and the table it starts from. */
let app: Hono<AppEnv>;
let statements: string[];

type Named = { readonly table?: { readonly identifier?: { readonly name?: string } } } | undefined;

/** "select calendars", "insert jobs", "with watched, noted, scheduled: select watched"… */
function describeStatement(node: RootOperationNode): string {
  const n = node as unknown as {
    kind: string;
    from?: { froms: readonly Named[] };
    into?: Named;
    table?: Named;
    with?: { expressions: readonly { name: { table: Named } }[] };
  };
  const kind = n.kind.replace(/QueryNode$/, '').toLowerCase();
  const table = (n.from?.froms[0] ?? n.into ?? n.table)?.table?.identifier?.name ?? '?';
  const ctes = n.with?.expressions.map((cte) => cte.name.table?.table?.identifier?.name ?? '?');
  return `${ctes ? `with ${ctes.join(', ')}: ` : ''}${kind} ${table}`;
}

beforeEach(async () => {
  h = await startHarness();
  statements = [];
  const recordStatements: KyselyPlugin = {
    transformQuery({ node }) {
      statements.push(describeStatement(node));
      return node;
    },
    transformResult: async ({ result }) => result,
  };
  app = createApp({
    db: h.db.withPlugin(recordStatements),
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
    expect(statements).toEqual([]);
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
    expect(statements).toEqual([]);
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
    expect(statements).toEqual([]);
    expect(await jobs()).toEqual([]);
  });

  it('looks a subscription up once and hashes its clientState once, however many entries repeat it', async () => {
    const calendar = await watchedCalendar('microsoft', 'maya@example.com', SUB, SECRET);
    const digest = vi.spyOn(globalThis.crypto.subtle, 'digest');
    const response = await post('/webhooks/microsoft', {
      value: Array(MAX_GRAPH_NOTIFICATIONS).fill({ subscriptionId: SUB, clientState: SECRET }),
    });
    expect(response.status).toBe(202);
    expect(statements).toEqual(['select calendars', 'with notes, noted: insert jobs']);
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
    expect(statements).toEqual(['select calendars', 'with notes, noted: insert jobs']);
    expect((await jobs()).map((job) => job.key).sort()).toEqual([maya.id, lee.id].sort());
    const notified = await h.db.selectFrom('calendars').select('last_notified_at').where('id', '=', maya.id).execute();
    expect(notified[0]!.last_notified_at).toEqual(h.clock());
  });

  it('leaves one scheduled sync for many notifications of one calendar, and keeps each event they name once', async () => {
    const calendar = await watchedCalendar('microsoft', 'maya@example.com', SUB, SECRET);
    const about = (eventId: string) => ({ ...change(SUB, SECRET), resource: `Users/u/Events/${eventId}` });
    const events = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `e${from + i}`);
    // 30 events named twice each, then 40 of which 10 were named before: two statements per POST, whatever the count.
    for (const value of [[...events(0, 30), ...events(0, 30)].map(about), events(20, 60).map(about)]) {
      statements = [];
      expect((await post('/webhooks/microsoft', { value })).status).toBe(202);
      expect(statements).toEqual(['select calendars', 'with notes, noted: insert jobs']);
    }
    const syncs = await h.db.selectFrom('jobs').select(['kind', 'key', 'state', 'run_at', 'generation']).execute();
    expect(syncs).toEqual([
      { kind: SYNC_CALENDAR, key: calendar.id, state: 'scheduled', run_at: h.clock(), generation: 1 },
    ]);
    const notified = () =>
      h.db.selectFrom('calendars').select('notified_items').where('id', '=', calendar.id).executeTakeFirstOrThrow();
    expect((await notified()).notified_items?.toSorted()).toEqual(events(0, 60).toSorted());

    // Past MAX_NOTIFIED_ITEMS the list gives way to "too many": the next sync lists every series instead.
    const more = events(60, 60 + MAX_NOTIFIED_ITEMS).map(about);
    expect((await post('/webhooks/microsoft', { value: more })).status).toBe(202);
    expect((await notified()).notified_items).toBeNull();
    expect(await jobs()).toEqual([{ kind: SYNC_CALENDAR, key: calendar.id }]);
  });

  it('acknowledges a notification for an unknown subscription and schedules nothing', async () => {
    await watchedCalendar('microsoft', 'maya@example.com', SUB, SECRET);
    const response = await post('/webhooks/microsoft', { value: [change('stopped-long-ago', SECRET)] });
    expect(response.status).toBe(202);
    // What an unknown subscription's entry names is never read, even beside a genuine entry.
    const junk = { ...change('stopped-long-ago', SECRET), resource: 'Users/u/Events/%E0%A4%A' };
    expect((await post('/webhooks/microsoft', { value: [junk] })).status).toBe(202);
    expect(await jobs()).toEqual([]);
    expect((await post('/webhooks/microsoft', { value: [junk, change(SUB, SECRET)] })).status).toBe(202);
    expect(await jobs()).toHaveLength(1);
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
    expect(statements).toEqual([]);
  });

  it('makes the next sync renew a removed subscription, once per calendar however many entries name it', async () => {
    const calendar = await watchedCalendar('microsoft', 'maya@example.com', SUB, SECRET);
    const response = await post('/webhooks/microsoft/lifecycle', {
      value: [...Array(300).fill(lifecycle(SUB, SECRET, 'missed')), lifecycle(SUB, SECRET, 'subscriptionRemoved')],
    });
    expect(response.status).toBe(202);
    expect(statements.filter((statement) => statement.startsWith('select'))).toEqual(['select calendars']);
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
    expect(statements).toEqual(['with watched, noted, scheduled: select watched']);
    expect(await jobs()).toEqual([{ kind: SYNC_CALENDAR, key: calendar.id }]);
  });

  it('leaves one sync however many pushes come: the earliest time kept, a dead sync left for a person', async () => {
    const calendar = await watchedCalendar('google', 'maya@example.com', CHANNEL, SECRET);
    // A poll scheduled for later is brought forward by the first push; the others only move its generation on.
    const later = new Date(h.clock().getTime() + 15 * 60_000);
    await h.db.insertInto('jobs').values({ kind: SYNC_CALENDAR, key: calendar.id, run_at: later }).execute();
    for (let n = 2; n < 22; n++) {
      expect((await notify(headers({ 'x-goog-message-number': String(n) }))).status).toBe(200);
    }
    expect(statements).toHaveLength(20);
    const syncs = () => h.db.selectFrom('jobs').select(['key', 'state', 'run_at', 'generation']).execute();
    expect(await syncs()).toEqual([{ key: calendar.id, state: 'scheduled', run_at: h.clock(), generation: 20 }]);
    const row = await h.db.selectFrom('calendars').selectAll().where('id', '=', calendar.id).executeTakeFirstOrThrow();
    expect(row.last_notified_at).toEqual(h.clock());

    await h.db.updateTable('jobs').set({ state: 'dead', run_at: later }).execute();
    expect((await notify(headers())).status).toBe(200);
    expect(await syncs()).toEqual([{ key: calendar.id, state: 'dead', run_at: later, generation: 21 }]);
  });

  it('notes a "sync" message (a new channel) without scheduling a sync', async () => {
    const calendar = await watchedCalendar('google', 'maya@example.com', CHANNEL, SECRET);
    expect((await notify(headers({ 'x-goog-resource-state': 'sync' }))).status).toBe(200);
    expect(await jobs()).toEqual([]);
    const row = await h.db.selectFrom('calendars').selectAll().where('id', '=', calendar.id).executeTakeFirstOrThrow();
    expect(row.last_notified_at).toEqual(h.clock());
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
    expect(statements).toEqual([]);
    expect(await jobs()).toEqual([]);
  });

  it('acknowledges an unknown channel and refuses a wrong token, scheduling nothing', async () => {
    await watchedCalendar('google', 'maya@example.com', CHANNEL, SECRET);
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect((await notify(headers({ 'x-goog-channel-id': crypto.randomUUID() }))).status).toBe(200);
    expect((await notify(headers({ 'x-goog-channel-token': 'guess' }))).status).toBe(401);
    expect((await notify(headers({ 'x-goog-resource-id': 'resource-2' }))).status).toBe(401);
    const { 'x-goog-resource-id': _, ...withoutResource } = headers();
    expect((await notify(withoutResource)).status).toBe(401);
    expect(await jobs()).toEqual([]);
    const row = await h.db.selectFrom('calendars').select('last_notified_at').executeTakeFirstOrThrow();
    expect(row.last_notified_at).toBeNull();
  });
});
