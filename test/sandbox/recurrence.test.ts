/**
 * Recurrence expansion, checked against instants worked out by hand from the zones' DST rules (Calendar v3
 * "Recurring events": the recurrence expands in `start.timeZone`; RFC 5545 §3.3.5 for skipped and repeated wall
 * times). The same cases decided the implementation: rrule.js gave host-zone-dependent results for all of them,
 * ical.js treated the TZIDs as floating, rrule-temporal dropped the spring-forward-gap occurrence.
 */
import { describe, expect, it } from 'vitest';
import { expandRecurrence, type Occurrence } from '../../src/sandbox/google/calendar/recurrence.ts';
import { parseRecurrence, RecurrenceError } from '../../src/sandbox/google/calendar/rrule.ts';
import { dayNumber, formatDay, wallToInstant } from '../../src/sandbox/google/calendar/time.ts';

const HORIZON = Date.UTC(2031, 0, 1);

function expand(zone: string, local: string, lines: string[], horizon = HORIZON): string[] {
  const [date = '', time = ''] = local.split('T');
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [hour, minute] = time.split(':').map(Number) as [number, number];
  const instant = wallToInstant(zone, { year, month, day, hour, minute, second: 0 });
  return expandRecurrence(parseRecurrence(lines), { kind: 'dateTime', instant, zone }, horizon).map(show);
}

function show(occurrence: Occurrence): string {
  return occurrence.kind === 'dateTime'
    ? new Date(occurrence.instant).toISOString().replace('.000Z', 'Z')
    : formatDay(occurrence.day);
}

describe('recurrence across DST, expanded in the event time zone', () => {
  it('keeps a weekly 10:00 Europe/Berlin meeting at 10:00 local across the October change (08:00Z → 09:00Z)', () => {
    expect(expand('Europe/Berlin', '2024-10-15T10:00', ['RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=4'])).toEqual([
      '2024-10-15T08:00:00Z',
      '2024-10-22T08:00:00Z',
      '2024-10-29T09:00:00Z',
      '2024-11-05T09:00:00Z',
    ]);
  });

  it('moves Europe/Berlin the other way in March (09:00Z → 08:00Z)', () => {
    expect(expand('Europe/Berlin', '2024-03-25T10:00', ['RRULE:FREQ=WEEKLY;COUNT=2'])).toEqual([
      '2024-03-25T09:00:00Z',
      '2024-04-01T08:00:00Z',
    ]);
  });

  it('keeps a daily 09:00 America/New_York meeting at 09:00 across spring forward', () => {
    expect(expand('America/New_York', '2024-03-09T09:00', ['RRULE:FREQ=DAILY;COUNT=3'])).toEqual([
      '2024-03-09T14:00:00Z',
      '2024-03-10T13:00:00Z',
      '2024-03-11T13:00:00Z',
    ]);
  });

  it('puts a 02:30 New York occurrence that DST skips at 03:30 EDT, not nowhere (RFC 5545 §3.3.5)', () => {
    expect(expand('America/New_York', '2024-03-09T02:30', ['RRULE:FREQ=DAILY;COUNT=3'])).toEqual([
      '2024-03-09T07:30:00Z',
      '2024-03-10T07:30:00Z',
      '2024-03-11T06:30:00Z',
    ]);
  });

  it('takes the first of a repeated 01:30 in New York (EDT, not EST)', () => {
    expect(expand('America/New_York', '2024-11-02T01:30', ['RRULE:FREQ=DAILY;COUNT=3'])).toEqual([
      '2024-11-02T05:30:00Z',
      '2024-11-03T05:30:00Z',
      '2024-11-04T06:30:00Z',
    ]);
  });

  it('follows Australia/Sydney out of DST in April and into it in October', () => {
    expect(expand('Australia/Sydney', '2024-04-01T09:00', ['RRULE:FREQ=WEEKLY;COUNT=2'])).toEqual([
      '2024-03-31T22:00:00Z',
      '2024-04-07T23:00:00Z',
    ]);
    expect(expand('Australia/Sydney', '2024-09-02T09:00', ['RRULE:FREQ=MONTHLY;BYDAY=1MO;COUNT=3'])).toEqual([
      '2024-09-01T23:00:00Z',
      '2024-10-06T22:00:00Z',
      '2024-11-03T22:00:00Z',
    ]);
  });

  it('keeps a late-evening Berlin meeting on its local day though the UTC day differs', () => {
    expect(expand('Europe/Berlin', '2024-10-19T23:30', ['RRULE:FREQ=WEEKLY;BYDAY=SA;COUNT=3'])).toEqual([
      '2024-10-19T21:30:00Z',
      '2024-10-26T21:30:00Z',
      '2024-11-02T22:30:00Z',
    ]);
  });
});

