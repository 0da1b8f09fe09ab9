/**
 * Graph "List calendarView" and "event: delta" ("Get incremental changes to events in a calendar view"): the view
 * holds single events, occurrences and exceptions overlapping the window (never series masters); delta pages follow
 * `@odata.nextLink` (`$skiptoken`) to an `@odata.deltaLink` (`$deltatoken`) with the window baked in; a later round
 * returns only changes — deletions and items that left the window as `@removed` — and an expired token is 410
 * `syncStateNotFound`.
 */
import type { Event } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, expectGraphError, graphClient, type RunningSandbox, relative, startSandbox } from './support.ts';

type DeltaItem = Event & { '@removed'?: { reason: string }; '@odata.type'?: string };
type Page = { value: DeltaItem[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
});
afterAll(() => run.close());

const WINDOW = 'startDateTime=2024-10-01T00:00:00Z&endDateTime=2024-11-01T00:00:00Z';

function at(day: string, hour = '10'): { start: object; end: object } {
  return {
    start: { dateTime: `2024-10-${day}T${hour}:00:00`, timeZone: 'UTC' },
    end: { dateTime: `2024-10-${day}T${hour}:30:00`, timeZone: 'UTC' },
  };
}

/** A half hour at 10:00 UTC on a day outside the window (December unless another month is named). */
function outsideWindow(day: string, month = '12'): { start: object; end: object } {
  return {
    start: { dateTime: `2024-${month}-${day}T10:00:00`, timeZone: 'UTC' },
    end: { dateTime: `2024-${month}-${day}T10:30:00`, timeZone: 'UTC' },
  };
}

/** Follows a delta round to its deltaLink; returns every item and the deltaLink. */
async function round(user: string, first: string, pageSize = 2) {
  const client = graphClient(run.base, user);
  const items: DeltaItem[] = [];
  let path: string | undefined = first;
  let pages = 0;
  for (;;) {
    const page: Page = await client.api(path).header('Prefer', `odata.maxpagesize=${pageSize}`).get();
    pages += 1;
    items.push(...page.value);
    if (page['@odata.deltaLink']) {
      expect(page['@odata.nextLink']).toBeUndefined();
      expect(page['@odata.deltaLink']).toMatch(/\/sandbox\/graph\/v1\.0\/me\/calendarView\/delta\?\$deltatoken=/);
      return { items, deltaLink: relative(page['@odata.deltaLink']), pages };
    }
    expect(page['@odata.nextLink']).toMatch(
      new RegExp(`^${run.base}/sandbox/graph/v1.0/me/calendarView/delta\\?\\$skiptoken=`),
    );
    path = relative(page['@odata.nextLink'] ?? '');
  }
}

async function seed(user: string) {
  const client = graphClient(run.base, user);
  const single: Event = await client.api('/me/events').post({ subject: 'single', ...at('03') });
  const outside: Event = await client.api('/me/events').post({ subject: 'november', ...outsideWindow('05', '11') });
  const master: Event = await client.api('/me/events').post({
    subject: 'weekly 1:1',
    ...at('07'),
    recurrence: {
      pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
      range: { type: 'numbered', startDate: '2024-10-07', numberOfOccurrences: 3 },
    },
  });
  return { client, single, outside, master };
}

describe('calendarView', () => {
  it('lists single events and occurrences in the window by start, never the series master, paged by $top', async () => {
    const { client, single, master } = await seed('view@example.com');
    const first: Page = await client.api(`/me/calendarView?${WINDOW}&$top=3`).get();
    expect(first.value.map((e) => [e.type, e.start?.dateTime?.slice(0, 10)])).toEqual([
      ['singleInstance', '2024-10-03'],
      ['occurrence', '2024-10-07'],
      ['occurrence', '2024-10-14'],
    ]);
    expect(first.value[0]?.id).toBe(single.id);
    expect(first.value[1]?.seriesMasterId).toBe(master.id);
    const second: Page = await client.api(relative(first['@odata.nextLink'] ?? '')).get();
    expect(second.value.map((e) => e.start?.dateTime?.slice(0, 10))).toEqual(['2024-10-21']);
    expect(second['@odata.nextLink']).toBeUndefined();
  });
});

