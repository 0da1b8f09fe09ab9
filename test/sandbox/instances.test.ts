/**
 * Calendar v3 "Recurring events" and events.instances: expanded instances with `{masterId}_{stamp}` ids,
 * `recurringEventId` and `originalStartTime`; exceptions made by patching or deleting an instance; a moved
 * instance keeps its `originalStartTime`; a cancelled one disappears unless `showDeleted`; `singleEvents=false`
 * lists the master plus its exceptions; a "this and following" split (UNTIL on the old series, a new series).
 */
import type { calendar_v3 } from '@googleapis/calendar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectGoogleError, googleCalendar, type RunningSandbox, startSandbox } from './support.ts';

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
});
afterAll(() => run.close());

const maya = 'maya.instances@example.com';
const weeklyBerlin: calendar_v3.Schema$Event = {
  summary: 'Maya / Sam',
  start: { dateTime: '2024-10-15T10:00:00', timeZone: 'Europe/Berlin' },
  end: { dateTime: '2024-10-15T10:30:00', timeZone: 'Europe/Berlin' },
  recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=6'],
};

function client() {
  return googleCalendar(run.base, maya);
}

async function insert(event: calendar_v3.Schema$Event): Promise<string> {
  const { api, options } = client();
  return (await api.events.insert({ calendarId: 'primary', requestBody: event }, options)).data.id ?? '';
}

async function instances(eventId: string, extra: Partial<calendar_v3.Params$Resource$Events$Instances> = {}) {
  const { api, options } = client();
  return (await api.events.instances({ calendarId: 'primary', eventId, ...extra }, options)).data.items ?? [];
}