describe('RRULE parts', () => {
  it('MONTHLY BYDAY=2TU and BYDAY=-1FR pick the second Tuesday and the last Friday', () => {
    expect(expand('Europe/Berlin', '2024-09-10T10:00', ['RRULE:FREQ=MONTHLY;BYDAY=2TU;COUNT=3'])).toEqual([
      '2024-09-10T08:00:00Z',
      '2024-10-08T08:00:00Z',
      '2024-11-12T09:00:00Z',
    ]);
    expect(expand('Europe/Berlin', '2024-09-27T17:00', ['RRULE:FREQ=MONTHLY;BYDAY=-1FR;COUNT=3'])).toEqual([
      '2024-09-27T15:00:00Z',
      '2024-10-25T15:00:00Z',
      '2024-11-29T16:00:00Z',
    ]);
  });

  it('WEEKLY INTERVAL=2 with BYDAY=MO,WE alternates weeks', () => {
    expect(expand('UTC', '2024-01-01T10:00', ['RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=MO,WE;COUNT=5'])).toEqual([
      '2024-01-01T10:00:00Z',
      '2024-01-03T10:00:00Z',
      '2024-01-15T10:00:00Z',
      '2024-01-17T10:00:00Z',
      '2024-01-29T10:00:00Z',
    ]);
  });

  it('MONTHLY on the 31st skips months without one; BYMONTHDAY=-1 is the last day', () => {
    expect(expand('UTC', '2024-01-31T10:00', ['RRULE:FREQ=MONTHLY;COUNT=3'])).toEqual([
      '2024-01-31T10:00:00Z',
      '2024-03-31T10:00:00Z',
      '2024-05-31T10:00:00Z',
    ]);
    expect(expand('UTC', '2024-01-31T10:00', ['RRULE:FREQ=MONTHLY;BYMONTHDAY=-1;COUNT=3'])).toEqual([
      '2024-01-31T10:00:00Z',
      '2024-02-29T10:00:00Z',
      '2024-03-31T10:00:00Z',
    ]);
  });

  it('UNTIL (UTC) is inclusive and ends the series', () => {
    expect(expand('Europe/Berlin', '2024-10-15T10:00', ['RRULE:FREQ=WEEKLY;UNTIL=20241029T090000Z'])).toEqual([
      '2024-10-15T08:00:00Z',
      '2024-10-22T08:00:00Z',
      '2024-10-29T09:00:00Z',
    ]);
  });

  it('EXDATE with TZID removes one occurrence without changing COUNT; RDATE adds one', () => {
    expect(
      expand('Europe/Berlin', '2024-10-15T10:00', [
        'RRULE:FREQ=WEEKLY;COUNT=4',
        'EXDATE;TZID=Europe/Berlin:20241022T100000',
        'RDATE:20241024T140000Z',
      ]),
    ).toEqual(['2024-10-15T08:00:00Z', '2024-10-24T14:00:00Z', '2024-10-29T09:00:00Z', '2024-11-05T09:00:00Z']);
  });

  it('expands all-day series by date, with EXDATE;VALUE=DATE', () => {
    const start = { kind: 'date' as const, day: dayNumber(2024, 10, 28) };
    const set = parseRecurrence(['RRULE:FREQ=DAILY;COUNT=4', 'EXDATE;VALUE=DATE:20241029']);
    expect(expandRecurrence(set, start, HORIZON).map(show)).toEqual(['2024-10-28', '2024-10-30', '2024-10-31']);
  });

  it('YEARLY keeps the date and stops at the horizon for an endless rule', () => {
    expect(expand('UTC', '2024-02-29T09:00', ['RRULE:FREQ=YEARLY'], Date.UTC(2033, 0, 1))).toEqual([
      '2024-02-29T09:00:00Z',
      '2028-02-29T09:00:00Z',
      '2032-02-29T09:00:00Z',
    ]);
  });

  it('refuses rule parts it would expand wrongly instead of guessing', () => {
    expect(() => parseRecurrence(['RRULE:FREQ=DAILY;BYHOUR=9'])).toThrow(RecurrenceError);
    expect(() => parseRecurrence(['RRULE:FREQ=WEEKLY;BYDAY=2TU'])).toThrow(RecurrenceError);
    expect(() => parseRecurrence(['RRULE:FREQ=HOURLY'])).toThrow(RecurrenceError);
  });
});