describe('calendarView delta', () => {
  it('pages a full round to a deltaLink: instances with seriesMasterId, no masters, and the master readable by id', async () => {
    const { client, master } = await seed('full@example.com');
    const { items, pages } = await round('full@example.com', `/me/calendarView/delta?${WINDOW}`);
    expect(pages).toBe(2);
    expect(items.map((e) => [e['@odata.type'], e.type, e.subject])).toEqual([
      ['#microsoft.graph.event', 'singleInstance', 'single'],
      ['#microsoft.graph.event', 'occurrence', 'weekly 1:1'],
      ['#microsoft.graph.event', 'occurrence', 'weekly 1:1'],
      ['#microsoft.graph.event', 'occurrence', 'weekly 1:1'],
    ]);
    expect(items.some((e) => e.type === 'seriesMaster')).toBe(false);
    const seriesId = items[1]?.seriesMasterId ?? '';
    expect(seriesId).toBe(master.id);
    const fetched: Event = await client.api(`/me/events/${encodeURIComponent(seriesId)}`).get();
    expect(fetched.type).toBe('seriesMaster');
  });

  it('returns only what changed since the deltaLink, with deletions and departures from the window as @removed', async () => {
    const user = 'incremental@example.com';
    const { client, single, outside, master } = await seed(user);
    const extra: Event = await client.api('/me/events').post({ subject: 'leaving', ...at('09') });
    const first = await round(user, `/me/calendarView/delta?${WINDOW}`);
    const quiet = await round(user, first.deltaLink);
    expect(quiet.items).toEqual([]);

    const instances: Page = await client
      .api(`/me/events/${encodeURIComponent(master.id ?? '')}/instances?${WINDOW}`)
      .get();
    await client.api(`/me/events/${encodeURIComponent(single.id ?? '')}`).patch({ subject: 'single, renamed' });
    await client
      .api(`/me/events/${encodeURIComponent(instances.value[1]?.id ?? '')}`)
      .patch({ subject: 'this week only' });
    await client.api(`/me/events/${encodeURIComponent(instances.value[2]?.id ?? '')}`).delete();
    await client.api(`/me/events/${encodeURIComponent(extra.id ?? '')}`).patch(outsideWindow('09'));
    const created: Event = await client.api('/me/events').post({ subject: 'new', ...at('25') });
    await client.api(`/me/events/${encodeURIComponent(outside.id ?? '')}`).patch({ subject: 'still outside' });

    const changes = await round(user, quiet.deltaLink, 10);
    const byId = new Map(changes.items.map((item) => [item.id, item]));
    expect(changes.items).toHaveLength(5);
    expect(byId.get(single.id)?.subject).toBe('single, renamed');
    expect(byId.get(instances.value[1]?.id)).toMatchObject({
      type: 'exception',
      subject: 'this week only',
      seriesMasterId: master.id,
    });
    expect(byId.get(instances.value[2]?.id)).toEqual({
      '@odata.type': '#microsoft.graph.event',
      id: instances.value[2]?.id,
      '@removed': { reason: 'deleted' },
    });
    expect(byId.get(extra.id)).toMatchObject({ '@removed': { reason: 'deleted' } });
    expect(byId.get(created.id)?.subject).toBe('new');
    expect(byId.has(outside.id)).toBe(false);
  });

  it('reports every occurrence of a series whose master changed, and changes made while paging in the next round', async () => {
    const user = 'series@example.com';
    const { client, master } = await seed(user);
    const first = await round(user, `/me/calendarView/delta?${WINDOW}`);
    await client.api(`/me/events/${encodeURIComponent(master.id ?? '')}`).patch({ subject: 'weekly, renamed' });
    const page: Page = await client.api(first.deltaLink).header('Prefer', 'odata.maxpagesize=2').get();
    expect(page.value.map((e) => e.subject)).toEqual(['weekly, renamed', 'weekly, renamed']);
    await client.api('/me/events').post({ subject: 'made while paging', ...at('29') });
    const rest: Page = await client.api(relative(page['@odata.nextLink'] ?? '')).get();
    expect(rest.value.map((e) => e.subject)).toEqual(['weekly, renamed']);
    const next = await round(user, relative(rest['@odata.deltaLink'] ?? ''));
    expect(next.items.map((e) => e.subject)).toEqual(['made while paging']);
  });

  it('answers 410 syncStateNotFound after expire-delta-tokens (or resyncRequired when asked), and refuses $select', async () => {
    const user = 'expired@example.com';
    const { client } = await seed(user);
    const first = await round(user, `/me/calendarView/delta?${WINDOW}`);
    await control(run.base, 'expire-delta-tokens', { email: user });
    await expectGraphError(client.api(first.deltaLink).get(), 410, 'syncStateNotFound');
    const fresh = await round(user, `/me/calendarView/delta?${WINDOW}`);
    expect(fresh.items).toHaveLength(4);
    await control(run.base, 'expire-delta-tokens', { email: user, code: 'resyncRequired' });
    await expectGraphError(client.api(fresh.deltaLink).get(), 410, 'resyncRequired');
    await expectGraphError(client.api(`/me/calendarView/delta?${WINDOW}&$select=subject`).get(), 400, 'BadRequest');
    await expectGraphError(client.api('/me/calendarView/delta').get(), 400, 'BadRequest');
  });
});

