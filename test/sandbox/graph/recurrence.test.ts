/**
 * Graph "patternedRecurrence", "recurrencePattern", "recurrenceRange" and "List instances": series expand in their
 * start zone's wall clock across DST (hand-checked: Europe/Berlin's October change, New York's March change,
 * Sydney's April change), relativeMonthly picks the index-th matching weekday, numbered and endDate (inclusive)
 * ranges end the series, the master's start moves to the first occurrence, and patterns missing a required
 * property are refused. (Paging and exceptions of instances: instances.test.ts.)
 */
import type { Event } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSeries,
  expectGraphError,
  graphClient,
  type Page,
  type RunningSandbox,
  startSandbox,
} from './support.ts';

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
});
afterAll(() => run.close());

const me = 'rita@example.com';

const series = (body: object) => createSeries(run.base, me, body);

async function instances(id: string, from: string, to: string, prefer?: string): Promise<Event[]> {
  const request = graphClient(run.base, me).api(
    `/me/events/${encodeURIComponent(id)}/instances?startDateTime=${from}&endDateTime=${to}&$top=100`,
  );
  const page: Page = await (prefer ? request.header('Prefer', prefer) : request).get();
  return page.value;
}

const starts = (events: Event[]) => events.map((e) => e.start?.dateTime);

describe('expansion across DST', () => {
  it('keeps a weekly Europe/Berlin 10:00 at 10:00 local across the October change (08:00Z, then 09:00Z)', async () => {
    const master = await series({
      start: { dateTime: '2024-10-08T10:00:00', timeZone: 'W. Europe Standard Time' },
      end: { dateTime: '2024-10-08T10:30:00', timeZone: 'W. Europe Standard Time' },
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'], firstDayOfWeek: 'monday' },
        range: { type: 'numbered', startDate: '2024-10-08', numberOfOccurrences: 4 },
      },
    });
    expect(master).toMatchObject({ type: 'seriesMaster', seriesMasterId: null });
    expect(master.recurrence).toEqual({
      pattern: {
        type: 'weekly',
        interval: 1,
        month: 0,
        dayOfMonth: 0,
        daysOfWeek: ['tuesday'],
        firstDayOfWeek: 'monday',
        index: 'first',
      },
      range: {
        type: 'numbered',
        startDate: '2024-10-08',
        endDate: '0001-01-01',
        recurrenceTimeZone: 'W. Europe Standard Time',
        numberOfOccurrences: 4,
      },
    });
    const utc = await instances(master.id ?? '', '2024-10-01T00:00:00Z', '2024-12-01T00:00:00Z');
    expect(starts(utc)).toEqual([
      '2024-10-08T08:00:00.0000000',
      '2024-10-15T08:00:00.0000000',
      '2024-10-22T08:00:00.0000000',
      '2024-10-29T09:00:00.0000000',
    ]);
    expect(utc.map((e) => e.originalStart)).toEqual([
      '2024-10-08T08:00:00Z',
      '2024-10-15T08:00:00Z',
      '2024-10-22T08:00:00Z',
      '2024-10-29T09:00:00Z',
    ]);
    expect(utc[0]).toMatchObject({ type: 'occurrence', seriesMasterId: master.id, recurrence: null });
    // Each occurrence has its own iCalUId ("different for each occurrence in a recurring series").
    expect(new Set(utc.map((e) => e.iCalUId)).size).toBe(4);
    const local = await instances(
      master.id ?? '',
      '2024-10-01T00:00:00Z',
      '2024-12-01T00:00:00Z',
      'outlook.timezone="Europe/Berlin"',
    );
    expect(local.map((e) => e.start?.dateTime?.slice(11, 16))).toEqual(['10:00', '10:00', '10:00', '10:00']);
  });

  it('moves New York 09:00 from 14:00Z to 13:00Z after the March change, and Sydney 09:00 from 22:00Z to 23:00Z after April', async () => {
    const newYork = await series({
      start: { dateTime: '2025-03-03T09:00:00', timeZone: 'Eastern Standard Time' },
      end: { dateTime: '2025-03-03T09:30:00', timeZone: 'Eastern Standard Time' },
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
        range: { type: 'endDate', startDate: '2025-03-03', endDate: '2025-03-10' },
      },
    });
    expect(starts(await instances(newYork.id ?? '', '2025-03-01T00:00:00Z', '2025-04-01T00:00:00Z'))).toEqual([
      '2025-03-03T14:00:00.0000000',
      '2025-03-10T13:00:00.0000000',
    ]);
    const sydney = await series({
      start: { dateTime: '2025-03-27T09:00:00', timeZone: 'AUS Eastern Standard Time' },
      end: { dateTime: '2025-03-27T10:00:00', timeZone: 'AUS Eastern Standard Time' },
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['thursday'] },
        range: { type: 'numbered', startDate: '2025-03-27', numberOfOccurrences: 3 },
      },
    });
    expect(starts(await instances(sydney.id ?? '', '2025-03-20T00:00:00Z', '2025-05-01T00:00:00Z'))).toEqual([
      '2025-03-26T22:00:00.0000000',
      '2025-04-02T22:00:00.0000000',
      '2025-04-09T23:00:00.0000000',
    ]);
  });
});

