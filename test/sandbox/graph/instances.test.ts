/**
 * Graph "List instances" of a series master: occurrences page with an absolute `@odata.nextLink` when there are
 * more than `$top`, occurrence ids are stable for a master and original start, an updated occurrence becomes an
 * `exception` with the same id shown at its new time, a deleted one is gone (404), and shifting the whole series
 * drops its exceptions and changes occurrence ids.
 */
import type { Event } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createSeries,
  expectGraphError,
  graphClient,
  type Page,
  type RunningSandbox,
  relative,
  startSandbox,
} from './support.ts';

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
});
afterAll(() => run.close());

const me = 'rita@example.com';

const series = (body: object) => createSeries(run.base, me, body);

describe('instances', () => {
  const weekly = {
    start: { dateTime: '2024-10-07T10:00:00', timeZone: 'UTC' },
    end: { dateTime: '2024-10-07T10:30:00', timeZone: 'UTC' },
    recurrence: {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
      range: { type: 'noEnd', startDate: '2024-10-07' },
    },
  };

  it('pages with an absolute @odata.nextLink when there are more than $top', async () => {
    const client = graphClient(run.base, me);
    const master = await series(weekly);
    const seen: Event[] = [];
    let path: string | undefined =
      `/me/events/${encodeURIComponent(master.id ?? '')}/instances?startDateTime=2024-10-01T00:00:00Z&endDateTime=2024-12-16T00:00:00Z&$top=4`;
    let pages = 0;
    while (path) {
      const page: Page = await client.api(path).get();
      pages += 1;
      seen.push(...page.value);
      const next: string | undefined = page['@odata.nextLink'];
      if (next) expect(next.startsWith(`${run.base}/sandbox/graph/v1.0/me/events/`)).toBe(true);
      path = next ? relative(next) : undefined;
    }
    expect(pages).toBe(3);
    expect(seen).toHaveLength(10);
    expect(new Set(seen.map((e) => e.id)).size).toBe(10);
  });

  it('makes an updated occurrence an exception with the same id, shown at its new time; a deleted one is gone', async () => {
    const client = graphClient(run.base, me);
    const master = await series(weekly);
    const window = '?startDateTime=2024-10-01T00:00:00Z&endDateTime=2024-11-01T00:00:00Z';
    const before: Page = await client.api(`/me/events/${encodeURIComponent(master.id ?? '')}/instances${window}`).get();
    const [first, second, third] = before.value;
    const again: Page = await client.api(`/me/events/${encodeURIComponent(master.id ?? '')}/instances${window}`).get();
    expect(again.value.map((e) => e.id)).toEqual(before.value.map((e) => e.id));

    const moved: Event = await client.api(`/me/events/${encodeURIComponent(second?.id ?? '')}`).patch({
      subject: 'moved this week',
      start: { dateTime: '2024-10-15T14:00:00', timeZone: 'UTC' },
      end: { dateTime: '2024-10-15T14:30:00', timeZone: 'UTC' },
    });
    expect(moved).toMatchObject({
      id: second?.id,
      type: 'exception',
      subject: 'moved this week',
      originalStart: '2024-10-14T10:00:00Z',
      start: { dateTime: '2024-10-15T14:00:00.0000000', timeZone: 'UTC' },
      seriesMasterId: master.id,
    });
    await client.api(`/me/events/${encodeURIComponent(third?.id ?? '')}`).delete();
    await expectGraphError(
      client.api(`/me/events/${encodeURIComponent(third?.id ?? '')}`).get(),
      404,
      'ErrorItemNotFound',
    );

    const after: Page = await client.api(`/me/events/${encodeURIComponent(master.id ?? '')}/instances${window}`).get();
    expect(after.value.map((e) => [e.id, e.type, e.start?.dateTime])).toEqual([
      [first?.id, 'occurrence', '2024-10-07T10:00:00.0000000'],
      [second?.id, 'exception', '2024-10-15T14:00:00.0000000'],
      [after.value[2]?.id, 'occurrence', '2024-10-28T10:00:00.0000000'],
    ]);
    const masterNow: Event = await client.api(`/me/events/${encodeURIComponent(master.id ?? '')}`).get();
    expect(masterNow.subject).toBe('series');
  });

  it('drops exceptions and changes occurrence ids when the whole series is shifted', async () => {
    const client = graphClient(run.base, me);
    const master = await series(weekly);
    const window = '?startDateTime=2024-10-01T00:00:00Z&endDateTime=2024-10-22T00:00:00Z';
    const list = `/me/events/${encodeURIComponent(master.id ?? '')}/instances${window}`;
    const before: Page = await client.api(list).get();
    await client.api(`/me/events/${encodeURIComponent(before.value[1]?.id ?? '')}`).patch({ subject: 'special' });
    await client.api(`/me/events/${encodeURIComponent(master.id ?? '')}`).patch({
      start: { dateTime: '2024-10-07T11:00:00', timeZone: 'UTC' },
      end: { dateTime: '2024-10-07T11:30:00', timeZone: 'UTC' },
    });
    const after: Page = await client.api(list).get();
    expect(after.value.map((e) => [e.type, e.subject, e.start?.dateTime?.slice(11, 16)])).toEqual([
      ['occurrence', 'series', '11:00'],
      ['occurrence', 'series', '11:00'],
      ['occurrence', 'series', '11:00'],
    ]);
    expect(after.value.map((e) => e.id)).not.toContain(before.value[0]?.id);
  });
});
