/**
 * Every line the service logs through a realistic run — two people connecting Google and Outlook, 1:1s prepared,
 * pushed, prompted, edited through their links, a forged notification, a grant revoked — is one JSON object with a
 * timestamp, and none holds a link token, an OAuth code, state or token, a channel secret, SECRET_KEY, an email
 * body or a private note.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTokens } from '../../src/accounts/account-session.ts';
import { BACKSTOP_MAX_MS } from '../../src/core/backstop.ts';
import { TEST_SECRET_KEY } from '../support/harness.ts';
import { type CapturedLogs, captureLogs } from '../support/logs.ts';
import { cookieJar, mailTo, type ServiceHarness, startService } from '../support/service.ts';
import { googleDriver, microsoftDriver, weeklyOneOnOne } from './drivers.ts';

const MAYA = 'maya@example.com';
const LEE = 'lee@example.com';
const PRIVATE_NOTE = 'PRIVATE: thinking about asking for a transfer';
const LINK_TOKEN = /\/a\/([A-Za-z0-9_-]{43})/g;

let s: ServiceHarness;
let logs: CapturedLogs;
/** Every secret seen during the run, to look for in the log afterwards. */
const secrets = new Set<string>([TEST_SECRET_KEY]);
/** Lines of the emails sent: bodies never reach the log. */
const bodyLines = new Set<string>();

const remember = (value: string | null | undefined) => {
  if (value && value.length >= 8) secrets.add(value);
};

/** Connects as a browser would, keeping every OAuth code and state it passed through. */
async function connect(provider: 'google' | 'microsoft', email: string): Promise<void> {
  const jar = cookieJar();
  let url = `${s.url}/connect/${provider}?login_hint=${encodeURIComponent(email)}`;
  for (let hop = 0; hop < 10; hop++) {
    const parsed = new URL(url);
    for (const name of ['code', 'state', 'code_challenge']) remember(parsed.searchParams.get(name));
    const cookie = jar.cookie(parsed.pathname);
    const response = await fetch(url, { redirect: 'manual', headers: cookie ? { cookie } : {} });
    jar.store(response);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) {
      expect(response.status).toBe(200);
      return;
    }
    url = new URL(location, url).href;
  }
  throw new Error('too many redirects');
}

/** The access and refresh tokens every account holds now (they rotate: called at several points). */
async function rememberProviderTokens(): Promise<void> {
  const accounts = await s.db.selectFrom('accounts').select('tokens_encrypted').execute();
  for (const { tokens_encrypted } of accounts) {
    if (!tokens_encrypted) continue;
    const tokens = await openTokens(s.keys, tokens_encrypted);
    remember(tokens.accessToken);
    remember(tokens.refreshToken);
    remember(tokens_encrypted);
  }
}

/** Link tokens in text (an invite, an email). */
function rememberLinks(text: string): string[] {
  const tokens = [...text.matchAll(LINK_TOKEN)].map((match) => match[1]!);
  for (const token of tokens) remember(token);
  return tokens;
}

