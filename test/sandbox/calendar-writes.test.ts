/**
 * Calendar v3 writes: events.insert / patch / update / delete with `If-Match` (412 `conditionNotMet`), patch
 * semantics for `extendedProperties.private` (keys merge, null deletes, private to each calendar), `sequence`,
 * `created`/`updated`, Google-like ids, and the documented 400s.
 */
import type { calendar_v3 } from '@googleapis/calendar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  callOptions,
  control,
  expectGoogleError,
  googleCalendar,
  type RunningSandbox,
  startSandbox,
} from './support.ts';

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
});
afterAll(() => run.close());

const maya = 'maya@example.com';
const oneOnOne: calendar_v3.Schema$Event = {
  summary: 'Maya / Sam',
  description: '<p>Agenda</p>',
  start: { dateTime: '2024-10-15T10:00:00', timeZone: 'Europe/Berlin' },
  end: { dateTime: '2024-10-15T10:30:00', timeZone: 'Europe/Berlin' },
  recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=TU'],
};

async function insert(event: calendar_v3.Schema$Event = oneOnOne): Promise<calendar_v3.Schema$Event> {
  const { api, options } = googleCalendar(run.base, maya);
  return (await api.events.insert({ calendarId: 'primary', sendUpdates: 'none', requestBody: event }, options)).data;
}

describe('events.insert', () => {
  it('answers with Google-shaped ids, iCalUID, etag, sequence and timestamps by the sandbox clock', async () => {
    const event = await insert();
    expect(event.id).toMatch(/^[0-9a-v]{26}$/);
    expect(event.iCalUID).toBe(`${event.id}@google.com`);
    expect(event.etag).toMatch(/^"\d+"$/);
    expect(event).toMatchObject({ kind: 'calendar#event', status: 'confirmed', sequence: 0 });
    expect(event.created).toBe('2024-10-01T08:00:00.000Z');
    expect(event.updated).toBe(event.created);
    expect(event.organizer).toEqual({ email: maya, self: true });
  });

  it('writes dateTimes in the calendar time zone and keeps the event zone in timeZone', async () => {
    const event = await insert();
    expect(event.start).toEqual({ dateTime: '2024-10-15T08:00:00Z', timeZone: 'Europe/Berlin' });
    await control(run.base, 'calendar-timezone', { email: maya, timeZone: 'Europe/Berlin' });
    const { api, options } = googleCalendar(run.base, maya);
    const got = await api.events.get({ calendarId: 'primary', eventId: event.id ?? '' }, options);
    expect(got.data.start).toEqual({ dateTime: '2024-10-15T10:00:00+02:00', timeZone: 'Europe/Berlin' });
    const inTokyo = await api.events.get(
      { calendarId: 'primary', eventId: event.id ?? '', timeZone: 'Asia/Tokyo' },
      options,
    );
    expect(inTokyo.data.start?.dateTime).toBe('2024-10-15T17:00:00+09:00');
    await control(run.base, 'calendar-timezone', { email: maya, timeZone: 'UTC' });
  });

  it('accepts a client-chosen base32hex id once (409 duplicate after)', async () => {
    const event = await insert({ ...oneOnOne, id: 'agenda0001' });
    expect(event.id).toBe('agenda0001');
    const { api, options } = googleCalendar(run.base, maya);
    await expectGoogleError(
      api.events.insert({ calendarId: 'primary', requestBody: { ...oneOnOne, id: 'agenda0001' } }, options),
      409,
      'duplicate',
    );
    await expectGoogleError(
      api.events.insert({ calendarId: 'primary', requestBody: { ...oneOnOne, id: 'Not_Base32' } }, options),
      400,
      'invalid',
    );
  });

  it('rejects what Google rejects: an empty range, a recurring event without time zone, a bad RRULE', async () => {
    const { api, options } = googleCalendar(run.base, maya);
    const insertBody = (requestBody: calendar_v3.Schema$Event) =>
      api.events.insert({ calendarId: 'primary', requestBody }, options);
    await expectGoogleError(
      insertBody({ start: { dateTime: '2024-10-15T10:00:00Z' }, end: { dateTime: '2024-10-15T09:00:00Z' } }),
      400,
      'timeRangeEmpty',
    );
    await expectGoogleError(
      insertBody({
        start: { dateTime: '2024-10-15T10:00:00Z' },
        end: { dateTime: '2024-10-15T11:00:00Z' },
        recurrence: ['RRULE:FREQ=WEEKLY'],
      }),
      400,
      'required',
    );
    await expectGoogleError(insertBody({ ...oneOnOne, recurrence: ['RRULE:FREQ=FORTNIGHTLY'] }), 400, 'invalid');
    await expectGoogleError(insertBody({ summary: 'no times' }), 400, 'required');
  });
});

