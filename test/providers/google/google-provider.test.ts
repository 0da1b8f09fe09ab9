/**
 * The Google provider's paging against the sandbox over HTTP: the full sync bounded to a year back (a weekly 1:1 that
 * began earlier and still runs is found), pages of up to 2,500 that may come short or empty while more follow, a
 * per-sync page bound that resumes at the next sync instead of failing, and events.instances followed until `limit`
 * occurrences are in hand or Google says there is no more.
 */
import type { calendar_v3 } from '@googleapis/calendar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sandboxGoogleEndpoints } from '../../../src/providers/google/endpoints.ts';
import { createGoogleProvider, PAGES_PER_SYNC } from '../../../src/providers/google/google-provider.ts';
import { listingUnderWay } from '../../../src/providers/google/sync-cursor.ts';
import type { AccountSession } from '../../../src/providers/provider.ts';
import { isProviderError } from '../../../src/providers/provider-error.ts';
import { control, googleCalendar, type RunningSandbox, startSandbox } from '../../sandbox/support.ts';

const NOW = '2026-11-24T09:00:00Z';

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
  run.clock.set(NOW);
});
afterAll(() => run.close());

const provider = () => createGoogleProvider(sandboxGoogleEndpoints(run.base), { clock: run.clock.now });
const session = (email: string): AccountSession => ({ email, accessToken: async () => `sandbox:${email}` });

function weekly(summary: string, firstStart: string, rule = 'RRULE:FREQ=WEEKLY'): calendar_v3.Schema$Event {
  return {
    summary,
    start: { dateTime: firstStart, timeZone: 'Europe/Berlin' },
    end: { dateTime: firstStart.replace('T11:00', 'T11:30'), timeZone: 'Europe/Berlin' },
    attendees: [{ email: 'sam@example.com' }],
    recurrence: [rule],
  };
}

async function insert(email: string, event: calendar_v3.Schema$Event): Promise<string> {
  const { api, options } = googleCalendar(run.base, email);
  return (await api.events.insert({ calendarId: 'primary', requestBody: event }, options)).data.id ?? '';
}

describe('listChanges: the full sync', () => {
  it('lists what ends after a year ago: a weekly 1:1 begun in 2023 that still runs, not one that ended in 2024', async () => {
    const maya = 'window@example.com';
    const running = await insert(maya, weekly('still running', '2023-01-03T11:00:00'));
    await insert(maya, weekly('long over', '2023-01-03T11:00:00', 'RRULE:FREQ=WEEKLY;UNTIL=20240601T000000Z'));
    const changes = await provider().listChanges(session(maya), 'primary', null);
    expect(changes.series.map((s) => s.providerSeriesId)).toEqual([running]);
    expect(listingUnderWay(changes.cursor)).toBeUndefined();
  });

  it('follows short and empty pages to the end: only nextPageToken says there is more', async () => {
    const maya = 'short@example.com';
    const ids = [];
    for (let i = 0; i < 4; i++) ids.push(await insert(maya, weekly(`1:1 #${i}`, '2026-11-24T11:00:00')));
    await control(run.base, 'short-pages', { email: maya, sizes: '0,1,0,0,1', calls: 'list' });
    const changes = await provider().listChanges(session(maya), 'primary', null);
    expect(changes.series.map((s) => s.providerSeriesId).sort()).toEqual([...ids].sort());
    // A sync token: the next sync is incremental.
    const again = await provider().listChanges(session(maya), 'primary', changes.cursor);
    expect(again.series).toEqual([]);
  });

  it('stops at its page bound with a cursor that resumes the same listing at the next sync', async () => {
    const maya = 'bound@example.com';
    const ids = [];
    for (let i = 0; i < PAGES_PER_SYNC + 2; i++)
      ids.push(await insert(maya, weekly(`1:1 #${i}`, '2026-11-24T11:00:00')));
    await control(run.base, 'short-pages', { email: maya, sizes: Array(40).fill('1').join(','), calls: 'list' });

    const first = await provider().listChanges(session(maya), 'primary', null);
    expect(first.series).toHaveLength(PAGES_PER_SYNC);
    expect(listingUnderWay(first.cursor)).toEqual({ read: PAGES_PER_SYNC, since: new Date('2025-11-24T09:00:00Z') });

    const rest = await provider().listChanges(session(maya), 'primary', first.cursor);
    expect([...first.series, ...rest.series].map((s) => s.providerSeriesId).sort()).toEqual([...ids].sort());
    expect(listingUnderWay(rest.cursor)).toBeUndefined();
  });

  it('starts over (gone, as after a 410) when the page token it kept is refused or the cursor is unreadable', async () => {
    const maya = 'stale@example.com';
    const unreadable = await provider()
      .listChanges(session(maya), 'primary', 'carryover-resume:%%%')
      .catch((e: unknown) => e);
    expect(isProviderError(unreadable, 'gone')).toBe(true);
    await insert(maya, weekly('1:1', '2026-11-24T11:00:00'));
    await insert(maya, weekly('1:1 b', '2026-11-24T11:00:00'));
    await control(run.base, 'short-pages', {
      email: maya,
      sizes: Array(PAGES_PER_SYNC).fill('0').join(','),
      calls: 'list',
    });
    const cut = await provider().listChanges(session(maya), 'primary', null);
    expect(listingUnderWay(cut.cursor)).toEqual({ read: 0, since: expect.any(Date) });
    // The page token continues another calendar's listing, so Google refuses it (400): the listing starts over.
    const refused = await provider()
      .listChanges(session('someone-else@example.com'), 'primary', cut.cursor)
      .catch((e: unknown) => e);
    expect(isProviderError(refused, 'gone')).toBe(true);
  });
});

describe('upcomingOccurrences: events.instances paged', () => {
  it('keeps paging past short and empty pages until it has `limit` occurrences', async () => {
    const maya = 'instances@example.com';
    const series = await insert(maya, weekly('1:1', '2026-11-24T11:00:00'));
    await control(run.base, 'short-pages', { email: maya, sizes: '0,1,0,1', calls: 'instances' });
    const upcoming = await provider().upcomingOccurrences(session(maya), 'primary', series, new Date(NOW), 3);
    expect(upcoming.map((o) => o.startsAt.toISOString())).toEqual([
      '2026-11-24T10:00:00.000Z',
      '2026-12-01T10:00:00.000Z',
      '2026-12-08T10:00:00.000Z',
    ]);
  });

  it('returns fewer only when Google says there is no more', async () => {
    const maya = 'ending@example.com';
    const series = await insert(maya, weekly('1:1', '2026-11-24T11:00:00', 'RRULE:FREQ=WEEKLY;COUNT=2'));
    await control(run.base, 'short-pages', { email: maya, sizes: '1,0', calls: 'instances' });
    const upcoming = await provider().upcomingOccurrences(session(maya), 'primary', series, new Date(NOW), 5);
    expect(upcoming).toHaveLength(2);
  });
});
