import { afterEach, describe, expect, it } from 'vitest';
import { BACKSTOP_MAX_MS } from '../../src/core/backstop.ts';
import {
  type CookieJar,
  cookieJar,
  followRedirects,
  mailTo,
  type ServiceHarness,
  startService,
} from '../support/service.ts';
import { googleDriver, microsoftDriver, type ProviderDriver, weeklyOneOnOne } from './drivers.ts';

/**
 * What real providers do at the worst moment, on every provider, through the sandboxes' fault controls: each
 * failure ends in a state a person can see, a prompt goes out at most once, and nothing is lost silently.
 */
const drivers: readonly ProviderDriver[] = [googleDriver, microsoftDriver];

const MAYA = 'maya@example.com';
const SAM = 'sam@example.com';
const BLOCK = '=== Carryover 1:1 agenda';

interface AccountJson {
  readonly accounts: readonly {
    readonly status: string;
    readonly statusReason: string | null;
    readonly prompts: readonly { id: string; state: string; text: string }[];
    readonly deadJobs: readonly { id: string; text: string }[];
  }[];
}

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const mail = (email: string) => mailTo(h!, email, 'recap');

/**
 * REMINDER_HOURS=0 here: the outbox's failure handling is shared by both emails (src/lifecycle/outbox-send.ts) and
 * this suite drives it through the recap; a reminder going out as the meeting is found would take the faults and
 * outbox rows meant for the recap. test/contract/reminders.test.ts covers the reminder itself.
 */
const NO_REMINDERS = { reminderHours: 0 } as const;

