import type { Event } from '@microsoft/microsoft-graph-types';
import { describe, expect, it } from 'vitest';
import { WINDOWS_TO_IANA_MAP } from 'windows-iana';
import { instantOf, occurrenceOf, seriesOf, unmappedZones } from '../../../src/providers/microsoft/event-mapper.ts';
import { relativeLink } from '../../../src/providers/microsoft/graph-client.ts';
import { toProviderError } from '../../../src/providers/microsoft/graph-errors.ts';
import { CUSTOM_ZONE, ianaZone } from '../../../src/providers/microsoft/windows-zones.ts';

describe('reading Graph events', () => {
  it('reads dateTime without offset as wall time in its zone, Windows zone names included', () => {
    expect(instantOf({ dateTime: '2026-11-24T10:00:00.0000000', timeZone: 'UTC' })?.toISOString()).toBe(
      '2026-11-24T10:00:00.000Z',
    );
    // Berlin is UTC+1 in November and UTC+2 in July.
    expect(instantOf({ dateTime: '2026-11-24T11:00:00', timeZone: 'W. Europe Standard Time' })?.toISOString()).toBe(
      '2026-11-24T10:00:00.000Z',
    );
    expect(instantOf({ dateTime: '2026-07-07T11:00:00', timeZone: 'Europe/Berlin' })?.toISOString()).toBe(
      '2026-07-07T09:00:00.000Z',
    );
    expect(instantOf({ dateTime: 'not a time', timeZone: 'UTC' })).toBeUndefined();
  });

  it('maps Windows zone names to IANA through CLDR windowsZones (windows-iana) and keeps IANA names', () => {
    expect(ianaZone('Pacific Standard Time')).toBe('America/Los_Angeles');
    expect(ianaZone('AUS Eastern Standard Time')).toBe('Australia/Sydney');
    expect(ianaZone('UTC')).toBe('UTC');
    expect(ianaZone('Europe/Berlin')).toBe('Europe/Berlin');
    // Names the sandbox writes (as Outlook does) that the old 35-name table did not know, and which fell to UTC.
    expect(ianaZone('Turkey Standard Time')).toBe('Europe/Istanbul');
    expect(ianaZone('Egypt Standard Time')).toBe('Africa/Cairo');
    expect(ianaZone('Pacific SA Standard Time')).toBe('America/Santiago');
    expect(ianaZone('SE Asia Standard Time')).toBe('Asia/Bangkok');
    expect(ianaZone('Cen. Australia Standard Time')).toBe('Australia/Adelaide');
    expect(ianaZone('Iran Standard Time')).toBe('Asia/Tehran');
    expect(ianaZone('Pakistan Standard Time')).toBe('Asia/Karachi');
    // Exchange has been seen to vary the case of a name.
    expect(ianaZone('turkey standard time')).toBe('Europe/Istanbul');
  });

  it('maps every Windows name CLDR knows to a zone this runtime can use', () => {
    for (const { windowsName } of WINDOWS_TO_IANA_MAP) expect(ianaZone(windowsName), windowsName).toBeTruthy();
  });

  it('maps neither tzone://Microsoft/Custom nor an unknown name: those need the mailbox zone, never UTC silently', () => {
    expect(ianaZone(CUSTOM_ZONE)).toBeUndefined();
    expect(ianaZone('Mars Standard Time')).toBeUndefined();
    const imported: Event = {
      id: 'AAMk-imported',
      type: 'seriesMaster',
      isOrganizer: true,
      originalStartTimeZone: CUSTOM_ZONE,
      start: { dateTime: '2026-11-24T10:00:00.0000000', timeZone: 'UTC' },
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] },
        range: { type: 'endDate', startDate: '2026-11-24', endDate: '2026-12-29', recurrenceTimeZone: CUSTOM_ZONE },
      },
    };
    expect(unmappedZones(imported)).toBe(true);
    expect(seriesOf(imported, 'maya@example.com').timeZone).toBeNull();
    const placed = seriesOf(imported, 'maya@example.com', 'Asia/Tokyo');
    expect(placed.timeZone).toBe('Asia/Tokyo');
    // The end date is read in the mailbox's zone: the end of 29 December in Tokyo.
    expect(placed.recurrenceEndsAt?.toISOString()).toBe('2026-12-29T14:59:59.999Z');
    expect(unmappedZones({ ...imported, originalStartTimeZone: 'Tokyo Standard Time', recurrence: null })).toBe(false);
  });

  it('turns a series master into a provider series, with rooms flagged and the organizer known', () => {
    const series = seriesOf(
      {
        id: 'AAMk-master',
        iCalUId: 'uid-1',
        subject: 'Maya / Sam',
        type: 'seriesMaster',
        isOrganizer: true,
        originalStartTimeZone: 'W. Europe Standard Time',
        organizer: { emailAddress: { address: 'Maya@Example.com', name: 'Maya' } },
        attendees: [
          {
            emailAddress: { address: 'sam@example.com', name: 'Sam' },
            type: 'required',
            status: { response: 'declined' },
          },
          { emailAddress: { address: 'room@example.com' }, type: 'resource' },
        ],
      },
      'maya@example.com',
    );
    expect(series).toMatchObject({
      providerSeriesId: 'AAMk-master',
      iCalUid: 'uid-1',
      recurring: true,
      organizedBySelf: true,
      timeZone: 'Europe/Berlin',
      organizer: { email: 'maya@example.com', name: 'Maya' },
    });
    expect(series.attendees).toEqual([
      expect.objectContaining({ email: 'sam@example.com', response: 'declined', resource: false }),
      expect.objectContaining({ email: 'room@example.com', resource: true }),
    ]);
  });

  it('identifies an occurrence by its original start, even when moved', () => {
    const occurrence = occurrenceOf({
      id: 'AAMk-occ',
      seriesMasterId: 'AAMk-master',
      type: 'exception',
      originalStart: '2026-11-24T10:00:00Z',
      start: { dateTime: '2026-11-24T14:00:00', timeZone: 'UTC' },
      end: { dateTime: '2026-11-24T14:30:00', timeZone: 'UTC' },
      body: { contentType: 'html', content: '<p>hi</p>' },
    });
    expect(occurrence).toMatchObject({
      instanceId: 'AAMk-occ',
      providerSeriesId: 'AAMk-master',
      description: '<p>hi</p>',
    });
    expect(occurrence?.originalStart.toISOString()).toBe('2026-11-24T10:00:00.000Z');
    expect(occurrence?.startsAt.toISOString()).toBe('2026-11-24T14:00:00.000Z');
  });
});

