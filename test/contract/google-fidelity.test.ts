import { afterEach, describe, expect, it } from 'vitest';
import { PAGES_PER_SYNC } from '../../src/providers/google/google-provider.ts';
import { type CookieJar, cookieJar, followRedirects, type ServiceHarness, startService } from '../support/service.ts';
import { googleDriver, weeklyOneOnOne } from './drivers.ts';

/**
 * Google as it really behaves, end to end on the Google sandbox: granular consent (a person may untick Calendar or
 * Gmail, and connecting again with `include_granted_scopes=true` asks for what is missing), the full sync bounded to
 * a year back yet finding a 1:1 that began long before, a calendar too large for one sync shown on /account and read
 * at the next checks, and events.instances pages that come short without the series being taken to have ended.
 */
const BLOCK = '=== Carryover 1:1 agenda';
const MAYA = 'maya@example.com';

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Starts the service in sandbox mode (closed after each test). */
async function started(): Promise<ServiceHarness> {
  h = await startService({ now: '2026-11-24T09:00:00Z' });
  return h;
}

async function control(s: ServiceHarness, path: string, query: Record<string, string>): Promise<void> {
  const response = await fetch(`${s.url}/sandbox/control/google/${path}?${new URLSearchParams(query)}`, {
    method: 'POST',
  });
  expect(response.status).toBe(200);
}

interface AccountJson {
  readonly accounts: readonly {
    readonly status: string;
    readonly statusReason: string | null;
    readonly series: readonly { readonly title: string }[];
    readonly missingPermissions?: readonly { readonly permission: string; readonly consequence: string }[];
    readonly syncNotes?: readonly string[];
  }[];
}

async function account(s: ServiceHarness, jar: CookieJar) {
  const response = await fetch(`${s.url}/account`, {
    headers: { accept: 'application/json', cookie: jar.cookie('/account') },
  });
  return ((await response.json()) as AccountJson).accounts[0]!;
}

async function accountHtml(s: ServiceHarness, jar: CookieJar): Promise<string> {
  return (await fetch(`${s.url}/account`, { headers: { cookie: jar.cookie('/account') } })).text();
}

async function connect(s: ServiceHarness, jar: CookieJar) {
  return followRedirects(`${s.url}/connect/google?login_hint=${MAYA}`, { jar });
}

describe('granular consent', () => {
  it('connects with "Send email on your behalf" unticked: stored but waiting, named, and allowed again from the page', async () => {
    const s = await started();
    const jar = cookieJar();
    const id = await googleDriver.createWeekly(s, weeklyOneOnOne(googleDriver));
    await control(s, 'consent', { email: MAYA, deny: 'gmail.send' });

    const connected = await connect(s, jar);
    // Not /account: a page that says what is missing, in the consent screen's words, and what it costs.
    expect(new URL(connected.url).pathname).toBe('/oauth/google/callback');
    expect(connected.response.status).toBe(200);
    const page = await connected.response.text();
    expect(page).toContain('“Send email on your behalf”');
    expect(page).toContain('no prompts by email');
    expect(page).not.toContain('View and edit events on all your calendars');
    expect(page).toContain('<form method="get" action="/connect/google">');
    expect(page).toContain('name="login_hint" value="maya@example.com"');

    const waiting = await account(s, jar);
    expect(waiting.status).toBe('needs_reconnect');
    expect(waiting.statusReason).toContain('"Send email on your behalf"');
    expect(waiting.missingPermissions).toEqual([
      { permission: 'Send email on your behalf', consequence: expect.stringContaining('no prompts by email') },
    ]);
    const html = await accountHtml(s, jar);
    expect(html).toContain('Carryover is waiting for a permission you did not allow.');
    expect(html).toContain('Allow it in Google Calendar');
    // Nothing runs while it waits: no agenda goes into the invite.
    await s.settle();
    expect((await googleDriver.upcoming(s, MAYA, id))[0]!.description).not.toContain(BLOCK);

    // The button: Google's consent again for this account, keeping what was granted (incremental authorization).
    const first = await fetch(`${s.url}/connect/google?login_hint=${encodeURIComponent(MAYA)}`, {
      redirect: 'manual',
      headers: { cookie: jar.cookie('/connect/google') },
    });
    const consent = new URL(first.headers.get('location') ?? '');
    expect(consent.searchParams.get('include_granted_scopes')).toBe('true');
    expect(consent.searchParams.get('login_hint')).toBe(MAYA);
    const allowed = await connect(s, jar);
    expect(allowed.url).toBe(`${s.url}/account`);
    const active = await account(s, jar);
    expect(active.status).toBe('active');
    expect(active.missingPermissions).toBeUndefined();
    await s.settle();
    expect((await googleDriver.upcoming(s, MAYA, id))[0]!.description).toContain(BLOCK);
  });

  it('connects with the Calendar permission unticked: names it, and that invites get no agenda without it', async () => {
    const s = await started();
    const jar = cookieJar();
    await control(s, 'consent', { email: MAYA, deny: 'calendar.events,gmail.send' });
    const page = await (await connect(s, jar)).response.text();
    expect(page).toContain('“View and edit events on all your calendars”');
    expect(page).toContain('no agenda in invites');
    expect(page).toContain('“Send email on your behalf”');
    expect(page).toContain('Allow them in Google Calendar');
    expect((await account(s, jar)).statusReason).toContain(
      '"View and edit events on all your calendars" and "Send email on your behalf"',
    );
  });
});