describe.each(drivers)('failures: $name', (driver) => {
  const provider = driver.name;
  let jar: CookieJar;

  /** A service with Maya connected (in `jar`'s browser) and a weekly 1:1 with Sam whose meeting ends at `ends`. */
  async function withMeeting(options: { firstStart?: string; providerTimeoutMs?: number } = {}) {
    h = await startService({ now: '2026-11-24T09:00:00Z', ...NO_REMINDERS, ...options });
    jar = cookieJar();
    await followRedirects(`${h.url}/connect/${provider}?login_hint=${MAYA}`, { jar });
    const id = await driver.createWeekly(
      h,
      weeklyOneOnOne(driver, { firstStart: options.firstStart ?? '2026-11-24T11:00:00' }),
    );
    await h.settle();
    return { s: h, id };
  }

  const control = async (path: string) => {
    const response = await fetch(`${h!.url}/sandbox/control/${provider}/${path}`, { method: 'POST' });
    expect(response.status, `control ${path}`).toBeLessThan(300);
  };

  const account = async (): Promise<AccountJson['accounts'][number]> => {
    const response = await fetch(`${h!.url}/account`, {
      headers: { accept: 'application/json', cookie: jar.cookie('/account') },
    });
    return ((await response.json()) as AccountJson).accounts[0]!;
  };

  const form = (path: string) =>
    fetch(`${h!.url}${path}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: h!.url, cookie: jar.cookie(path), 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });

  /** The meeting of 24 November just ended, with every poll due before it already done. */
  async function meetingJustEnded(s: ServiceHarness) {
    s.clock.set('2026-11-24T10:29:00Z');
    await s.settle();
    s.clock.set('2026-11-24T10:31:00Z');
  }

  it('sends both prompts when the token endpoint fails once at prompt time: nothing ambiguous, nothing lost', async () => {
    // The meeting ends as the access token expires (connected 09:00, hourly tokens): the prompt job refreshes it.
    const { s } = await withMeeting({ firstStart: '2026-11-24T10:29:00' });
    s.clock.set('2026-11-24T09:31:00Z');
    await s.settle();
    s.clock.set('2026-11-24T10:00:00Z');
    // google-auth-library retries a token request 3 times by itself (POST included): the 4th failure reaches us.
    await control(`fail-token?email=${MAYA}&status=503&count=${provider === 'google' ? 4 : 1}`);
    await s.settle();
    expect(await mail(SAM)).toEqual([]);
    await s.advance(60_000);
    expect(await mail(SAM)).toHaveLength(1);
    expect(await mail(MAYA)).toHaveLength(1);
    const prompts = await s.db.selectFrom('prompts').select('state').execute();
    expect(prompts.map((p) => p.state)).toEqual(['sent', 'sent']);
  });

  it('tries a throttled send again after exactly the time asked (429, or Graph 503 with Retry-After), once', async () => {
    const { s } = await withMeeting();
    await meetingJustEnded(s);
    await control(`fail-next?email=${MAYA}&status=${provider === 'google' ? 429 : 503}&retryAfter=2&count=1`);
    await s.settle();
    const waiting = await s.db
      .selectFrom('prompts')
      .select(['recipient_email', 'state'])
      .where('state', '!=', 'sent')
      .execute();
    expect(waiting).toEqual([{ recipient_email: MAYA, state: 'pending' }]);
    await s.advance(1_000);
    expect(await mail(MAYA)).toEqual([]);
    await s.advance(1_000);
    expect(await mail(MAYA)).toHaveLength(1);
    expect(await mail(SAM)).toHaveLength(1);
  });

  it('marks a send answered with a server error ambiguous, shows the sender, and sends it again only when asked', async () => {
    const { s } = await withMeeting();
    await meetingJustEnded(s);
    await control(`fail-next?email=${MAYA}&status=500&count=1`);
    await s.settle();
    await s.advance(24 * 3600_000);
    expect(await mail(MAYA)).toEqual([]);
    expect(await mail(SAM)).toHaveLength(1);
    const { prompts } = await account();
    expect(prompts.map((p) => [p.state, p.text.startsWith('May not have been sent: the recap to maya@')])).toEqual([
      ['ambiguous', true],
    ]);
    expect((await form(`/account/prompts/${prompts[0]!.id}/resend`)).status).toBe(303);
    await s.settle();
    expect(await mail(MAYA)).toHaveLength(1);
    expect((await account()).prompts).toEqual([]);
  });

  it('never sends twice a prompt the provider processed before the connection dropped: one email, marked ambiguous', async () => {
    const { s } = await withMeeting();
    await meetingJustEnded(s);
    await control(`drop-after?email=${MAYA}&count=1`);
    await s.settle();
    await s.advance(24 * 3600_000);
    expect(await mail(MAYA)).toHaveLength(1);
    expect(await mail(SAM)).toHaveLength(1);
    expect((await account()).prompts.map((p) => p.state)).toEqual(['ambiguous']);
  });

  it('fails a send refused for good (400) with the reason, and never tries it again on a timer', async () => {
    const { s } = await withMeeting();
    await meetingJustEnded(s);
    await control(`fail-next?email=${MAYA}&status=400&count=1`);
    await s.settle();
    await s.advance(24 * 3600_000);
    expect(await mail(MAYA)).toEqual([]);
    const rows = await s.db
      .selectFrom('prompts')
      .select(['state', 'failure', 'attempts'])
      .where('recipient_email', '=', MAYA)
      .execute();
    expect(rows).toEqual([{ state: 'failed', failure: 'refused', attempts: 1 }]);
    const { prompts } = await account();
    expect(prompts[0]!.text).toMatch(/^Not sent, refused by the provider: the recap to maya@example.com/);
  });

  it('sends it again from the organizer agenda page when asked there', async () => {
    const { s } = await withMeeting();
    await meetingJustEnded(s);
    await control(`fail-next?email=${MAYA}&status=400&count=1`);
    await s.settle();
    const rows = await s.db
      .selectFrom('prompts')
      .select(['id', 'occurrence_id'])
      .where('recipient_email', '=', MAYA)
      .execute();
    // Maya reaches her own agenda from her account page.
    const view = await fetch(`${h!.url}/account`, { headers: { cookie: jar.cookie('/account') } });
    const html = await view.text();
    const agendaPath = /href="(\/a\/[A-Za-z0-9_-]{43})"/.exec(html)![1]!;
    const agenda = (await (
      await fetch(`${h!.url}${agendaPath}?occurrence=${rows[0]!.occurrence_id}`, {
        headers: { accept: 'application/json' },
      })
    ).json()) as { prompts: { id: string; state: string; recipient: { email: string } }[] };
    expect(agenda.prompts.find((p) => p.recipient.email === MAYA)?.state).toBe('failed');
    expect((await form(`${agendaPath}/prompts/${rows[0]!.id}/resend`)).status).toBe(303);
    await s.settle();
    expect(await mail(MAYA)).toHaveLength(1);
  });

  it('pauses the account naming the missing permission when sending was not allowed, and sends after reconnecting', async () => {
    const { s } = await withMeeting();
    await meetingJustEnded(s);
    await control(
      provider === 'google'
        ? `fail-next?email=${MAYA}&status=403&reason=insufficientPermissions&count=1`
        : `fail-next?email=${MAYA}&status=403&code=ErrorAccessDenied&count=1`,
    );
    await s.settle();
    const paused = await account();
    expect(paused.status).toBe('needs_reconnect');
    expect(paused.statusReason).toContain(provider === 'google' ? 'Send email on your behalf' : 'Mail.Send');
    expect(await mail(MAYA)).toEqual([]);
    await followRedirects(`${h!.url}/connect/${provider}?login_hint=${MAYA}`, { jar });
    await s.settle();
    expect(await mail(MAYA)).toHaveLength(1);
    expect(await mail(SAM)).toHaveLength(1);
    expect((await account()).status).toBe('active');
  });

  it('asks the person to reconnect when a preparation meets a revoked grant (401), and resumes after', async () => {
    const { s, id } = await withMeeting();
    const shared = /\/a\/[A-Za-z0-9_-]{43}/.exec((await driver.upcoming(s, MAYA, id))[0]!.description)![0];
    await control(`fail-next?email=${MAYA}&status=401&count=1`);
    // A new commitment: the next invite is prepared again, and the calendar answers 401.
    await fetch(`${s.url}${shared}/commitments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Share the plan', owner: SAM, as: MAYA }),
    });
    await s.settle();
    const paused = await account();
    expect(paused.status).toBe('needs_reconnect');
    const html = await (await fetch(`${h!.url}/account`, { headers: { cookie: jar.cookie('/account') } })).text();
    expect(html).toContain('Reconnect');
    await followRedirects(`${h!.url}/connect/${provider}?login_hint=${MAYA}`, { jar });
    await s.settle();
    expect((await account()).status).toBe('active');
    expect((await driver.upcoming(s, MAYA, id))[0]!.description).toContain('Share the plan');
  });

  it('keeps the recaps of a meeting that ended while the account needed reconnecting, and sends them after', async () => {
    // Found by the chaos suite (seed 20261124): the recap job met a dead grant before any outbox row existed, and the
    // recaps were dropped unseen.
    const { s } = await withMeeting();
    await driver.revokeGrants(s, MAYA);
    s.clock.set('2026-11-24T11:36:00Z');
    await s.settle();
    expect((await account()).status).toBe('needs_reconnect');
    const waiting = await s.db.selectFrom('prompts').select(['recipient_email', 'state', 'kind']).execute();
    expect(waiting.map((p) => [p.recipient_email, p.state, p.kind]).sort()).toEqual([
      [MAYA, 'pending', 'recap'],
      [SAM, 'pending', 'recap'],
    ]);
    expect(await mail(SAM)).toEqual([]);
    await followRedirects(`${h!.url}/connect/${provider}?login_hint=${MAYA}`, { jar });
    await s.settle();
    expect(await mail(SAM)).toHaveLength(1);
    expect(await mail(MAYA)).toHaveLength(1);
  });

  it('gives up on a job that always fails: dead, shown on /account with its error, and retried by hand', async () => {
    const { s } = await withMeeting();
    await control(`fail-next?email=${MAYA}&status=500&count=100000`);
    // Backoff doubles from 5 s to an hour: the 30th try comes about a day later.
    for (let hour = 0; hour < 48 && (await account()).deadJobs.length === 0; hour++) await s.advance(3600_000);
    const { deadJobs } = await account();
    expect(deadJobs.map((job) => job.text)).toContainEqual(
      expect.stringMatching(
        /^Carryover gave up (preparing a 1:1's next invite|checking this calendar for changes) after 30 tries: .*500/,
      ),
    );
    // Nothing dead is tried again on a timer.
    const before = (await s.db.selectFrom('jobs').select('attempts').where('state', '=', 'dead').execute()).length;
    await s.advance(24 * 3600_000);
    expect(
      (await s.db.selectFrom('jobs').select('id').where('state', '=', 'dead').execute()).length,
    ).toBeGreaterThanOrEqual(before);
    await control(`fail-next?email=${MAYA}&count=0`);
    for (const job of (await account()).deadJobs) {
      expect((await form(`/account/jobs/${job.id}/retry`)).status).toBe(303);
    }
    await s.settle();
    expect((await account()).deadJobs).toEqual([]);
  });

  it('picks up a 1:1 created while the calendar is first being listed, without waiting for a poll', async () => {
    h = await startService({ now: '2026-11-24T09:00:00Z', ...NO_REMINDERS });
    jar = cookieJar();
    await followRedirects(`${h.url}/connect/${provider}?login_hint=${MAYA}`, { jar });
    // The first sync's two calls (the channel, then the listing) each take 400 ms; the 1:1 is created during them.
    await control(`delay-next?email=${MAYA}&ms=400&count=2&calls=api`);
    const first = h.settle();
    await new Promise((resolve) => setTimeout(resolve, 600));
    const id = await driver.createWeekly(h, weeklyOneOnOne(driver));
    await first;
    await h.settle();
    expect((await driver.upcoming(h, MAYA, id))[0]!.description).toContain(BLOCK);
  });

  it("sends the prompt to someone whose calendar name holds '<' and quotes", async () => {
    h = await startService({ now: '2026-11-24T09:00:00Z', ...NO_REMINDERS });
    jar = cookieJar();
    await followRedirects(`${h.url}/connect/${provider}?login_hint=${MAYA}`, { jar });
    await driver.createWeekly(h, weeklyOneOnOne(driver, { names: { [SAM]: 'Sam "SJ" <Platform>' } }));
    await h.settle();
    await meetingJustEnded(h);
    await h.settle();
    expect(await mail(SAM)).toHaveLength(1);
    expect((await h.db.selectFrom('prompts').select('state').execute()).map((p) => p.state)).toEqual(['sent', 'sent']);
  });

  it('stops preparing a series that has no meeting left', async () => {
    h = await startService({ now: '2026-11-24T09:00:00Z', ...NO_REMINDERS });
    jar = cookieJar();
    await followRedirects(`${h.url}/connect/${provider}?login_hint=${MAYA}`, { jar });
    await driver.createWeekly(h, weeklyOneOnOne(driver, { count: 2 }));
    await h.settle();
    await h.advance(14 * 24 * 3600_000);
    const prepares = await h.db.selectFrom('jobs').select('kind').where('kind', '=', 'prepare-source').execute();
    expect(prepares).toEqual([]);
  });

  it('takes a call that hangs as a failure within the timeout: a send that timed out is ambiguous, never resent', async () => {
    const { s } = await withMeeting({ providerTimeoutMs: 200 });
    await meetingJustEnded(s);
    await control(`delay-next?email=${MAYA}&ms=600&count=1`);
    await s.settle();
    await new Promise((resolve) => setTimeout(resolve, 600)); // the sandbox finishes the send it was given
    await s.advance(24 * 3600_000);
    expect(await mail(MAYA)).toHaveLength(1);
    expect((await account()).prompts.map((p) => p.state)).toEqual(['ambiguous']);
  });
});

describe('failures: microsoft only', () => {
  it.each([
    ['50076', 'multi-factor'],
    ['65001', 'consent'],
    ['50058', 'sign-in has ended'],
  ])('asks the person to reconnect when Microsoft answers AADSTS%s on refresh', async (code, words) => {
    h = await startService({ now: '2026-11-24T09:00:00Z', ...NO_REMINDERS });
    const jar = cookieJar();
    await followRedirects(`${h.url}/connect/microsoft?login_hint=${MAYA}`, { jar });
    await h.settle();
    await fetch(`${h.url}/sandbox/control/microsoft/fail-token?email=${MAYA}&code=${code}&count=1`, { method: 'POST' });
    // The next call that needs a token: the backstop sync, 6 hours on at most (spread by up to 10 %).
    await h.advance(BACKSTOP_MAX_MS * 1.1);
    const account = await h.db.selectFrom('accounts').select(['status', 'status_reason']).executeTakeFirstOrThrow();
    expect(account.status).toBe('needs_reconnect');
    expect(account.status_reason?.toLowerCase()).toContain(words);
  });
});