describe('events.instances', () => {
  it('expands a weekly Berlin series at 10:00 local across the October change, with Google instance ids', async () => {
    const id = await insert(weeklyBerlin);
    const items = await instances(id, { timeMin: '2024-10-20T00:00:00Z', timeMax: '2024-11-06T00:00:00Z' });
    expect(items.map((item) => item.id)).toEqual([
      `${id}_20241022T080000Z`,
      `${id}_20241029T090000Z`,
      `${id}_20241105T090000Z`,
    ]);
    expect(items[1]).toMatchObject({
      recurringEventId: id,
      originalStartTime: { dateTime: '2024-10-29T09:00:00Z', timeZone: 'Europe/Berlin' },
      start: { dateTime: '2024-10-29T09:00:00Z', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2024-10-29T09:30:00Z', timeZone: 'Europe/Berlin' },
      summary: 'Maya / Sam',
      status: 'confirmed',
    });
    expect(items[1]?.recurrence).toBeUndefined();
  });

  it('shows a moved exception at its new time with its original start, and hides a cancelled one', async () => {
    const id = await insert(weeklyBerlin);
    const { api, options } = client();
    const moved = await api.events.patch(
      {
        calendarId: 'primary',
        eventId: `${id}_20241022T080000Z`,
        requestBody: {
          start: { dateTime: '2024-10-23T14:00:00+02:00' },
          end: { dateTime: '2024-10-23T14:30:00+02:00' },
        },
      },
      options,
    );
    expect(moved.data.id).toBe(`${id}_20241022T080000Z`);
    await api.events.delete({ calendarId: 'primary', eventId: `${id}_20241029T090000Z` }, options);

    const items = await instances(id);
    expect(items.map((item) => item.id)).toEqual([
      `${id}_20241015T080000Z`,
      `${id}_20241022T080000Z`,
      `${id}_20241105T090000Z`,
      `${id}_20241112T090000Z`,
      `${id}_20241119T090000Z`,
    ]);
    expect(items[1]).toMatchObject({
      start: { dateTime: '2024-10-23T12:00:00Z' },
      originalStartTime: { dateTime: '2024-10-22T08:00:00Z', timeZone: 'Europe/Berlin' },
      summary: 'Maya / Sam',
    });

    const withDeleted = await instances(id, { showDeleted: true });
    const cancelled = withDeleted.find((item) => item.id === `${id}_20241029T090000Z`);
    expect(cancelled).toMatchObject({
      status: 'cancelled',
      recurringEventId: id,
      originalStartTime: { dateTime: '2024-10-29T09:00:00Z' },
    });

    // Changing the series still shows on the moved instance (it only overrides its times).
    await api.events.patch({ calendarId: 'primary', eventId: id, requestBody: { summary: 'Maya / Sam 1:1' } }, options);
    const after = await instances(id, { timeMax: '2024-10-24T00:00:00Z' });
    expect(after.map((item) => item.summary)).toEqual(['Maya / Sam 1:1', 'Maya / Sam 1:1']);
  });

  it('lists the master and its exceptions with singleEvents=false (cancelled ones too), instances with true', async () => {
    const id = await insert({ ...weeklyBerlin, summary: 'list-me' });
    const { api, options } = client();
    await api.events.patch(
      { calendarId: 'primary', eventId: `${id}_20241022T080000Z`, requestBody: { summary: 'special' } },
      options,
    );
    await api.events.delete({ calendarId: 'primary', eventId: `${id}_20241105T090000Z` }, options);

    const masters = (await api.events.list({ calendarId: 'primary', q: 'special' }, options)).data.items ?? [];
    expect(masters.map((item) => item.id)).toEqual([`${id}_20241022T080000Z`]);
    const all =
      (await api.events.list({ calendarId: 'primary', iCalUID: `${id}@google.com` }, options)).data.items ?? [];
    expect(all.map((item) => [item.id, item.status])).toEqual([
      [id, 'confirmed'],
      [`${id}_20241022T080000Z`, 'confirmed'],
      [`${id}_20241105T090000Z`, 'cancelled'],
    ]);
    expect(all[1]).toMatchObject({ recurringEventId: id, originalStartTime: { dateTime: '2024-10-22T08:00:00Z' } });

    const single =
      (await api.events.list({ calendarId: 'primary', iCalUID: `${id}@google.com`, singleEvents: true }, options)).data
        .items ?? [];
    expect(single).toHaveLength(5);
    expect(single.find((item) => item.id === `${id}_20241022T080000Z`)?.summary).toBe('special');
  });

  it('applies UNTIL, EXDATE and RDATE', async () => {
    const id = await insert({
      ...weeklyBerlin,
      recurrence: [
        'RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20241105T090000Z',
        'EXDATE;TZID=Europe/Berlin:20241022T100000',
        'RDATE;TZID=Europe/Berlin:20241024T160000',
      ],
    });
    const items = await instances(id);
    expect(items.map((item) => item.start?.dateTime)).toEqual([
      '2024-10-15T08:00:00Z',
      '2024-10-24T14:00:00Z',
      '2024-10-29T09:00:00Z',
      '2024-11-05T09:00:00Z',
    ]);
  });

  it('expands New York and Sydney series in their own zones', async () => {
    const ny = await insert({
      summary: 'ny',
      start: { dateTime: '2024-11-01T09:00:00-04:00', timeZone: 'America/New_York' },
      end: { dateTime: '2024-11-01T09:30:00-04:00', timeZone: 'America/New_York' },
      recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=FR;COUNT=2'],
    });
    expect((await instances(ny)).map((item) => item.start?.dateTime)).toEqual([
      '2024-11-01T13:00:00Z',
      '2024-11-08T14:00:00Z',
    ]);
    const sydney = await insert({
      summary: 'sydney',
      start: { dateTime: '2024-09-30T09:00:00', timeZone: 'Australia/Sydney' },
      end: { dateTime: '2024-09-30T09:30:00', timeZone: 'Australia/Sydney' },
      recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=MO;COUNT=2'],
    });
    expect((await instances(sydney)).map((item) => item.id)).toEqual([
      `${sydney}_20240929T230000Z`,
      `${sydney}_20241006T220000Z`,
    ]);
  });

  it('expands all-day series with date ids and dates', async () => {
    const id = await insert({
      summary: 'offsite',
      start: { date: '2024-10-28' },
      end: { date: '2024-10-29' },
      recurrence: ['RRULE:FREQ=DAILY;COUNT=2'],
    });
    const items = await instances(id);
    expect(items.map((item) => [item.id, item.start?.date, item.end?.date, item.originalStartTime?.date])).toEqual([
      [`${id}_20241028`, '2024-10-28', '2024-10-29', '2024-10-28'],
      [`${id}_20241029`, '2024-10-29', '2024-10-30', '2024-10-29'],
    ]);
  });

  it('reports a cancelled instance to sync as an exception with only id, recurringEventId, originalStartTime', async () => {
    const id = await insert(weeklyBerlin);
    const { api, options } = client();
    const { data: full } = await api.events.list({ calendarId: 'primary' }, options);
    await api.events.delete({ calendarId: 'primary', eventId: `${id}_20241029T090000Z` }, options);
    const { data: changes } = await api.events.list(
      { calendarId: 'primary', syncToken: full.nextSyncToken ?? '' },
      options,
    );
    const { kind: _kind, etag: _etag, ...cancelled } = changes.items?.[0] ?? {};
    expect(changes.items).toHaveLength(1);
    expect(cancelled).toEqual({
      id: `${id}_20241029T090000Z`,
      status: 'cancelled',
      recurringEventId: id,
      originalStartTime: { dateTime: '2024-10-29T09:00:00Z', timeZone: 'Europe/Berlin' },
    });
  });

  it('pages instances with maxResults and pageToken', async () => {
    const id = await insert(weeklyBerlin);
    const { api, options } = client();
    const first = await api.events.instances({ calendarId: 'primary', eventId: id, maxResults: 4 }, options);
    expect(first.data.items).toHaveLength(4);
    expect(first.data.nextSyncToken).toBeUndefined();
    const rest = await api.events.instances(
      { calendarId: 'primary', eventId: id, maxResults: 4, pageToken: first.data.nextPageToken ?? '' },
      options,
    );
    expect(rest.data.items?.map((item) => item.id)).toEqual([`${id}_20241112T090000Z`, `${id}_20241119T090000Z`]);
    expect(rest.data.nextPageToken).toBeUndefined();
  });

  it('answers 404 for an instance id that is not an occurrence', async () => {
    const id = await insert(weeklyBerlin);
    const { api, options } = client();
    await expectGoogleError(
      api.events.get({ calendarId: 'primary', eventId: `${id}_20241016T080000Z` }, options),
      404,
      'notFound',
    );
  });
});

describe('"this and following" split, done as Google Calendar does it', () => {
  it('ends the old series with UNTIL (dropping its later exceptions) and starts a new one', async () => {
    const oldId = await insert({ ...weeklyBerlin, recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=TU'] });
    const { api, options } = client();
    await api.events.patch(
      { calendarId: 'primary', eventId: `${oldId}_20241105T090000Z`, requestBody: { summary: 'later edit' } },
      options,
    );
    const { data: full } = await api.events.list({ calendarId: 'primary' }, options);

    await api.events.patch(
      {
        calendarId: 'primary',
        eventId: oldId,
        requestBody: { recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20241028T225959Z'] },
      },
      options,
    );
    const newId = await insert({
      summary: 'Maya / Sam',
      start: { dateTime: '2024-10-29T11:00:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2024-10-29T11:30:00', timeZone: 'Europe/Berlin' },
      recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=TU'],
    });

    expect((await instances(oldId)).map((item) => item.start?.dateTime)).toEqual([
      '2024-10-15T08:00:00Z',
      '2024-10-22T08:00:00Z',
    ]);
    const next = await instances(newId, { timeMax: '2024-11-13T00:00:00Z' });
    expect(next.map((item) => item.start?.dateTime)).toEqual([
      '2024-10-29T10:00:00Z',
      '2024-11-05T10:00:00Z',
      '2024-11-12T10:00:00Z',
    ]);

    const { data: changes } = await api.events.list(
      { calendarId: 'primary', syncToken: full.nextSyncToken ?? '' },
      options,
    );
    const byId = new Map((changes.items ?? []).map((item) => [item.id, item]));
    expect(byId.get(oldId)?.recurrence).toEqual(['RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=20241028T225959Z']);
    expect(byId.get(`${oldId}_20241105T090000Z`)?.status).toBe('cancelled');
    expect(byId.get(newId)?.status).toBe('confirmed');
  });
});
