import { afterEach, describe, expect, it } from 'vitest';
import { BACKSTOP_MAX_MS } from '../../src/core/backstop.ts';
import type { MailMessage } from '../../src/sandbox/mailbox.ts';
import type { CallCount } from '../../src/sandbox/stats.ts';
import { followRedirects, type ServiceHarness, startService } from '../support/service.ts';
import { microsoftDriver, weeklyOneOnOne } from './drivers.ts';

/**
 * What real Outlook does that a naive sandbox would not, and the service coping with it end to end (FIDELITY.md):
 * Exchange rewrites the bodies it stores, mails the attendee on every write of the organizer's meeting, names zones
 * with Windows names (or none), expires delta tokens with a 400, and announces a series by notification long before
 * any of its meetings enters the delta window.
 */

const BLOCK = '=== Carryover 1:1 agenda';
const MAYA = 'maya@example.com';
const SAM = 'sam@example.com';
const GRAPH = '/sandbox/graph/v1.0';

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

async function outlookService(): Promise<ServiceHarness> {
  h = await startService({ now: '2026-11-24T09:00:00Z' });
  const session = await followRedirects(`${h.url}/connect/microsoft?login_hint=${MAYA}`);
  expect(session.url).toBe(`${h.url}/account`);
  await h.settle();
  return h;
}

/** Meeting messages (Outlook's own "Updated: …", "Canceled: …") a person received, newest first. */
async function meetingMail(s: ServiceHarness, email: string): Promise<MailMessage[]> {
  return (await (
    await fetch(`${s.url}/sandbox/mail?to=${encodeURIComponent(email)}&kind=meeting`)
  ).json()) as MailMessage[];
}

/** Graph calls one user made, by method and route. */
async function calls(s: ServiceHarness, email: string): Promise<CallCount[]> {
  const snapshot = (await (await fetch(`${s.url}/sandbox/stats?user=${encodeURIComponent(email)}`)).json()) as Record<
    string,
    CallCount[]
  >;
  return snapshot[email] ?? [];
}

const count = (all: readonly CallCount[], method: string, path: string) =>
  all.filter((c) => c.method === method && c.path === `${GRAPH}${path}`).reduce((n, c) => n + c.count, 0);

