/**
 * Calendar v3 "Synchronize resources efficiently": full list then incremental sync with `syncToken`, paging with
 * `pageToken`, `nextSyncToken` only on the last page, deletions coming back as cancelled items, 410
 * `fullSyncRequired` for an expired token, and 400 for a sync token combined with filters.
 */
import type { calendar_v3 } from '@googleapis/calendar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, expectGoogleError, googleCalendar, type RunningSandbox, startSandbox } from './support.ts';

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
});
afterAll(() => run.close());

const user = 'sync@example.com';

function meeting(summary: string, day: number): calendar_v3.Schema$Event {
  const date = `2024-11-${String(day).padStart(2, '0')}`;
  return { summary, start: { dateTime: `${date}T10:00:00Z` }, end: { dateTime: `${date}T10:30:00Z` } };
}

/** Pages through a list with the identical query, as the guide says, collecting each page. */
async function pages(params: calendar_v3.Params$Resource$Events$List): Promise<calendar_v3.Schema$Events[]> {
  const { api, options } = googleCalendar(
    run.base,
    params.calendarId === 'primary' ? user : (params.calendarId ?? user),
  );
  const out: calendar_v3.Schema$Events[] = [];
  let pageToken: string | undefined;
  do {
    const { data } = await api.events.list({ ...params, ...(pageToken && { pageToken }) }, options);
    out.push(data);
    pageToken = data.nextPageToken ?? undefined;
  } while (pageToken);
  return out;
}

