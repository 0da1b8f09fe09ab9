import { afterEach, describe, expect, it } from 'vitest';
import { microsoftDriver } from '../contract/drivers.ts';
import { followRedirects, mailTo, type ServiceHarness, startService } from '../support/service.ts';

const BLOCK = '=== Carryover 1:1 agenda';
const MAYA = 'maya@example.com';
const SAM = 'sam@example.com';

let s: ServiceHarness | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

async function outlookService() {
  const h = await startService({ now: '2026-11-24T09:00:00Z' });
  s = h;
  await followRedirects(`${h.url}/connect/microsoft?login_hint=${MAYA}`);
  return h;
}

const weekly = {
  organizer: MAYA,
  attendees: [SAM],
  firstStart: '2026-11-24T11:00:00',
  timeZone: 'Europe/Berlin',
  minutes: 30,
  count: 8,
  description: `<p>Notes</p>${microsoftDriver.joinBlob}`,
};

describe('Outlook through Microsoft Graph', () => {
  it('answers the subscription validation handshake with the decoded token as text/plain', async () => {
    const h = await outlookService();
    for (const path of ['/webhooks/microsoft', '/webhooks/microsoft/lifecycle']) {
      const response = await fetch(`${h.url}${path}?validationToken=${encodeURIComponent('Validation: Token 1+2')}`, {
        method: 'POST',
      });
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toContain('text/plain');
      expect(await response.text()).toBe('Validation: Token 1+2');
    }
  });

  it('subscribes on connect, refuses a notification with the wrong clientState, and rejects junk', async () => {
    const h = await outlookService();
    await h.settle();
    const calendar = await h.db.selectFrom('calendars').selectAll().executeTakeFirstOrThrow();
    expect(calendar.watch_id).toBeTruthy();
    const forged = await fetch(`${h.url}/webhooks/microsoft`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        value: [{ subscriptionId: calendar.watch_id, clientState: 'guess', changeType: 'updated' }],
      }),
    });
    expect(forged.status).toBe(401);
    const junk = await fetch(`${h.url}/webhooks/microsoft`, { method: 'POST', body: 'not json' });
    expect(junk.status).toBe(400);
  });

  it('subscribes again when Graph removes the subscription (lifecycle notification)', async () => {
    const h = await outlookService();
    await h.settle();
    const before = await h.db.selectFrom('calendars').selectAll().executeTakeFirstOrThrow();
    const removed = await fetch(
      `${h.url}/sandbox/control/microsoft/lifecycle?subscription=${before.watch_id}&event=subscriptionRemoved`,
      { method: 'POST' },
    );
    expect(removed.ok).toBe(true);
    await h.settle();
    const after = await h.db.selectFrom('calendars').selectAll().executeTakeFirstOrThrow();
    expect(after.watch_id).toBeTruthy();
    expect(after.watch_id).not.toBe(before.watch_id);
  });

  it('finds a quarterly 1:1 whose next meeting lies beyond the delta window', async () => {
    const h = await outlookService();
    const id = await microsoftDriver.createWeekly(h, { ...weekly, firstStart: '2027-03-02T11:00:00', count: 4 });
    await h.settle();
    await h.advance(25 * 3600_000); // the next sync restarts the window and lists every series master
    const [next] = await microsoftDriver.upcoming(h, MAYA, id);
    expect(next!.start.toISOString()).toBe('2027-03-02T10:00:00.000Z');
    expect(next!.description).toContain(BLOCK);
  });

  it("prompts after a moved meeting's new end", async () => {
    const h = await outlookService();
    const id = await microsoftDriver.createWeekly(h, weekly);
    await h.settle();
    const [next] = await microsoftDriver.upcoming(h, MAYA, id);
    const moved = await fetch(`${h.url}/sandbox/graph/v1.0/me/events/${encodeURIComponent(next!.id)}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer sandbox:${MAYA}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        start: { dateTime: '2026-11-24T15:00:00', timeZone: 'Europe/Berlin' },
        end: { dateTime: '2026-11-24T15:30:00', timeZone: 'Europe/Berlin' },
      }),
    });
    expect(moved.ok).toBe(true);
    await h.settle();
    h.clock.set('2026-11-24T10:45:00Z');
    await h.settle();
    const mail = () => mailTo(h, SAM, 'recap');
    expect(await mail()).toEqual([]);
    h.clock.set('2026-11-24T14:31:00Z');
    await h.settle();
    expect(await mail()).toHaveLength(1);
  });

  it("yields one agenda when the Outlook organizer's report also connected Google", async () => {
    const h = await outlookService();
    await followRedirects(`${h.url}/connect/google?login_hint=${SAM}`);
    const id = await microsoftDriver.createWeekly(h, weekly);
    await h.settle();
    expect(await h.db.selectFrom('series').selectAll().execute()).toHaveLength(1);
    const [next] = await microsoftDriver.upcoming(h, MAYA, id);
    expect(next!.description.split(BLOCK)).toHaveLength(2);
  });
});
