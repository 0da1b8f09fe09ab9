import type { calendar_v3 } from '@googleapis/calendar';
import { describe, expect, it } from 'vitest';
import { attendeesOf, occurrenceOf, seriesOf } from '../../../src/providers/google/event-mapper.ts';

const master: calendar_v3.Schema$Event = {
  id: 'master1',
  iCalUID: 'master1@google.com',
  summary: 'Maya / Sam',
  recurrence: ['RRULE:FREQ=WEEKLY'],
  start: { dateTime: '2026-11-24T11:00:00+01:00', timeZone: 'Europe/Berlin' },
  end: { dateTime: '2026-11-24T11:30:00+01:00', timeZone: 'Europe/Berlin' },
  organizer: { email: 'Maya@Example.com', displayName: 'Maya', self: true },
  attendees: [
    { email: 'maya@example.com', organizer: true, self: true, responseStatus: 'accepted' },
    { email: 'Sam@Example.com', displayName: 'Sam', responseStatus: 'needsAction' },
    { email: 'room-1@resource.calendar.google.com', resource: true },
  ],
};

describe('reading Google events', () => {
  it('turns a recurring master into a provider series, rooms flagged and addresses lower-cased', () => {
    const series = seriesOf(master, 'maya@example.com');
    expect(series).toMatchObject({
      providerSeriesId: 'master1',
      iCalUid: 'master1@google.com',
      title: 'Maya / Sam',
      organizer: { email: 'maya@example.com', name: 'Maya' },
      timeZone: 'Europe/Berlin',
      recurring: true,
      organizedBySelf: true,
    });
    expect(series.attendees.map((a) => [a.email, a.name, a.resource])).toEqual([
      ['maya@example.com', undefined, false],
      ['sam@example.com', 'Sam', false],
      ['room-1@resource.calendar.google.com', undefined, true],
    ]);
  });
});

describe('text from Google that Postgres would refuse', () => {
  const bad: calendar_v3.Schema$Event = {
    ...master,
    iCalUID: 'master1\u0000@google.com',
    summary: '1:1\u0000 Maya \ud83d/ Sam',
    start: { ...master.start, timeZone: 'Europe/\u0000Berlin' },
    organizer: { email: 'Maya@Example.com\u0000', displayName: 'Maya\u0000 Lopez', self: true },
    attendees: [
      { email: 'sam@example.com', displayName: 'Sam\u0000 \udc00Lee' },
      { email: '\u0000\u0000', displayName: 'Nobody' },
    ],
  };

  it('removes NUL characters and replaces unpaired surrogates in the title, names, addresses, uid and zone', () => {
    const series = seriesOf(bad, 'maya@example.com');
    expect(series).toMatchObject({
      iCalUid: 'master1@google.com',
      title: '1:1 Maya \ufffd/ Sam',
      organizer: { email: 'maya@example.com', name: 'Maya Lopez' },
      timeZone: 'Europe/Berlin',
      organizedBySelf: true,
    });
    // An address that was nothing but NUL is no attendee at all.
    expect(attendeesOf(bad)).toEqual([expect.objectContaining({ email: 'sam@example.com', name: 'Sam \ufffdLee' })]);
  });

  it('caps a 2,000-character title at 300, a name at 200 and an address at 320, on a code-point boundary', () => {
    const series = seriesOf(
      {
        ...master,
        summary: `1:1 ${'🙂'.repeat(2000)}`,
        organizer: { email: `${'m'.repeat(400)}@example.com`, displayName: 'M'.repeat(1000) },
      },
      'maya@example.com',
    );
    expect(series.title).toBe(`1:1 ${'🙂'.repeat(295)}…`);
    expect(series.organizer.name).toBe(`${'M'.repeat(199)}…`);
    expect(series.organizer.email).toBe(`${'m'.repeat(319)}…`);
  });

  it('keeps an empty title, and says "(no title)" when there is none', () => {
    expect(seriesOf({ ...master, summary: '' }, 'maya@example.com').title).toBe('');
    expect(seriesOf({ ...master, summary: null }, 'maya@example.com').title).toBe('(no title)');
  });

  it('leaves ids, etags and the description exactly as Google sent them', () => {
    const description = '<p>Join\u0000 <b>\ud83d</b></p>'.repeat(2000);
    const occurrence = occurrenceOf(
      {
        ...bad,
        id: 'master1\u0000_20261124T100000Z',
        recurringEventId: 'master1\u0000',
        etag: '"\u00003181161784712000"',
        description,
      },
      'UTC',
    );
    expect(occurrence).toMatchObject({
      instanceId: 'master1\u0000_20261124T100000Z',
      providerSeriesId: 'master1\u0000',
      etag: '"\u00003181161784712000"',
    });
    expect(occurrence?.description).toBe(description);
    expect(occurrence?.attendees.map((a) => a.name)).toEqual(['Sam \ufffdLee']);
  });
});