describe('delta paging and expiry as Graph documents them', () => {
  it('honours Prefer: odata.maxpagesize, and pages 10 items when none is asked for (issues #7110, #6201)', async () => {
    const user = 'pager@example.com';
    const client = graphClient(run.base, user);
    for (let day = 1; day <= 12; day++) {
      await client.api('/me/events').post({ subject: `e${day}`, ...at(String(day + 10).padStart(2, '0')) });
    }
    const asked: Page = await client
      .api(`/me/calendarView/delta?${WINDOW}`)
      .header('Prefer', 'odata.maxpagesize=5')
      .get();
    expect(asked.value).toHaveLength(5);
    const plain: Page = await client.api(`/me/calendarView/delta?${WINDOW}`).get();
    expect(plain.value).toHaveLength(10);
    expect(plain['@odata.nextLink']).toBeDefined();
  });

  it('answers an expired token with a 400 when the control asks ("a 40X-series error with error codes such as syncStateNotFound")', async () => {
    const user = 'expiry400@example.com';
    const client = graphClient(run.base, user);
    await client.api('/me/events').post({ subject: 'one', ...at('03') });
    const first = await round(user, `/me/calendarView/delta?${WINDOW}`);
    await control(run.base, 'expire-delta-tokens', { email: user, status: '400' });
    await expectGraphError(client.api(first.deltaLink).get(), 400, 'syncStateNotFound');
    const fresh = await round(user, `/me/calendarView/delta?${WINDOW}`);
    await control(run.base, 'expire-delta-tokens', { email: user, status: '400', code: 'resyncRequired' });
    await expectGraphError(client.api(fresh.deltaLink).get(), 400, 'resyncRequired');
    const refused = await fetch(`${run.base}/sandbox/control/microsoft/expire-delta-tokens?email=${user}&status=500`, {
      method: 'POST',
    });
    expect(refused.status).toBe(400);
  });
});

describe("listing series masters: /me/events?$filter=type eq 'seriesMaster'&$select=…", () => {
  it('lists only series masters, with only the selected properties (no body), paged by $top with a nextLink', async () => {
    const user = 'masters@example.com';
    const client = graphClient(run.base, user);
    await client.api('/me/events').post({ subject: 'single', ...at('02') });
    for (const name of ['weekly', 'quarterly', 'monthly']) {
      await client.api('/me/events').post({
        subject: name,
        body: { contentType: 'html', content: '<p>long agenda</p>' },
        ...outsideWindow('03', '06'),
        recurrence: {
          pattern: { type: 'absoluteMonthly', interval: 3, dayOfMonth: 3 },
          range: { type: 'numbered', startDate: '2024-06-03', numberOfOccurrences: 4 },
        },
      });
    }
    const select = 'id,subject,type,organizer';
    const first = await client.api(`/me/events?$filter=type eq 'seriesMaster'&$select=${select}&$top=2`).get();
    expect(first.value.map((e: Event) => e.subject)).toEqual(['weekly', 'quarterly']);
    expect(Object.keys(first.value[0]).sort()).toEqual(['@odata.etag', 'id', 'organizer', 'subject', 'type']);
    const next = await client.api(relative(first['@odata.nextLink'])).get();
    expect(next.value.map((e: Event) => [e.subject, e.type])).toEqual([['monthly', 'seriesMaster']]);
    expect(next['@odata.nextLink']).toBeUndefined();
  });
});