describe('If-Match on patch, update and delete (412 conditionNotMet)', () => {
  it('refuses a stale etag and accepts the current one, which then changes', async () => {
    const event = await insert();
    const eventId = event.id ?? '';
    const { api } = googleCalendar(run.base, maya);
    const stale = '"1"';
    const refused = await expectGoogleError(
      api.events.patch(
        { calendarId: 'primary', eventId, requestBody: { summary: 'x' } },
        callOptions(run.base, maya, { 'If-Match': stale }),
      ),
      412,
      'conditionNotMet',
    );
    expect(refused.response?.data.error.errors[0]).toMatchObject({ domain: 'global' });

    run.clock.advance(60_000);
    const patched = await api.events.patch(
      { calendarId: 'primary', eventId, requestBody: { summary: 'Maya / Sam (moved)' } },
      callOptions(run.base, maya, { 'If-Match': event.etag ?? '' }),
    );
    expect(patched.data.summary).toBe('Maya / Sam (moved)');
    expect(patched.data.etag).not.toBe(event.etag);
    expect(patched.data.updated).toBe('2024-10-01T08:01:00.000Z');
    expect(patched.data.created).toBe(event.created);
    expect(patched.data.description).toBe('<p>Agenda</p>');

    await expectGoogleError(
      api.events.delete(
        { calendarId: 'primary', eventId },
        callOptions(run.base, maya, { 'If-Match': event.etag ?? '' }),
      ),
      412,
      'conditionNotMet',
    );
    await api.events.delete(
      { calendarId: 'primary', eventId },
      callOptions(run.base, maya, { 'If-Match': patched.data.etag ?? '' }),
    );
    const gone = await api.events.get({ calendarId: 'primary', eventId }, callOptions(run.base, maya));
    expect(gone.data.status).toBe('cancelled');
    await expectGoogleError(
      api.events.delete({ calendarId: 'primary', eventId }, callOptions(run.base, maya)),
      410,
      'deleted',
    );
  });

  it('keeps a description as written, plain text or HTML (Events resource: description "can contain HTML")', async () => {
    const { api, options } = googleCalendar(run.base, maya);
    for (const description of ['Join: https://meet.example/abc\nBring notes', '<p>Agenda</p><br><a href="x">x</a>']) {
      const created = await insert({ ...oneOnOne, description });
      const read = await api.events.get({ calendarId: 'primary', eventId: created.id ?? '' }, options);
      expect(read.data.description).toBe(description);
    }
  });

  it('bumps sequence when the time changes, not when the text does', async () => {
    const event = await insert();
    const { api, options } = googleCalendar(run.base, maya);
    const eventId = event.id ?? '';
    const renamed = await api.events.patch(
      { calendarId: 'primary', eventId, requestBody: { summary: 'renamed' } },
      options,
    );
    expect(renamed.data.sequence).toBe(0);
    const moved = await api.events.patch(
      {
        calendarId: 'primary',
        eventId,
        requestBody: { start: { dateTime: '2024-10-15T11:00:00' }, end: { dateTime: '2024-10-15T11:30:00' } },
      },
      options,
    );
    expect(moved.data.sequence).toBe(1);
    // The patch kept the zone it did not mention: 11:00 Berlin.
    expect(moved.data.start).toEqual({ dateTime: '2024-10-15T09:00:00Z', timeZone: 'Europe/Berlin' });
  });

  it('update replaces the whole event where patch merges', async () => {
    const event = await insert();
    const { api, options } = googleCalendar(run.base, maya);
    const { description: _left, ...withoutDescription } = oneOnOne;
    const updated = await api.events.update(
      {
        calendarId: 'primary',
        eventId: event.id ?? '',
        requestBody: { ...withoutDescription, summary: 'only this' },
      },
      options,
    );
    expect(updated.data.summary).toBe('only this');
    expect(updated.data.description).toBeUndefined();
  });
});

describe('extendedProperties (Calendar v3 "Extended properties")', () => {
  it('merges private keys on patch, deletes a key sent as null, and keeps shared ones apart', async () => {
    const event = await insert({
      ...oneOnOne,
      extendedProperties: { private: { carryover: 'series-1', block: 'v1' }, shared: { team: 'a' } },
    });
    const { api, options } = googleCalendar(run.base, maya);
    const eventId = event.id ?? '';
    const patched = await api.events.patch(
      {
        calendarId: 'primary',
        eventId,
        requestBody: {
          extendedProperties: { private: { block: 'v2', added: 'yes', carryover: null as unknown as string } },
        },
      },
      options,
    );
    expect(patched.data.extendedProperties).toEqual({ private: { block: 'v2', added: 'yes' }, shared: { team: 'a' } });
    const found = await api.events.list({ calendarId: 'primary', privateExtendedProperty: ['added=yes'] }, options);
    expect(found.data.items?.map((item) => item.id)).toEqual([eventId]);
  });
});