describe('text from Graph that Postgres would refuse', () => {
  const master: Event = {
    id: 'AAMk-master',
    iCalUId: 'uid\u0000-1',
    subject: '1:1\u0000 Maya \ud83d/ Sam',
    type: 'seriesMaster',
    isOrganizer: true,
    originalStartTimeZone: 'W. Europe\u0000 Standard Time',
    organizer: { emailAddress: { address: 'Maya@Example.com\u0000', name: 'Maya\u0000 Lopez' } },
    attendees: [
      { emailAddress: { address: 'sam@example.com', name: 'Sam\u0000 \udc00Lee' }, type: 'required' },
      { emailAddress: { address: '\u0000', name: 'Nobody' }, type: 'required' },
    ],
  };

  it('removes NUL characters and replaces unpaired surrogates in the subject, names, addresses, uid and zone', () => {
    const series = seriesOf(master, 'maya@example.com');
    expect(series).toMatchObject({
      iCalUid: 'uid-1',
      title: '1:1 Maya \ufffd/ Sam',
      organizer: { email: 'maya@example.com', name: 'Maya Lopez' },
      timeZone: 'Europe/Berlin',
      organizedBySelf: true,
    });
    // An address that was nothing but NUL is no attendee at all.
    expect(series.attendees).toEqual([expect.objectContaining({ email: 'sam@example.com', name: 'Sam \ufffdLee' })]);
    expect(occurrenceOf({ ...master, ...timed, id: 'AAMk-occ' })?.attendees.map((a) => a.name)).toEqual([
      'Sam \ufffdLee',
    ]);
  });

  it('caps a long subject at 300 characters and a long name at 200', () => {
    const series = seriesOf(
      {
        ...master,
        subject: 'Weekly '.repeat(300),
        organizer: { emailAddress: { address: 'maya@example.com', name: 'M'.repeat(1000) } },
      },
      'maya@example.com',
    );
    expect([...series.title]).toHaveLength(300);
    expect(series.title).toBe(`${'Weekly '.repeat(300).slice(0, 299)}…`);
    expect(series.organizer.name).toBe(`${'M'.repeat(199)}…`);
  });

  it('leaves ids, etags and the body exactly as Graph sent them', () => {
    const body = '<p>Join\u0000 <b>\ud83d</b></p>'.repeat(2000);
    const occurrence = occurrenceOf({
      ...timed,
      id: 'AAMk\u0000occ',
      seriesMasterId: 'AAMk\u0000master',
      body: { contentType: 'html', content: body },
      '@odata.etag': 'W/"\u0000etag"',
    } as Event);
    expect(occurrence).toMatchObject({
      instanceId: 'AAMk\u0000occ',
      providerSeriesId: 'AAMk\u0000master',
      etag: 'W/"\u0000etag"',
    });
    expect(occurrence?.description).toBe(body);
  });
});

