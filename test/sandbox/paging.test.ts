/**
 * Paging as Calendar v3 documents it: `maxResults` up to 2500 (a larger value is served as 2500), pages that "may be
 * less than this value, or none at all, even if there are more events matching the query" — only `nextPageToken`
 * says there is more — made on purpose with the `short-pages` control; and `timeMin` bounding an event's end, which
 * for a recurring event with `singleEvents=false` is its series' last meeting.
 */
import type { calendar_v3 } from '@googleapis/calendar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, googleCalendar, type RunningSandbox, startSandbox } from './support.ts';

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
  run.clock.set('2026-11-24T09:00:00Z');
});
afterAll(() => run.close());

function single(summary: string, day: number): calendar_v3.Schema$Event {
  const date = `2026-11-${String(day).padStart(2, '0')}`;
  return {
    summary,
    start: { dateTime: `${date}T10:00:00Z`, timeZone: 'UTC' },
    end: { dateTime: `${date}T10:30:00Z`, timeZone: 'UTC' },
  };
}

/** Every page of a list, asked for with the identical query. */
async function listPages(user: string, params: calendar_v3.Params$Resource$Events$List) {
  const { api, options } = googleCalendar(run.base, user);
  const pages: calendar_v3.Schema$Events[] = [];
  let pageToken: string | undefined;
  do {
    const { data } = await api.events.list(
      { calendarId: 'primary', ...params, ...(pageToken && { pageToken }) },
      options,
    );
    pages.push(data);
    pageToken = data.nextPageToken ?? undefined;
  } while (pageToken);
  return pages;
}

describe('short-pages?email=&sizes=', () => {
  it('cuts the next pages to the sizes asked for, empty ones included, each with a nextPageToken', async () => {
    const user = 'pages@example.com';
    const { api, options } = googleCalendar(run.base, user);
    for (let day = 1; day <= 5; day++) {
      await api.events.insert({ calendarId: 'primary', requestBody: single(`m${day}`, day) }, options);
    }
    await control(run.base, 'short-pages', { email: user, sizes: '0,2,0,1', calls: 'list' });
    const pages = await listPages(user, { maxResults: 250 });
    expect(pages.map((page) => page.items?.length)).toEqual([0, 2, 0, 1, 2]);
    expect(pages.slice(0, -1).every((page) => page.nextPageToken && !page.nextSyncToken)).toBe(true);
    expect(pages.at(-1)?.nextSyncToken).toEqual(expect.any(String));
    // The cut is used up: the next listing is one full page again.
    expect((await listPages(user, { maxResults: 250 })).map((page) => page.items?.length)).toEqual([5]);
  });

  it('never hides the end: a page that holds every remaining item is the last one', async () => {
    const user = 'ends@example.com';
    const { api, options } = googleCalendar(run.base, user);
    await api.events.insert({ calendarId: 'primary', requestBody: single('only', 3) }, options);
    await control(run.base, 'short-pages', { email: user, sizes: '1,0,0', calls: 'list' });
    const pages = await listPages(user, {});
    expect(pages).toHaveLength(1);
    expect(pages[0]?.nextSyncToken).toEqual(expect.any(String));
  });

  it('cuts events.instances pages too, when asked for instances', async () => {
    const user = 'weekly@example.com';
    const { api, options } = googleCalendar(run.base, user);
    const { data: series } = await api.events.insert(
      {
        calendarId: 'primary',
        requestBody: { ...single('weekly', 24), recurrence: ['RRULE:FREQ=WEEKLY;COUNT=6'] },
      },
      options,
    );
    await control(run.base, 'short-pages', { email: user, sizes: '0,1', calls: 'instances' });
    const sizes: number[] = [];
    let pageToken: string | undefined;
    do {
      const { data } = await api.events.instances(
        { calendarId: 'primary', eventId: series.id ?? '', maxResults: 4, ...(pageToken && { pageToken }) },
        options,
      );
      sizes.push(data.items?.length ?? 0);
      pageToken = data.nextPageToken ?? undefined;
    } while (pageToken);
    expect(sizes).toEqual([0, 1, 4, 1]);
    // Lists are not cut by an instances-only control.
    expect((await listPages(user, {})).map((page) => page.items?.length)).toEqual([1]);
  });
});

describe('maxResults', () => {
  it('serves a page of at most 2500, even when more is asked for', async () => {
    const user = 'daily@example.com';
    const { api, options } = googleCalendar(run.base, user);
    const { data: series } = await api.events.insert(
      {
        calendarId: 'primary',
        requestBody: { ...single('daily', 1), recurrence: ['RRULE:FREQ=DAILY;COUNT=3000'] },
      },
      options,
    );
    const { data } = await api.events.instances(
      { calendarId: 'primary', eventId: series.id ?? '', maxResults: 5000, timeMax: '2036-01-01T00:00:00Z' },
      options,
    );
    expect(data.items).toHaveLength(2500);
    expect(data.nextPageToken).toEqual(expect.any(String));
  });
});

describe('timeMin with singleEvents=false', () => {
  it('lists a weekly series that began years ago and still runs, and not one that ended before timeMin', async () => {
    const user = 'history@example.com';
    const { api, options } = googleCalendar(run.base, user);
    const weekly = (summary: string, start: string, rule: string): calendar_v3.Schema$Event => ({
      summary,
      start: { dateTime: start, timeZone: 'Europe/Berlin' },
      end: { dateTime: start.replace('T10:00', 'T10:30'), timeZone: 'Europe/Berlin' },
      recurrence: [rule],
    });
    await api.events.insert(
      { calendarId: 'primary', requestBody: weekly('running', '2023-01-03T10:00:00', 'RRULE:FREQ=WEEKLY') },
      options,
    );
    await api.events.insert(
      {
        calendarId: 'primary',
        requestBody: weekly('ended', '2023-01-03T10:00:00', 'RRULE:FREQ=WEEKLY;UNTIL=20250101T000000Z'),
      },
      options,
    );
    const pages = await listPages(user, { singleEvents: false, timeMin: '2025-11-24T09:00:00Z', maxResults: 2500 });
    expect(pages.flatMap((page) => page.items ?? []).map((event) => event.summary)).toEqual(['running']);
  });
});
