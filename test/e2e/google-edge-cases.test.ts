import type { calendar_v3 } from '@googleapis/calendar';
import { afterEach, describe, expect, it } from 'vitest';
import { followRedirects, kindOfMail, type ServiceHarness, startService } from '../support/service.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const BLOCK = 'Carryover 1:1 agenda';

let s: ServiceHarness | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

/** The service at Tuesday 24 Nov 2026 09:00 UTC with Maya connected. */
async function connected(email = 'maya@example.com'): Promise<ServiceHarness> {
  s = await startService({ now: '2026-11-24T09:00:00Z' });
  await followRedirects(`${s.url}/connect/google?login_hint=${email}`);
  return s;
}

/** A weekly 1:1 Maya organizes with Sam, Tuesdays 11:00 Berlin (10:00 UTC), starting on `first`. */
function weekly(first = '2026-11-24', extra: Partial<calendar_v3.Schema$Event> = {}): calendar_v3.Schema$Event {
  return {
    summary: 'Maya / Sam 1:1',
    description: 'Agenda notes live below.',
    start: { dateTime: `${first}T11:00:00+01:00`, timeZone: 'Europe/Berlin' },
    end: { dateTime: `${first}T11:30:00+01:00`, timeZone: 'Europe/Berlin' },
    recurrence: ['RRULE:FREQ=WEEKLY;COUNT=10'],
    attendees: [
      { email: 'maya@example.com', organizer: true, responseStatus: 'accepted' },
      { email: 'sam@example.com', responseStatus: 'accepted' },
    ],
    ...extra,
  };
}

async function create(h: ServiceHarness, event: calendar_v3.Schema$Event, as = 'maya@example.com') {
  const created = await h
    .calendarAs(as)
    .events.insert({ calendarId: 'primary', sendUpdates: 'none', requestBody: event });
  await h.settle();
  return created.id!;
}

async function instances(h: ServiceHarness, seriesId: string, as = 'maya@example.com', showDeleted = false) {
  return (
    (
      await h.calendarAs(as).events.instances({
        calendarId: 'primary',
        eventId: seriesId,
        timeMin: new Date(h.clock().getTime() - 2 * HOUR).toISOString(),
        showDeleted,
      })
    ).items ?? []
  );
}

/** The recaps (prompts) a person got; the reminders before each meeting are not what these cases are about. */
const mailTo = async (h: ServiceHarness, email: string) =>
  (
    (await (await fetch(`${h.url}/sandbox/mail?to=${encodeURIComponent(email)}`)).json()) as {
      subject: string;
      text: string;
    }[]
  ).filter((mail) => kindOfMail(mail) === 'recap');

const blockCount = (description: string | null | undefined) =>
  (description ?? '').split('=== Carryover 1:1 agenda').length - 1;

