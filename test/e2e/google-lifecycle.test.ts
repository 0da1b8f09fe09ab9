import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { followRedirects, kindOfMail, type ServiceHarness, startService } from '../support/service.ts';

const MINUTE = 60_000;
const WEEK = 7 * 24 * 60 * MINUTE;

interface Mail {
  from: string;
  to: string[];
  subject: string;
  text: string;
  html: string;
}

let s: ServiceHarness;
let seriesId: string;
let session: Awaited<ReturnType<typeof followRedirects>>;

/** The recaps (prompts) a person got; the reminder before each meeting is left out. */
const mailTo = async (email: string): Promise<Mail[]> =>
  ((await (await fetch(`${s.url}/sandbox/mail?to=${encodeURIComponent(email)}`)).json()) as Mail[]).filter(
    (mail) => kindOfMail(mail) === 'recap',
  );

const upcoming = async (email: string) =>
  (
    await s
      .calendarAs(email)
      .events.instances({ calendarId: 'primary', eventId: seriesId, timeMin: s.clock().toISOString() })
  ).items ?? [];

beforeAll(async () => {
  // Tuesday 24 November 2026, 10:00 in Berlin; the 1:1 is at 11:00 Berlin (10:00 UTC) every Tuesday.
  s = await startService({ now: '2026-11-24T09:00:00Z' });
  session = await followRedirects(`${s.url}/connect/google?login_hint=maya@example.com`);
  expect(session.url).toBe(`${s.url}/account`);
  expect(session.response.status).toBe(200);
  expect(await session.response.text()).toContain('maya@example.com');
  const created = await s.calendarAs('maya@example.com').events.insert({
    calendarId: 'primary',
    sendUpdates: 'none',
    requestBody: {
      summary: 'Maya / Sam 1:1',
      description: 'Join: https://meet.example/abc-defg-hij',
      start: { dateTime: '2026-11-24T11:00:00+01:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2026-11-24T11:30:00+01:00', timeZone: 'Europe/Berlin' },
      recurrence: ['RRULE:FREQ=WEEKLY;COUNT=12'],
      attendees: [
        { email: 'maya@example.com', organizer: true, responseStatus: 'accepted' },
        { email: 'sam@example.com', responseStatus: 'accepted' },
        { email: 'room-4@resource.calendar.google.com', resource: true },
      ],
    },
  });
  seriesId = created.id!;
  await s.settle();
}, 60_000);

afterAll(() => s?.close());