describe('the full sync', () => {
  it('finds a weekly 1:1 that began two years ago and still runs (the full sync reads what ends after a year ago)', async () => {
    const s = await started();
    const jar = cookieJar();
    const response = await fetch(`${s.url}/sandbox/google/calendar/v3/calendars/primary/events?sendUpdates=none`, {
      method: 'POST',
      headers: { Authorization: `Bearer sandbox:${MAYA}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        summary: 'Long-running 1:1',
        start: { dateTime: '2024-11-26T11:00:00', timeZone: 'Europe/Berlin' },
        end: { dateTime: '2024-11-26T11:30:00', timeZone: 'Europe/Berlin' },
        recurrence: ['RRULE:FREQ=WEEKLY'],
        attendees: [{ email: MAYA }, { email: 'sam@example.com' }],
      }),
    });
    const { id } = (await response.json()) as { id: string };
    await connect(s, jar);
    await s.settle();
    expect((await account(s, jar)).series.map((series) => series.title)).toEqual(['Long-running 1:1']);
    expect((await googleDriver.upcoming(s, MAYA, id))[0]!.description).toContain(BLOCK);
  });

  it('shows a calendar too large for one sync on /account, and reads the rest at the next check', async () => {
    const s = await started();
    const jar = cookieJar();
    for (let i = 0; i < PAGES_PER_SYNC + 2; i++) {
      await fetch(`${s.url}/sandbox/google/calendar/v3/calendars/primary/events?sendUpdates=none`, {
        method: 'POST',
        headers: { Authorization: `Bearer sandbox:${MAYA}`, 'content-type': 'application/json' },
        body: JSON.stringify({
          summary: `Busy ${i}`,
          start: { dateTime: '2026-11-25T09:00:00Z' },
          end: { dateTime: '2026-11-25T09:30:00Z' },
        }),
      });
    }
    // The 1:1 comes last in the listing: past the first sync's bound when every page holds one item.
    await googleDriver.createWeekly(s, weeklyOneOnOne(googleDriver));
    await control(s, 'short-pages', { email: MAYA, sizes: Array(60).fill('1').join(','), calls: 'list' });

    await connect(s, jar);
    await s.settle();
    const partly = await account(s, jar);
    expect(partly.status).toBe('active');
    expect(partly.series).toEqual([]);
    expect(partly.syncNotes).toEqual([
      expect.stringContaining(`${PAGES_PER_SYNC} read so far, the rest at the next checks`),
    ]);
    expect(await accountHtml(s, jar)).toContain('than Carryover reads in one check');

    // The listing goes on a minute later (spread by up to 10 %), not at the next backstop hours away.
    await s.advance(66_000);
    const done = await account(s, jar);
    expect(done.series.map((series) => series.title)).toEqual(['1:1']);
    expect(done.syncNotes).toBeUndefined();
  });
});

describe('events.instances pages', () => {
  it('takes short and empty pages for what they are: the series goes on, the next meeting gets the agenda', async () => {
    const s = await started();
    const jar = cookieJar();
    await connect(s, jar);
    await control(s, 'short-pages', { email: MAYA, sizes: '0,1,0,0,1,0', calls: 'instances' });
    const id = await googleDriver.createWeekly(s, weeklyOneOnOne(googleDriver));
    await s.settle();
    await control(s, 'short-pages', { email: MAYA, sizes: '', calls: 'instances' });
    expect((await googleDriver.upcoming(s, MAYA, id))[0]!.description).toContain(BLOCK);
    const cancelled = await s.db.selectFrom('occurrences').select('id').where('status', '=', 'cancelled').execute();
    expect(cancelled).toEqual([]);
    expect((await account(s, jar)).series.map((series) => series.title)).toEqual(['1:1']);
  });
});