const timed = {
  start: { dateTime: '2026-11-24T10:00:00', timeZone: 'UTC' },
  end: { dateTime: '2026-11-24T10:30:00', timeZone: 'UTC' },
};

describe('Graph client details', () => {
  it('turns absolute nextLinks into paths the client will not mangle', () => {
    expect(
      relativeLink(
        'http://127.0.0.1:3000/sandbox/graph/v1.0/me/calendarView/delta?$deltatoken=x',
        'http://127.0.0.1:3000/sandbox/graph/',
      ),
    ).toBe('/me/calendarView/delta?$deltatoken=x');
    expect(relativeLink('https://graph.microsoft.com/v1.0/me/events?$skip=10', 'https://graph.microsoft.com/')).toBe(
      '/me/events?$skip=10',
    );
  });

  it.each([
    [429, 'TooManyRequests', 'rate-limit'],
    [412, 'ErrorIrresolvableConflict', 'conflict'],
    [410, 'syncStateNotFound', 'gone'],
    // "a 40X-series error with error codes such as syncStateNotFound" (delta query overview, "Token duration").
    [400, 'syncStateNotFound', 'gone'],
    [400, 'resyncRequired', 'gone'],
    [400, 'BadRequest', 'invalid'],
    [404, 'ErrorItemNotFound', 'not-found'],
    [401, 'InvalidAuthenticationToken', 'auth'],
    // Calls are on the account's own mailbox: access denied there is a permission the person did not grant.
    [403, 'ErrorAccessDenied', 'auth'],
    [403, 'ErrorSendAsDenied', 'forbidden'],
    [503, 'ServiceNotAvailable', 'transient'],
    [-1, null, 'transient'],
  ])('maps %i %s to %s', (statusCode, code, kind) => {
    const error = Object.assign(new Error('x'), { statusCode, code, headers: new Headers({ 'retry-after': '3' }) });
    const mapped = toProviderError(error, 'patch event');
    expect(mapped.kind).toBe(kind);
    if (statusCode === 429) expect(mapped.details.retryAfterMs).toBe(3000);
  });

  it('names the permission a denied call needed, for the person to allow when reconnecting', () => {
    const denied = Object.assign(new Error('Access is denied.'), { statusCode: 403, code: 'ErrorAccessDenied' });
    expect(toProviderError(denied, 'sendMail').details.permission).toBe('Send mail as you (Mail.Send)');
    expect(toProviderError(denied, 'patch event').details.permission).toContain('Calendars.ReadWrite');
  });

  it('tells a connection that was never made (nothing sent) from one that broke after the request went out', () => {
    const refused = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    const reset = Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
    const viaGraph = (cause: Error) => Object.assign(new Error(cause.message), { statusCode: -1, cause });
    expect(toProviderError(viaGraph(refused), 'sendMail').details.notSent).toBe(true);
    expect(toProviderError(viaGraph(reset), 'sendMail').details.notSent).toBeUndefined();
  });
});