beforeAll(async () => {
  logs = captureLogs('debug');
  s = await startService({
    now: '2026-11-24T09:00:00Z',
    // The emulators' push notifications, read on their way: their channel tokens and clientStates are secrets too.
    deliver: async (request) => {
      remember(request.headers.get('x-goog-channel-token'));
      const body = await request.clone().text();
      for (const match of body.matchAll(/"clientState":"([^"]+)"/g)) remember(match[1]);
      return fetch(request);
    },
  });

  await connect('google', MAYA);
  await connect('microsoft', LEE);
  await rememberProviderTokens();
  const googleSeries = await googleDriver.createWeekly(s, weeklyOneOnOne(googleDriver));
  await microsoftDriver.createWeekly(s, { ...weeklyOneOnOne(microsoftDriver), organizer: LEE });
  await s.settle();

  // The shared link from the invite: read the agenda, add a topic.
  const [next] = await googleDriver.upcoming(s, MAYA, googleSeries);
  const [shared] = rememberLinks(next?.description ?? '');
  expect(shared).toBeDefined();
  const topic = await fetch(`${s.url}/a/${shared}/topics`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'Hiring plan', as: 'sam@example.com' }),
  });
  expect(topic.status).toBe(201);

  // The meetings end: four prompts go out, each with its person's own link.
  s.clock.set('2026-11-24T10:31:00Z');
  await s.settle();
  for (const email of [MAYA, 'sam@example.com', LEE]) {
    for (const mail of await mailTo(s, email)) {
      for (const text of [mail.text ?? '', mail.html ?? '']) {
        rememberLinks(text);
        for (const line of text.split('\n')) if (line.trim().length >= 25) bodyLines.add(line.trim());
      }
    }
  }
  const toSam = (await mailTo(s, 'sam@example.com')).map((mail) => `${mail.text ?? ''}${mail.html ?? ''}`).join('\n');
  const personal = /\/a\/([A-Za-z0-9_-]{43})\?occurrence=([0-9a-f-]{36})/.exec(toSam);
  expect(personal).not.toBeNull();
  const note = await fetch(`${s.url}/a/${personal![1]}/private-note`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ body: PRIVATE_NOTE, occurrence: personal![2] }),
  });
  expect(note.status).toBe(200);
  const commitment = await fetch(`${s.url}/a/${personal![1]}/commitments`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ text: 'Draft the on-call proposal', owner: 'sam@example.com', occurrence: personal![2] }),
  });
  expect(commitment.status).toBe(201);
  await rememberProviderTokens();

  // Someone who knows a channel id but not its token.
  const calendar = await s.db
    .selectFrom('calendars')
    .select('watch_id')
    .where('watch_id', 'is not', null)
    .executeTakeFirst();
  const forged = await fetch(`${s.url}/webhooks/google`, {
    method: 'POST',
    headers: {
      'x-goog-channel-id': calendar!.watch_id!,
      'x-goog-resource-state': 'exists',
      'x-goog-channel-token': 'guessed-channel-token-123',
    },
  });
  expect(forged.status).toBe(401);
  remember('guessed-channel-token-123');

  // Maya revokes Carryover's access; the next refresh (at the next backstop sync, 6 hours on at most, spread by up
  // to 10 %) finds the grant dead and the account needs reconnecting.
  await googleDriver.revokeGrants(s, MAYA);
  await s.advance(BACKSTOP_MAX_MS * 1.1);
  await rememberProviderTokens();
}, 120_000);

afterAll(async () => {
  logs?.stop();
  await s?.close();
});

describe('the log of a realistic run', () => {
  it('has a line for each kind of event', () => {
    const events = new Set(logs.records().map((record) => record.message));
    for (const event of ['http.request', 'job.run', 'webhook', 'prompt.state', 'account.state']) {
      expect(events).toContain(event);
    }
    expect(logs.events('account.state')).toContainEqual(
      expect.objectContaining({ from: 'active', to: 'needs_reconnect', reason: 'invalid_grant' }),
    );
    expect(logs.events('webhook')).toContainEqual(expect.objectContaining({ provider: 'google', outcome: 'forged' }));
  });

  it('is one JSON object per line, each with a timestamp, a level and an event name', () => {
    expect(logs.lines.length).toBeGreaterThan(50);
    for (const line of logs.lines) {
      expect(line).not.toContain('\n');
      const record = JSON.parse(line) as Record<string, unknown>;
      expect(Number.isNaN(Date.parse(String(record['@timestamp'])))).toBe(false);
      expect(record.level).toMatch(/^(DEBUG|INFO|WARN|ERROR)$/);
      expect(record.message).toMatch(/^[a-z]+(\.[a-z-]+)*$/);
    }
  });

  it('holds no link token, OAuth code, state or token, channel secret, SECRET_KEY, email body or private note', () => {
    expect(secrets.size).toBeGreaterThan(15);
    expect([...secrets].filter((secret) => /^[A-Za-z0-9_-]{43}$/.test(secret)).length).toBeGreaterThanOrEqual(4);
    const text = logs.lines.join('\n');
    const leaked = [...secrets, PRIVATE_NOTE, 'Hiring plan', 'Draft the on-call proposal', ...bodyLines].filter(
      (secret) => text.includes(secret) || text.includes(encodeURIComponent(secret)),
    );
    expect(leaked).toEqual([]);
  });
});