describe('events.list sync (Calendar v3 "Synchronize resources efficiently")', () => {
  let syncToken: string;
  const ids: string[] = [];

  it('pages a full list with nextSyncToken only on the last page', async () => {
    const { api, options } = googleCalendar(run.base, user);
    for (let day = 1; day <= 5; day++) {
      const { data } = await api.events.insert(
        { calendarId: 'primary', requestBody: meeting(`m${day}`, day) },
        options,
      );
      ids.push(data.id ?? '');
    }
    const result = await pages({ calendarId: 'primary', maxResults: 2 });
    expect(result.map((page) => page.items?.length)).toEqual([2, 2, 1]);
    expect(result.slice(0, -1).every((page) => page.nextSyncToken === undefined && page.nextPageToken)).toBe(true);
    const last = result.at(-1);
    expect(last?.nextPageToken).toBeUndefined();
    expect(last?.nextSyncToken).toEqual(expect.any(String));
    expect(result.flatMap((page) => page.items?.map((item) => item.id))).toEqual(ids);
    syncToken = last?.nextSyncToken ?? '';
  });

  it('returns only what changed since the token, deleted items as cancelled, paged the same way', async () => {
    const { api, options } = googleCalendar(run.base, user);
    await api.events.delete({ calendarId: 'primary', eventId: ids[0] ?? '' }, options);
    await api.events.patch(
      { calendarId: 'primary', eventId: ids[1] ?? '', requestBody: { summary: 'renamed' } },
      options,
    );
    const added = await api.events.insert({ calendarId: 'primary', requestBody: meeting('m6', 6) }, options);

    const result = await pages({ calendarId: 'primary', syncToken, maxResults: 2 });
    expect(result).toHaveLength(2);
    expect(result[0]?.nextSyncToken).toBeUndefined();
    const items = result.flatMap((page) => page.items ?? []);
    expect(items.map((item) => item.id).sort()).toEqual([ids[0], ids[1], added.data.id].sort());
    const deleted = items.find((item) => item.id === ids[0]);
    expect(deleted?.status).toBe('cancelled');
    expect(items.find((item) => item.id === ids[1])?.summary).toBe('renamed');
    syncToken = result.at(-1)?.nextSyncToken ?? '';
    expect(syncToken).not.toBe('');
  });

  it('answers an up-to-date token with no items and a fresh token', async () => {
    const [page] = await pages({ calendarId: 'primary', syncToken });
    expect(page?.items).toEqual([]);
    expect(page?.nextSyncToken).toEqual(expect.any(String));
  });

  it('leaves deleted events out of a full list unless showDeleted', async () => {
    const { api, options } = googleCalendar(run.base, user);
    const plain = await api.events.list({ calendarId: 'primary' }, options);
    expect(plain.data.items?.some((item) => item.id === ids[0])).toBe(false);
    const withDeleted = await api.events.list({ calendarId: 'primary', showDeleted: true }, options);
    expect(withDeleted.data.items?.find((item) => item.id === ids[0])?.status).toBe('cancelled');
  });

  it('keeps a page token to its own query: another query with it is 400', async () => {
    const { api, options } = googleCalendar(run.base, user);
    const first = await api.events.list({ calendarId: 'primary', maxResults: 1 }, options);
    const pageToken = first.data.nextPageToken ?? '';
    await expectGoogleError(
      api.events.list({ calendarId: 'primary', maxResults: 1, pageToken, showDeleted: true }, options),
      400,
      'invalid',
    );
  });

  it('answers 400 invalid when syncToken comes with timeMin, orderBy or q', async () => {
    const { api, options } = googleCalendar(run.base, user);
    await expectGoogleError(
      api.events.list({ calendarId: 'primary', syncToken, timeMin: '2024-11-01T00:00:00Z' }, options),
      400,
      'invalid',
    );
    await expectGoogleError(
      api.events.list({ calendarId: 'primary', syncToken, singleEvents: true, orderBy: 'startTime' }, options),
      400,
      'invalid',
    );
    await expectGoogleError(api.events.list({ calendarId: 'primary', syncToken, q: 'm2' }, options), 400, 'invalid');
  });

  it('answers 410 fullSyncRequired once the tokens expire, and a full sync recovers', async () => {
    const { api, options } = googleCalendar(run.base, user);
    await control(run.base, 'expire-sync-tokens', { email: user });
    const gone = await expectGoogleError(
      api.events.list({ calendarId: 'primary', syncToken }, options),
      410,
      'fullSyncRequired',
    );
    expect(gone.response?.data.error.errors[0]).toMatchObject({ domain: 'calendar' });
    const full = await pages({ calendarId: 'primary' });
    const fresh = full.at(-1)?.nextSyncToken ?? '';
    const [after] = await pages({ calendarId: 'primary', syncToken: fresh });
    expect(after?.items).toEqual([]);
  });

  it('answers 410 for a token it never issued', async () => {
    const { api, options } = googleCalendar(run.base, user);
    await expectGoogleError(
      api.events.list({ calendarId: 'primary', syncToken: 'CPDAlvWDx70CEPDAlvWDx70CGAU=' }, options),
      410,
      'fullSyncRequired',
    );
  });

  it('needs singleEvents for orderBy=startTime, and orders instances by start', async () => {
    const { api, options } = googleCalendar(run.base, user);
    await expectGoogleError(api.events.list({ calendarId: 'primary', orderBy: 'startTime' }, options), 400, 'invalid');
    const ordered = await api.events.list(
      {
        calendarId: 'primary',
        singleEvents: true,
        orderBy: 'startTime',
        timeMin: '2024-11-03T00:00:00Z',
        timeMax: '2024-11-06T00:00:00Z',
      },
      options,
    );
    expect(ordered.data.items?.map((item) => item.summary)).toEqual(['m3', 'm4', 'm5']);
  });

  it("takes the owner's email as the calendar id as well as primary", async () => {
    const { api, options } = googleCalendar(run.base, user);
    const byEmail = await api.events.list({ calendarId: user }, options);
    const byPrimary = await api.events.list({ calendarId: 'primary' }, options);
    expect(byEmail.data.items?.map((item) => item.id)).toEqual(byPrimary.data.items?.map((item) => item.id));
    expect(byEmail.data.summary).toBe(user);
  });

  it('does not show another user the calendar (404), and 401s a request without a token', async () => {
    const { api, options } = googleCalendar(run.base, 'other@example.com');
    await expectGoogleError(api.events.list({ calendarId: user }, options), 404, 'notFound');
    await expectGoogleError(
      api.events.list({ calendarId: 'primary' }, { rootUrl: `${run.base}/sandbox/google/`, retry: false }),
      401,
      'authError',
    );
  });
});
