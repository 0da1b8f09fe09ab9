import { afterEach, describe, expect, it } from 'vitest';
import { followRedirects, type ServiceHarness, startService } from '../support/service.ts';
import { googleDriver, microsoftDriver, type ProviderDriver } from './drivers.ts';

/**
 * Calendars accept text Postgres refuses (a NUL character) or UTF-8 cannot say (half a surrogate pair), and titles
 * of any length. One such meeting must not stall the calendar: it is recorded cleaned up, and the next 1:1 on the
 * same calendar is managed as usual.
 */
const BLOCK = '=== Carryover 1:1 agenda';
const MAYA = 'maya@example.com';
const SAM = 'sam@example.com';
const LEE = 'lee@example.com';

/** A title with NUL characters and a lone high surrogate, 2,000 characters long. */
const BAD_TITLE = `1:1\u0000 Maya \ud83d/ Sam ${'x'.repeat(2000)}`.slice(0, 2000);
const BAD_NAME = 'Sam\u0000 \udc00Lee';

interface BadMeeting {
  readonly title: string;
  readonly attendee: { readonly email: string; readonly name: string };
}

/** Creates a weekly 1:1 of Maya's with the given title and attendee name, as her calendar app would. */
const createWithText: Record<ProviderDriver['name'], (h: ServiceHarness, m: BadMeeting) => Promise<void>> = {
  async google(h, m) {
    await send(h, '/sandbox/google/calendar/v3/calendars/primary/events?sendUpdates=none', {
      summary: m.title,
      start: { dateTime: '2026-11-24T11:00:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2026-11-24T11:30:00', timeZone: 'Europe/Berlin' },
      recurrence: ['RRULE:FREQ=WEEKLY;COUNT=8'],
      attendees: [{ email: MAYA }, { email: m.attendee.email, displayName: m.attendee.name }],
    });
  },
  async microsoft(h, m) {
    await send(h, '/sandbox/graph/v1.0/me/events', {
      subject: m.title,
      body: { contentType: 'html', content: '<p>Notes</p>' },
      start: { dateTime: '2026-11-24T11:00:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2026-11-24T11:30:00', timeZone: 'Europe/Berlin' },
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] },
        range: {
          type: 'numbered',
          startDate: '2026-11-24',
          numberOfOccurrences: 8,
          recurrenceTimeZone: 'Europe/Berlin',
        },
      },
      attendees: [{ emailAddress: { address: m.attendee.email, name: m.attendee.name }, type: 'required' }],
    });
  },
};

async function send(h: ServiceHarness, path: string, body: unknown): Promise<void> {
  // JSON.stringify writes a lone surrogate as a \ud83d escape, so it reaches the sandbox as sent.
  const response = await fetch(`${h.url}${path}`, {
    method: 'POST',
    headers: { Authorization: `Bearer sandbox:${MAYA}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
}

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe.each([googleDriver, microsoftDriver])('text Postgres refuses, on $name', (driver) => {
  it('records the 1:1 cleaned up and capped, and keeps managing the calendar', async () => {
    h = await startService({ now: '2026-11-24T09:00:00Z' });
    const session = await followRedirects(`${h.url}/connect/${driver.name}?login_hint=${MAYA}`);
    expect(session.url).toBe(`${h.url}/account`);

    await createWithText[driver.name](h, { title: BAD_TITLE, attendee: { email: SAM, name: BAD_NAME } });
    await h.settle();

    const recorded = await h.db
      .selectFrom('series')
      .select(['title', 'attendee_email', 'attendee_name'])
      .where('attendee_email', '=', SAM)
      .execute();
    expect(recorded).toHaveLength(1);
    const [series] = recorded;
    expect(series!.title).toBe(`1:1 Maya \ufffd/ Sam ${'x'.repeat(283)}…`);
    expect([...series!.title]).toHaveLength(300);
    expect(series!.attendee_name).toBe('Sam \ufffdLee');
    expect(await h.db.selectFrom('accounts').select('status').execute()).toEqual([{ status: 'active' }]);
    const failing = await h.db
      .selectFrom('jobs')
      .select(['kind', 'last_error'])
      .where('last_error', 'is not', null)
      .execute();
    expect(failing).toEqual([]);

    const ordinary = await driver.createWeekly(h, {
      organizer: MAYA,
      attendees: [LEE],
      firstStart: '2026-11-24T14:00:00',
      timeZone: 'Europe/Berlin',
      minutes: 30,
      count: 8,
      description: `<p>Notes</p>${driver.joinBlob}`,
    });
    await h.settle();
    expect(await h.db.selectFrom('series').select('title').where('attendee_email', '=', LEE).execute()).toEqual([
      { title: '1:1' },
    ]);
    const [next] = await driver.upcoming(h, MAYA, ordinary);
    expect(next!.description).toContain(BLOCK);
    expect(next!.description).toContain(driver.joinBlob);
    expect(await h.db.selectFrom('jobs').select('last_error').where('last_error', 'is not', null).execute()).toEqual(
      [],
    );
  });
});