async function graph<T>(s: ServiceHarness, method: string, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${s.url}${GRAPH}${path}`, {
    method,
    headers: { Authorization: `Bearer sandbox:${MAYA}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

describe('Outlook as it really is', () => {
  it('reads and prepares a quarterly 1:1 within seconds of its notification, though no meeting is in the delta window', async () => {
    const s = await outlookService();
    // 100 days out, every three months: nothing of it is in the 63-day delta window.
    const quarterly = await graph<{ id: string }>(s, 'POST', '/me/events', {
      subject: 'Quarterly career 1:1',
      body: { contentType: 'html', content: '<p>Career chat</p>' },
      start: { dateTime: '2027-03-04T10:00:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2027-03-04T11:00:00', timeZone: 'Europe/Berlin' },
      recurrence: {
        pattern: { type: 'absoluteMonthly', interval: 3, dayOfMonth: 4 },
        range: { type: 'noEnd', startDate: '2027-03-04' },
      },
      attendees: [{ emailAddress: { address: SAM }, type: 'required' }],
    });
    await s.settle(); // no clock advance: the notification alone brings it in
    const series = await s.db.selectFrom('series').select(['title', 'time_zone']).execute();
    expect(series).toEqual([{ title: 'Quarterly career 1:1', time_zone: 'Europe/Berlin' }]);
    const [next] = await microsoftDriver.upcoming(s, MAYA, quarterly.id);
    expect(next!.start.toISOString()).toBe('2027-03-04T09:00:00.000Z');
    expect(next!.description).toContain(BLOCK);
    // Read directly by id, not by listing every series master again.
    const made = await calls(s, MAYA);
    expect(count(made, 'GET', '/me/events')).toBe(1); // the full sync at connect, none since
    const notified = await s.db.selectFrom('calendars').selectAll().executeTakeFirstOrThrow();
    expect((notified as { notified_items?: string[] }).notified_items).toEqual([]);
  });

  it('finds its block again after Exchange rewrote the body, and keeps the Teams blob visible and whole', async () => {
    const s = await outlookService();
    const meeting = weeklyOneOnOne(microsoftDriver, {
      // Single quotes and a long line: Exchange re-quotes the one and folds the other.
      description: `<p class='intro'>${'Please read the notes before we meet. '.repeat(4)}</p>${microsoftDriver.joinBlob}`,
    });
    const id = await microsoftDriver.createWeekly(s, meeting);
    await s.settle();
    const [next] = await microsoftDriver.upcoming(s, MAYA, id);
    expect(next!.description).toMatch(/^<html>\r\n<head>\r\n<meta http-equiv="Content-Type"/);
    expect(next!.description).toContain('<p class="intro">');
    expect(next!.description).toContain(microsoftDriver.joinBlob);
    expect(next!.description.split(BLOCK)).toHaveLength(2);
    // Another sync and preparation later (a poll), still one block and the blob intact.
    await s.advance(31 * 60_000);
    const [again] = await microsoftDriver.upcoming(s, MAYA, id);
    expect(again!.description.split(BLOCK)).toHaveLength(2);
    expect(again!.description).toContain(microsoftDriver.joinBlob);
  });

  it('counts the update emails Sam receives: one per write of his meeting, none for a sync that changes nothing', async () => {
    const s = await outlookService();
    await microsoftDriver.createWeekly(s, weeklyOneOnOne(microsoftDriver));
    await s.settle();
    const updates = async () => (await meetingMail(s, SAM)).filter((m) => m.subject.startsWith('Updated: '));
    const received = await meetingMail(s, SAM);
    // The invitation when Maya created the series, then Carryover's one write of the next meeting's block.
    expect(received.filter((m) => m.subject === '1:1')).toHaveLength(1);
    expect(await updates()).toHaveLength(1);
    expect((await updates())[0]!.from).toBe(MAYA);
    // A poll, then an expired delta token and a full read of every series: nothing new to say, nothing written.
    await s.advance(31 * 60_000);
    await fetch(`${s.url}/sandbox/control/microsoft/expire-delta-tokens?email=${MAYA}`, { method: 'POST' });
    await s.advance(31 * 60_000);
    expect(await updates()).toHaveLength(1);
    // The meeting ends: the block moves on to the next one, one more write and so one more email.
    s.clock.set('2026-11-24T10:31:00Z');
    await s.settle();
    await s.advance(31 * 60_000);
    expect(await updates()).toHaveLength(2);
  });

  it("places a series in Outlook's Windows zone name, and an imported one (tzone://Microsoft/Custom) in the mailbox's zone", async () => {
    const s = await outlookService();
    await fetch(`${s.url}/sandbox/control/microsoft/mailbox-timezone?email=${MAYA}&timeZone=Tokyo%20Standard%20Time`, {
      method: 'POST',
    });
    await microsoftDriver.createWeekly(
      s,
      weeklyOneOnOne(microsoftDriver, { timeZone: 'Europe/Istanbul', title: 'Istanbul' }),
    );
    const imported = await microsoftDriver.createWeekly(
      s,
      weeklyOneOnOne(microsoftDriver, { timeZone: 'Asia/Tokyo', title: 'Imported', attendees: ['lee@example.com'] }),
    );
    const marked = await fetch(
      `${s.url}/sandbox/control/microsoft/imported-zone?email=${MAYA}&event=${encodeURIComponent(imported)}&name=${encodeURIComponent('tzone://Microsoft/Custom')}`,
      { method: 'POST' },
    );
    expect(marked.ok).toBe(true);
    // The daily window restart lists every series master again, reading the changed zone.
    await s.advance(25 * 3600_000);
    const zones = await s.db.selectFrom('series').select(['title', 'time_zone']).orderBy('title').execute();
    expect(zones).toEqual([
      { title: 'Imported', time_zone: 'Asia/Tokyo' },
      { title: 'Istanbul', time_zone: 'Europe/Istanbul' },
    ]);
  });

  it('syncs again from scratch when Graph answers an expired delta token with a 400 syncStateNotFound', async () => {
    const s = await outlookService();
    const id = await microsoftDriver.createWeekly(s, weeklyOneOnOne(microsoftDriver));
    await s.settle();
    await fetch(`${s.url}/sandbox/control/microsoft/pause-notifications?email=${MAYA}&paused=true`, { method: 'POST' });
    await fetch(`${s.url}/sandbox/control/microsoft/expire-delta-tokens?email=${MAYA}&status=400`, { method: 'POST' });
    const [next] = await microsoftDriver.upcoming(s, MAYA, id);
    await microsoftDriver.cancel(s, MAYA, next!.id);
    // The backstop (6 hours while push looked healthy, spread by up to 10 %) finds the cancellation.
    await s.advance(BACKSTOP_MAX_MS * 1.1);
    const [following] = await microsoftDriver.upcoming(s, MAYA, id);
    expect(following!.start.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(following!.description).toContain(BLOCK);
    const failed = await s.db.selectFrom('jobs').select('state').where('state', '=', 'dead').execute();
    expect(failed).toEqual([]);
  });
});
