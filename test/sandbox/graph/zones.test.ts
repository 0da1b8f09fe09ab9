/**
 * Time zone names as Outlook writes them ("dateTimeTimeZone": Windows names by default; "Get user mailbox settings":
 * the mailbox's own zone, "in the format that the administrator has set up", Windows by default). The sandbox writes
 * `originalStartTimeZone` and `recurrenceTimeZone` with the Windows name of the zone an event was created in — among
 * them names a client's short table may lack — and `tzone://Microsoft/Custom` for a zone Outlook could not name (an
 * event imported from another calendar, via the `imported-zone` control).
 */
import type { Event } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, graphClient, type RunningSandbox, startSandbox } from './support.ts';

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
});
afterAll(() => run.close());

/** The Windows name CLDR's windowsZones gives each of these IANA zones ("001" territory). */
const WINDOWS_NAMES: Readonly<Record<string, string>> = {
  'Europe/Istanbul': 'Turkey Standard Time',
  'Africa/Cairo': 'Egypt Standard Time',
  'America/Santiago': 'Pacific SA Standard Time',
  'Asia/Bangkok': 'SE Asia Standard Time',
  'Australia/Adelaide': 'Cen. Australia Standard Time',
  'Asia/Tehran': 'Iran Standard Time',
  'Asia/Karachi': 'Pakistan Standard Time',
};

describe('zone names Outlook writes', () => {
  it('writes the Windows name of the zone a series was created in, by IANA or Windows name', async () => {
    const client = graphClient(run.base, 'zones@example.com');
    for (const [iana, windows] of Object.entries(WINDOWS_NAMES)) {
      for (const given of [iana, windows]) {
        const created: Event = await client.api('/me/events').post({
          subject: `in ${given}`,
          start: { dateTime: '2024-10-15T10:00:00', timeZone: given },
          end: { dateTime: '2024-10-15T10:30:00', timeZone: given },
          recurrence: {
            pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] },
            range: { type: 'numbered', startDate: '2024-10-15', numberOfOccurrences: 2 },
          },
        });
        expect(created.originalStartTimeZone).toBe(windows);
        expect(created.recurrence?.range?.recurrenceTimeZone).toBe(windows);
      }
    }
  });

  it('writes tzone://Microsoft/Custom for an imported event whose zone Outlook could not name', async () => {
    const client = graphClient(run.base, 'import@example.com');
    const created: Event = await client.api('/me/events').post({
      subject: 'imported',
      start: { dateTime: '2024-10-15T10:00:00', timeZone: 'Asia/Tokyo' },
      end: { dateTime: '2024-10-15T10:30:00', timeZone: 'Asia/Tokyo' },
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] },
        range: { type: 'numbered', startDate: '2024-10-15', numberOfOccurrences: 2 },
      },
    });
    await control(run.base, 'imported-zone', {
      email: 'import@example.com',
      event: created.id ?? '',
      name: 'tzone://Microsoft/Custom',
    });
    const read: Event = await client.api(`/me/events/${encodeURIComponent(created.id ?? '')}`).get();
    expect(read.originalStartTimeZone).toBe('tzone://Microsoft/Custom');
    expect(read.recurrence?.range?.recurrenceTimeZone).toBe('tzone://Microsoft/Custom');
    // The times themselves are unchanged: 10:00 in Tokyo is 01:00 UTC.
    expect(read.start?.dateTime).toBe('2024-10-15T01:00:00.0000000');
  });
});

describe('the mailbox\'s own zone ("Get user mailbox settings")', () => {
  it('answers timeZone (UTC until set), with $select and at /mailboxSettings/timeZone', async () => {
    const client = graphClient(run.base, 'settings@example.com');
    const settings = await client.api('/me/mailboxSettings').get();
    expect(settings).toMatchObject({ timeZone: 'UTC', language: { locale: 'en-US' } });
    await control(run.base, 'mailbox-timezone', { email: 'settings@example.com', timeZone: 'Tokyo Standard Time' });
    const selected = await client.api('/me/mailboxSettings?$select=timeZone').get();
    expect(Object.keys(selected).sort()).toEqual(['@odata.context', 'timeZone']);
    expect(selected.timeZone).toBe('Tokyo Standard Time');
    const only = await client.api('/me/mailboxSettings/timeZone').get();
    expect(only.value).toBe('Tokyo Standard Time');
    const refused = await fetch(
      `${run.base}/sandbox/control/microsoft/mailbox-timezone?email=settings@example.com&timeZone=Mars`,
      { method: 'POST' },
    );
    expect(refused.status).toBe(400);
  });
});