describe('Google Calendar edge cases', () => {
  it('keeps what the organizer types around the block when re-writing it, with no duplicate block', async () => {
    const h = await connected();
    const id = await create(h, weekly());
    const [next] = await instances(h, id);
    const edited = `Prep: bring the Q4 numbers\n${next!.description}\nPS: room changed`;
    await h.calendarAs('maya@example.com').events.patch({
      calendarId: 'primary',
      eventId: next!.id!,
      requestBody: { description: edited },
    });
    await h.settle();
    // A commitment changes the block; the organizer's lines stay, and there is still exactly one block.
    const agendaLink = /\/a\/[A-Za-z0-9_-]{43}/.exec(edited)![0];
    await fetch(`${h.url}${agendaLink}/commitments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Book the offsite', owner: 'maya@example.com', as: 'maya@example.com' }),
    });
    await h.settle();
    const [after] = await instances(h, id);
    expect(after!.description).toContain('Prep: bring the Q4 numbers');
    expect(after!.description).toContain('PS: room changed');
    expect(blockCount(after!.description)).toBe(1);
  });

  it('sends no prompt for a cancelled meeting, and carries its commitments to the next one', async () => {
    const h = await connected();
    const id = await create(h, weekly('2026-11-17'));
    const [current] = await instances(h, id);
    expect(current!.start!.dateTime).toContain('2026-11-24');
    await h
      .calendarAs('maya@example.com')
      .events.delete({ calendarId: 'primary', eventId: current!.id!, sendUpdates: 'none' });
    await h.settle();
    h.clock.set('2026-11-24T10:45:00Z');
    await h.settle();
    expect(await mailTo(h, 'sam@example.com')).toEqual([]);
    const [next] = await instances(h, id);
    expect(next!.start!.dateTime).toContain('2026-12-01');
    expect(next!.description).toContain(BLOCK);
  });

  it("prompts after a moved meeting's new end, not its old one", async () => {
    const h = await connected();
    const id = await create(h, weekly());
    const [next] = await instances(h, id);
    await h.calendarAs('maya@example.com').events.patch({
      calendarId: 'primary',
      eventId: next!.id!,
      requestBody: {
        start: { dateTime: '2026-11-24T15:00:00+01:00', timeZone: 'Europe/Berlin' },
        end: { dateTime: '2026-11-24T15:30:00+01:00', timeZone: 'Europe/Berlin' },
      },
    });
    await h.settle();
    h.clock.set('2026-11-24T10:45:00Z'); // after the old end
    await h.settle();
    expect(await mailTo(h, 'sam@example.com')).toEqual([]);
    h.clock.set('2026-11-24T14:31:00Z'); // after the new end (15:30 Berlin)
    await h.settle();
    expect(await mailTo(h, 'sam@example.com')).toHaveLength(1);
  });

  it('does not prompt for a meeting that ended before the series was first seen', async () => {
    const h = await connected();
    h.clock.set('2026-11-24T10:40:00Z'); // today's meeting is over before Carryover sees the series
    await create(h, weekly());
    h.clock.set('2026-11-24T12:00:00Z');
    await h.settle();
    expect(await mailTo(h, 'sam@example.com')).toEqual([]);
  });

  it('finds and prepares a quarterly 1:1 whose next meeting is months away', async () => {
    const h = await connected();
    const id = await create(
      h,
      weekly('2027-02-23', { recurrence: ['RRULE:FREQ=MONTHLY;INTERVAL=3;COUNT=4'], summary: 'Quarterly career chat' }),
    );
    const [next] = await instances(h, id);
    expect(next!.start!.dateTime).toContain('2027-02-23');
    expect(next!.description).toContain(BLOCK);
  });

  it('ignores meetings with more than two people, and takes the block off when a third person joins', async () => {
    const h = await connected();
    const group = await create(h, {
      ...weekly(),
      attendees: [...weekly().attendees!, { email: 'lee@example.com', responseStatus: 'accepted' }],
    });
    expect((await instances(h, group))[0]!.description ?? '').not.toContain(BLOCK);

    const id = await create(h, weekly('2026-11-25'));
    expect((await instances(h, id))[0]!.description).toContain(BLOCK);
    await h.calendarAs('maya@example.com').events.patch({
      calendarId: 'primary',
      eventId: id,
      requestBody: { attendees: [...weekly().attendees!, { email: 'lee@example.com' }] },
    });
    await h.settle();
    const [after] = await instances(h, id);
    expect(after!.description ?? '').not.toContain(BLOCK);
    expect(after!.description).toContain('Agenda notes live below.');
  });

  it('writes one agenda per meeting when both people connected', async () => {
    const h = await connected();
    await followRedirects(`${h.url}/connect/google?login_hint=sam@example.com`);
    const id = await create(h, weekly());
    const series = await h.db.selectFrom('series').selectAll().execute();
    expect(series).toHaveLength(1);
    const [next] = await instances(h, id, 'sam@example.com');
    expect(blockCount(next!.description)).toBe(1);
  });

  it('keeps history and open commitments when "this and following" splits the series', async () => {
    const h = await connected();
    const id = await create(h, weekly('2026-11-17'));
    const link = /\/a\/[A-Za-z0-9_-]{43}/.exec((await instances(h, id))[0]!.description!)![0];
    await fetch(`${h.url}${link}/commitments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Share the growth plan', owner: 'sam@example.com', as: 'maya@example.com' }),
    });
    // The split, as Google Calendar's UI does it: UNTIL on the old series, a new series from 1 December.
    await h.calendarAs('maya@example.com').events.patch({
      calendarId: 'primary',
      eventId: id,
      requestBody: { recurrence: ['RRULE:FREQ=WEEKLY;UNTIL=20261130T235959Z'] },
    });
    const next = await create(
      h,
      weekly('2026-12-01', {
        start: { dateTime: '2026-12-01T14:00:00+01:00', timeZone: 'Europe/Berlin' },
        end: { dateTime: '2026-12-01T14:30:00+01:00', timeZone: 'Europe/Berlin' },
      }),
    );
    h.clock.set('2026-11-24T10:45:00Z');
    await h.settle();
    const [first] = await instances(h, next);
    expect(first!.start!.dateTime).toContain('2026-12-01');
    expect(first!.description).toContain('Share the growth plan');
    expect(await h.db.selectFrom('series').selectAll().execute()).toHaveLength(1);
  });

  it('picks up changes when push notifications are lost, by polling', async () => {
    const h = await connected();
    const paused = await fetch(
      `${h.url}/sandbox/control/google/pause-notifications?email=maya@example.com&paused=true`,
      {
        method: 'POST',
      },
    );
    expect(paused.ok).toBe(true);
    const id = await create(h, weekly());
    await h.advance(31 * MINUTE);
    expect((await instances(h, id))[0]!.description).toContain(BLOCK);
  });

  it('recovers from an expired sync token with a full sync', async () => {
    const h = await connected();
    const expired = await fetch(`${h.url}/sandbox/control/google/expire-sync-tokens?email=maya@example.com`, {
      method: 'POST',
    });
    expect(expired.ok).toBe(true);
    const id = await create(h, weekly());
    expect((await instances(h, id))[0]!.description).toContain(BLOCK);
  });

  it('backs off on 429 and 503 and gets there once Google answers again', async () => {
    const h = await connected();
    const created = await h
      .calendarAs('maya@example.com')
      .events.insert({ calendarId: 'primary', requestBody: weekly() });
    const fail = (query: string) =>
      fetch(`${h.url}/sandbox/control/google/fail-next?email=maya@example.com&${query}`, { method: 'POST' });
    expect((await fail('status=503&count=2')).ok).toBe(true);
    expect((await fail('status=429&reason=rateLimitExceeded&count=1')).ok).toBe(true);
    const first = await h.settle();
    expect(first.failed).toBeGreaterThan(0);
    const failing = await h.db.selectFrom('jobs').select('last_error').where('last_error', 'is not', null).execute();
    expect(failing.map((j) => j.last_error).join(' ')).toMatch(/503|429/);
    // Backoff doubles from 30 s; the third try (after 503, 503, 429) is due within a quarter of an hour.
    for (let i = 0; i < 3; i++) await h.advance(5 * MINUTE);
    expect((await instances(h, created.id!))[0]!.description).toContain(BLOCK);
  });

  it("follows the meeting to its new organizer (events.move): a thread of the new pair, the report's open commitments carried", async () => {
    const h = await connected();
    await followRedirects(`${h.url}/connect/google?login_hint=lee@example.com`);
    const id = await create(h, weekly());
    const link = /\/a\/[A-Za-z0-9_-]{43}/.exec((await instances(h, id))[0]!.description!)![0];
    await fetch(`${h.url}${link}/commitments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Hand over the hiring plan', owner: 'sam@example.com', as: 'maya@example.com' }),
    });
    const moved = await fetch(
      `${h.url}/sandbox/google/calendar/v3/calendars/primary/events/${id}/move?destination=lee@example.com`,
      { method: 'POST', headers: { Authorization: 'Bearer sandbox:maya@example.com' } },
    );
    expect(moved.ok).toBe(true);
    await h.settle();
    const sources = await h.db.selectFrom('series_sources').selectAll().execute();
    // Maya's account no longer writes; Lee's does, into a thread of Lee and Sam that continues Maya and Sam's.
    expect(sources.filter((src) => src.organizer_email === 'maya@example.com').every((src) => src.ended_at)).toBe(true);
    expect(sources.some((src) => src.organizer_email === 'lee@example.com' && !src.ended_at)).toBe(true);
    const series = await h.db.selectFrom('series').selectAll().orderBy('created_at').execute();
    expect(series.map((x) => [x.organizer_email, x.attendee_email, x.status])).toEqual([
      ['maya@example.com', 'sam@example.com', 'ended'],
      ['lee@example.com', 'sam@example.com', 'active'],
    ]);
    expect(series[1]!.previous_series_id).toBe(series[0]!.id);
    const [next] = await instances(h, id, 'lee@example.com');
    expect(next!.description).toContain('Hand over the hiring plan');
  });

  it('renews the push channel before it expires, overlapping, and stops the old one', async () => {
    const h = await connected();
    await create(h, weekly());
    const before = await h.db.selectFrom('calendars').selectAll().executeTakeFirstOrThrow();
    expect(before.watch_id).toBeTruthy();
    await h.advance(6.5 * DAY); // within a day of the week-long channel's expiry
    const after = await h.db.selectFrom('calendars').selectAll().executeTakeFirstOrThrow();
    expect(after.watch_id).not.toBe(before.watch_id);
    expect(after.watch_expires_at!.getTime()).toBeGreaterThan(before.watch_expires_at!.getTime());
    // The old channel is gone: a notification for it is acknowledged and ignored.
    const stale = await fetch(`${h.url}/webhooks/google`, {
      method: 'POST',
      headers: { 'X-Goog-Channel-ID': before.watch_id!, 'X-Goog-Resource-State': 'exists' },
    });
    expect(stale.status).toBe(200);
  });

  it('disconnects: block taken off, channels stopped, tokens deleted, nothing written any more', async () => {
    const h = await connected();
    const session = await followRedirects(`${h.url}/connect/google?login_hint=maya@example.com`);
    const id = await create(h, weekly());
    expect((await instances(h, id))[0]!.description).toContain(BLOCK);
    const { id: accountId } = await h.db.selectFrom('accounts').select('id').executeTakeFirstOrThrow();
    const out = await fetch(`${h.url}/disconnect`, {
      method: 'POST',
      redirect: 'manual',
      headers: {
        origin: h.url,
        cookie: session.cookie('/disconnect'),
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams({ account: accountId }).toString(),
    });
    expect(out.status).toBe(303);
    const account = await h.db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
    expect(account.status).toBe('disconnected');
    expect(account.tokens_encrypted).toBeNull();
    const calendar = await h.db.selectFrom('calendars').selectAll().executeTakeFirstOrThrow();
    expect(calendar.watch_id).toBeNull();
    // A new meeting after disconnecting gets no block.
    const later = await create(h, weekly('2026-11-26'));
    expect((await instances(h, later))[0]!.description ?? '').not.toContain(BLOCK);
    expect((await instances(h, id))[0]!.description).not.toContain(BLOCK); // taken off before access was revoked
  });
});