describe('patterns and ranges', () => {
  it('relativeMonthly: the last Friday, and the second Tuesday, of each month', async () => {
    const last = await series({
      start: { dateTime: '2025-01-31T15:00:00', timeZone: 'UTC' },
      end: { dateTime: '2025-01-31T15:30:00', timeZone: 'UTC' },
      recurrence: {
        pattern: { type: 'relativeMonthly', interval: 1, daysOfWeek: ['friday'], index: 'last' },
        range: { type: 'noEnd', startDate: '2025-01-31' },
      },
    });
    expect(starts(await instances(last.id ?? '', '2025-01-01T00:00:00Z', '2025-05-01T00:00:00Z'))).toEqual([
      '2025-01-31T15:00:00.0000000',
      '2025-02-28T15:00:00.0000000',
      '2025-03-28T15:00:00.0000000',
      '2025-04-25T15:00:00.0000000',
    ]);
    const second = await series({
      start: { dateTime: '2025-01-14T11:00:00', timeZone: 'UTC' },
      end: { dateTime: '2025-01-14T11:30:00', timeZone: 'UTC' },
      recurrence: {
        pattern: { type: 'relativeMonthly', interval: 2, daysOfWeek: ['tuesday'], index: 'second' },
        range: { type: 'numbered', startDate: '2025-01-01', numberOfOccurrences: 3 },
      },
    });
    expect(starts(await instances(second.id ?? '', '2025-01-01T00:00:00Z', '2026-01-01T00:00:00Z'))).toEqual([
      '2025-01-14T11:00:00.0000000',
      '2025-03-11T11:00:00.0000000',
      '2025-05-13T11:00:00.0000000',
    ]);
  });

  it('endDate is inclusive; absoluteMonthly day 31 falls on the last day of shorter months; yearly patterns', async () => {
    const daily = await series({
      start: { dateTime: '2024-11-01T09:00:00', timeZone: 'UTC' },
      end: { dateTime: '2024-11-01T09:15:00', timeZone: 'UTC' },
      recurrence: {
        pattern: { type: 'daily', interval: 2 },
        range: { type: 'endDate', startDate: '2024-11-01', endDate: '2024-11-07' },
      },
    });
    expect(
      starts(await instances(daily.id ?? '', '2024-10-01T00:00:00Z', '2024-12-01T00:00:00Z')).map((s) =>
        s?.slice(0, 10),
      ),
    ).toEqual(['2024-11-01', '2024-11-03', '2024-11-05', '2024-11-07']);
    const monthly = await series({
      start: { dateTime: '2025-01-31T09:00:00', timeZone: 'UTC' },
      end: { dateTime: '2025-01-31T10:00:00', timeZone: 'UTC' },
      recurrence: {
        pattern: { type: 'absoluteMonthly', interval: 1, dayOfMonth: 31 },
        range: { type: 'numbered', startDate: '2025-01-31', numberOfOccurrences: 4 },
      },
    });
    expect(
      starts(await instances(monthly.id ?? '', '2025-01-01T00:00:00Z', '2025-06-01T00:00:00Z')).map((s) =>
        s?.slice(0, 10),
      ),
    ).toEqual(['2025-01-31', '2025-02-28', '2025-03-31', '2025-04-30']);
    const yearly = await series({
      start: { dateTime: '2024-11-28T12:00:00', timeZone: 'UTC' },
      end: { dateTime: '2024-11-28T13:00:00', timeZone: 'UTC' },
      recurrence: {
        pattern: { type: 'relativeYearly', interval: 1, month: 11, daysOfWeek: ['thursday'], index: 'fourth' },
        range: { type: 'numbered', startDate: '2024-11-01', numberOfOccurrences: 2 },
      },
    });
    expect(
      starts(await instances(yearly.id ?? '', '2024-01-01T00:00:00Z', '2027-01-01T00:00:00Z')).map((s) =>
        s?.slice(0, 10),
      ),
    ).toEqual(['2024-11-28', '2025-11-27']);
  });

  it('ends a series early when its range is patched to an endDate (the cut of "this and following")', async () => {
    const weekly = await series({
      start: { dateTime: '2024-11-05T09:00:00', timeZone: 'UTC' },
      end: { dateTime: '2024-11-05T09:30:00', timeZone: 'UTC' },
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] },
        range: { type: 'numbered', startDate: '2024-11-05', numberOfOccurrences: 6 },
      },
    });
    const url = `/me/events/${encodeURIComponent(weekly.id ?? '')}`;
    const patched: Event = await graphClient(run.base, me)
      .api(url)
      .patch({
        recurrence: {
          pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] },
          range: { type: 'endDate', startDate: '2024-11-05', endDate: '2024-11-18' },
        },
      });
    expect(patched.recurrence?.range).toMatchObject({ type: 'endDate', endDate: '2024-11-18' });
    expect(
      starts(await instances(weekly.id ?? '', '2024-11-01T00:00:00Z', '2025-01-01T00:00:00Z')).map((s) =>
        s?.slice(0, 10),
      ),
    ).toEqual(['2024-11-05', '2024-11-12']);
  });

  it("moves the master's start to the first occurrence when the start is not on the pattern", async () => {
    const master = await series({
      start: { dateTime: '2024-10-06T10:00:00', timeZone: 'UTC' }, // a Sunday
      end: { dateTime: '2024-10-06T10:30:00', timeZone: 'UTC' },
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
        range: { type: 'noEnd', startDate: '2024-10-06' },
      },
    });
    expect(master.start?.dateTime).toBe('2024-10-07T10:00:00.0000000');
  });

  it('refuses a pattern without its required properties, and instances without a window', async () => {
    const client = graphClient(run.base, me);
    await expectGraphError(
      client.api('/me/events').post({
        start: { dateTime: '2024-10-06T10:00:00', timeZone: 'UTC' },
        end: { dateTime: '2024-10-06T10:30:00', timeZone: 'UTC' },
        recurrence: { pattern: { type: 'weekly', interval: 1 }, range: { type: 'noEnd', startDate: '2024-10-06' } },
      }),
      400,
      'BadRequest',
    );
    const master = await series({
      start: { dateTime: '2024-10-07T10:00:00', timeZone: 'UTC' },
      end: { dateTime: '2024-10-07T10:30:00', timeZone: 'UTC' },
      recurrence: { pattern: { type: 'daily', interval: 1 }, range: { type: 'noEnd', startDate: '2024-10-07' } },
    });
    await expectGraphError(
      client.api(`/me/events/${encodeURIComponent(master.id ?? '')}/instances`).get(),
      400,
      'BadRequest',
    );
  });
});