describe('a recurring 1:1 on Google Calendar', () => {
  it("gets the agenda link in its next invite, keeping the organizer's text, for both people", async () => {
    const [next] = await upcoming('maya@example.com');
    expect(next?.description).toContain('Join: https://meet.example/abc-defg-hij');
    expect(next?.description).toContain('Carryover 1:1 agenda');
    const link = /https?:\/\/[^\s"<]+\/a\/[A-Za-z0-9_-]{43}/.exec(next?.description ?? '')?.[0];
    expect(link).toBeTruthy();
    const agenda = await fetch(link!, { headers: { accept: 'application/json' } });
    expect(agenda.status).toBe(200);
    expect(((await agenda.json()) as { series: { title: string } }).series.title).toBe('Maya / Sam 1:1');
    // The attendee's copy shows the organizer's description.
    const [samsNext] = await upcoming('sam@example.com');
    expect(samsNext?.description).toContain(link!);
    // Only the next meeting carries the block.
    const later = (await upcoming('maya@example.com'))[1];
    expect(later?.description ?? '').not.toContain('Carryover 1:1 agenda');
  });

  it('emails both people once after the meeting, and carries what they commit to into the next invite', async () => {
    s.clock.set('2026-11-24T10:31:00Z');
    await s.settle();
    const [toSam] = await mailTo('sam@example.com');
    const [toMaya] = await mailTo('maya@example.com');
    expect(toSam?.from).toContain('maya@example.com');
    expect(toSam?.subject).toContain('1:1');
    expect(toMaya?.subject).toContain('1:1');
    const samsLink = /https?:\/\/[^\s"<]+\/a\/[A-Za-z0-9_-]{43}\?occurrence=[0-9a-f-]{36}/.exec(toSam!.text)?.[0];
    expect(samsLink).toBeTruthy();

    const url = new URL(samsLink!);
    const made = await fetch(`${url.origin}${url.pathname}/commitments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        text: 'Draft the on-call proposal',
        owner: 'sam@example.com',
        due: '2026-11-30',
        occurrence: url.searchParams.get('occurrence'),
      }),
    });
    expect(made.status).toBe(201);
    await s.settle();
    // The next invite took its snapshot when the meeting ended; it is refreshed once, 24 hours before the next one.
    s.clock.set('2026-11-30T10:00:00Z');
    await s.settle();
    const [next] = await upcoming('maya@example.com');
    expect(next?.start?.dateTime).toContain('2026-12-01');
    expect(next?.description).toContain('Draft the on-call proposal');
    expect(next?.description).toContain('Join: https://meet.example/abc-defg-hij');

    // However often the tick runs again, each person got exactly one prompt.
    await s.advance(MINUTE);
    await s.advance(10 * MINUTE);
    expect(await mailTo('sam@example.com')).toHaveLength(1);
    expect(await mailTo('maya@example.com')).toHaveLength(1);
  });

  it('takes a commitment off the next invite once it is marked done, at the invite’s next write', async () => {
    // 1 December's meeting ends: 8 December's invite is written, carrying what is still open.
    s.clock.set('2026-12-01T10:31:00Z');
    await s.settle();
    expect((await upcoming('maya@example.com'))[0]?.description).toContain('Draft the on-call proposal');
    const [toSam] = await mailTo('sam@example.com');
    const link = /https?:\/\/[^\s"<]+\/a\/[A-Za-z0-9_-]{43}/.exec(toSam!.text)![0];
    const view = (await (await fetch(link, { headers: { accept: 'application/json' } })).json()) as {
      review: { open: { id: string; text: string }[] };
    };
    const commitment = view.review.open.find((c) => c.text === 'Draft the on-call proposal')!;
    const done = await fetch(`${link}/commitments/${commitment.id}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ status: 'done' }),
    });
    expect(done.status).toBe(200);
    await s.settle();
    // The invite is a snapshot until its one refresh, 24 hours before the meeting; the agenda page is current.
    expect((await upcoming('maya@example.com'))[0]?.description).toContain('Draft the on-call proposal');
    s.clock.set('2026-12-07T10:00:00Z');
    await s.settle();
    const [next] = await upcoming('maya@example.com');
    expect(next?.description).not.toContain('Draft the on-call proposal');
    expect(next?.description).toContain('Carryover 1:1 agenda');
  });

  it('refuses a push notification with the wrong channel token and changes nothing', async () => {
    const calendar = await s.db.selectFrom('calendars').selectAll().executeTakeFirstOrThrow();
    const response = await fetch(`${s.url}/webhooks/google`, {
      method: 'POST',
      headers: {
        'X-Goog-Channel-ID': calendar.watch_id ?? '',
        'X-Goog-Channel-Token': 'forged',
        'X-Goog-Resource-ID': calendar.watch_resource_id ?? '',
        'X-Goog-Resource-State': 'exists',
        'X-Goog-Message-Number': '99',
      },
    });
    expect(response.status).toBe(401);
    const unknown = await fetch(`${s.url}/webhooks/google`, {
      method: 'POST',
      headers: { 'X-Goog-Channel-ID': 'no-such-channel', 'X-Goog-Resource-State': 'exists' },
    });
    expect(unknown.status).toBe(200);
    const malformed = await fetch(`${s.url}/webhooks/google`, { method: 'POST' });
    expect(malformed.status).toBe(400);
  });

  it('marks the account as needing reconnection when the grant is revoked, and says so', async () => {
    await fetch(`${s.url}/sandbox/control/google/revoke-grants?email=maya@example.com`, { method: 'POST' });
    await s.advance(2 * 3600_000); // past the access token's hour: the refresh fails with invalid_grant
    await s.advance(WEEK / 7);
    const account = await s.db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
    expect(account.status).toBe('needs_reconnect');
    // The account page says so, with a way back.
    const page = await (await fetch(`${s.url}/account`, { headers: { cookie: session.cookie('/account') } })).text();
    expect(page).toContain('role="alert"');
    expect(page).toContain('Carryover can no longer reach this calendar');
    expect(page).toContain('/connect/google?login_hint=maya%40example.com');
    const reconnected = await followRedirects(`${s.url}/connect/google?login_hint=maya@example.com`);
    expect(reconnected.response.status).toBe(200);
    const again = await s.db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
    expect(again.status).toBe('active');
  });
});
