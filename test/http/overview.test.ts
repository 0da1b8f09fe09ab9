import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREPARE_SOURCE } from '../../src/db/job-kinds.ts';
import { stopSeries } from '../../src/db/series.ts';
import { accountsCookie, connectedAccount } from '../support/browser-accounts.ts';
import { type Harness, type SeededSeries, seedSeries, startHarness } from '../support/harness.ts';

const MAYA = 'maya@example.com';
const SAM = 'sam@example.com';

interface ItemJson {
  id: string;
  title: string;
  state: string;
  why: string;
  you: { email: string };
  other: { email: string; name: string };
  link: string;
  nextMeeting: { when: string } | null;
  commitments: { person: { email: string }; open: number; overdue: number }[];
  followThrough: { month: string; label: string; doneOnTime: number; doneLate: number; overdue: number }[];
  ratings: { yours: { rating: number } | null; theirs: { rating: number } | null };
  paused: { by: { email: string } | null } | null;
  reconnect: { email: string; url: string | null } | null;
}
interface OverviewJson {
  accounts: { id: string; email: string }[];
  timeZone: string | null;
  groups: Record<'managed' | 'paused' | 'ended' | 'notOneOnOne', ItemJson[]>;
}

let h: Harness;
let weekly: SeededSeries;
let others: SeededSeries;
let mayasBrowser: string;
let samsBrowser: string;
let mayaAccount: string;

beforeAll(async () => {
  h = await startHarness({ now: '2026-11-24T09:00:00Z' });
  mayaAccount = await connectedAccount(h, MAYA);
  const samAccount = await connectedAccount(h, SAM, 'microsoft');
  mayasBrowser = await accountsCookie(h, [mayaAccount]);
  samsBrowser = await accountsCookie(h, [samAccount]);
  weekly = await seedSeries(h);
  const career = await seedSeries(h, { title: 'Maya / Ana', attendee: { email: 'ana@example.com', name: 'Ana' } });
  await stopSeries(h.db, career.series.id, 'not_one_on_one', 'more than two people are invited now');
  const ended = await seedSeries(h, { title: 'Maya / Ben', attendee: { email: 'ben@example.com', name: 'Ben' } });
  await stopSeries(h.db, ended.series.id, 'ended', 'the series was deleted');
  others = await seedSeries(h, {
    title: 'Lee / Kim',
    organizer: { email: 'lee@example.com', name: 'Lee' },
    attendee: { email: 'kim@example.com', name: 'Kim' },
  });

  const commitment = (owner: string, due: string | null, status: 'open' | 'done', closedAt?: string) =>
    h.db
      .insertInto('commitments')
      .values({
        series_id: weekly.series.id,
        text: `Promise due ${due}`,
        owner_email: owner,
        due_date: due,
        status,
        closed_at: closedAt ?? null,
      })
      .execute();
  await commitment(SAM, '2026-11-20', 'open'); // overdue
  await commitment(SAM, '2026-12-01', 'open');
  await commitment(MAYA, null, 'open');
  await commitment(SAM, '2026-10-15', 'done', '2026-10-14T10:00:00Z'); // October: on time
  await commitment(MAYA, '2026-11-02', 'done', '2026-11-05T10:00:00Z'); // November: late
  await commitment(SAM, '2026-09-01', 'done', '2026-09-03T10:00:00Z'); // September: late

  const [first, second] = weekly.occurrences;
  const rating = (occurrenceId: string, author: string, value: number, shared: boolean) =>
    h.db
      .insertInto('meeting_feedback')
      .values({ series_id: weekly.series.id, occurrence_id: occurrenceId, author_email: author, rating: value, shared })
      .execute();
  await rating(first!.id, SAM, 3, true);
  await rating(second!.id, SAM, 2, false);
  await rating(first!.id, MAYA, 4, false);
  await rating(second!.id, MAYA, 5, false);
});
afterAll(() => h.close());

const request = (path: string, init: { method?: string; cookie?: string; accept?: string; form?: boolean } = {}) =>
  h.app.request(path, {
    method: init.method ?? 'GET',
    headers: {
      accept: init.accept ?? 'application/json',
      ...(init.cookie ? { cookie: init.cookie } : {}),
      // A program's POST says it is JSON (a bodiless POST reads as text/plain, which the CSRF check refuses).
      ...(init.form
        ? { 'content-type': 'application/x-www-form-urlencoded', origin: h.baseUrl }
        : init.method === 'POST'
          ? { 'content-type': 'application/json' }
          : {}),
    },
    ...(init.form ? { body: '' } : init.method === 'POST' ? { body: '{}' } : {}),
  });
const overview = async (cookie: string, query = '') =>
  (await (await request(`/overview${query}`, { cookie })).json()) as OverviewJson;
const page = async (cookie: string | undefined, path = '/overview') => {
  const response = await request(path, { accept: 'text/html', ...(cookie ? { cookie } : {}) });
  return { status: response.status, text: await response.text() };
};
/** The HTML of one group's section. */
const section = (html: string, id: string) => {
  const from = html.indexOf(`<section id="${id}"`);
  return html.slice(from, html.indexOf('</section>', from));
};
const itemOf = (view: OverviewJson, id: string) =>
  Object.values(view.groups)
    .flat()
    .find((item) => item.id === id);

describe('the overview of the 1:1s connected in this browser', () => {
  it('groups the viewer’s 1:1s by state, with why, and leaves out everyone else’s', async () => {
    const view = await overview(mayasBrowser);
    expect(view.accounts.map((a) => a.email)).toEqual([MAYA]);
    expect(view.groups.managed.map((i) => i.title)).toEqual(['Maya / Sam weekly']);
    expect(view.groups.paused).toEqual([]);
    expect(view.groups.ended.map((i) => [i.title, i.why])).toEqual([['Maya / Ben', 'Ended: the series was deleted.']]);
    expect(view.groups.notOneOnOne.map((i) => [i.title, i.why])).toEqual([
      ['Maya / Ana', 'Not taken as a 1:1: more than two people are invited now.'],
    ]);
    expect(itemOf(view, others.series.id)).toBeUndefined();
    const item = view.groups.managed[0]!;
    expect(item.why).toBe('Managed: recurring, with two people: you and Sam (rooms aside).');
    expect(item.other).toMatchObject({ email: SAM, name: 'Sam' });
    // The viewer's own link: it opens the agenda as Maya.
    const agenda = (await (await h.app.request(item.link, { headers: { accept: 'application/json' } })).json()) as {
      viewer: { email: string };
    };
    expect(agenda.viewer.email).toBe(MAYA);
  });

  it('shows the next meeting in the viewer’s zone, from ?tz= or the tz cookie, else the 1:1’s', async () => {
    const when = async (cookie: string, query = '') => (await overview(cookie, query)).groups.managed[0]!.nextMeeting;
    expect((await when(mayasBrowser))?.when).toBe('Tue 24 Nov 2026, 11:00–11:30 (Europe/Berlin)');
    expect((await when(mayasBrowser, '?tz=America/New_York'))?.when).toBe(
      'Tue 24 Nov 2026, 05:00–05:30 (America/New_York)',
    );
    expect((await when(`${mayasBrowser}; tz=Asia/Tokyo`))?.when).toContain('(Asia/Tokyo)');
    expect((await when(mayasBrowser, '?tz=Not/AZone'))?.when).toContain('(Europe/Berlin)');
  });

  it('counts open and overdue commitments per person and charts follow-through by month', async () => {
    const item = (await overview(mayasBrowser)).groups.managed[0]!;
    expect(item.commitments.map((c) => [c.person.email, c.open, c.overdue])).toEqual([
      [MAYA, 1, 0],
      [SAM, 2, 1],
    ]);
    expect(item.followThrough).toEqual([
      { month: '2026-09', label: 'Sep 2026', doneOnTime: 0, doneLate: 1, overdue: 0 },
      { month: '2026-10', label: 'Oct 2026', doneOnTime: 1, doneLate: 0, overdue: 0 },
      { month: '2026-11', label: 'Nov 2026', doneOnTime: 0, doneLate: 1, overdue: 1 },
    ]);
    const html = (await page(mayasBrowser)).text;
    expect(html).toContain('<svg class="ft-chart"');
    expect(html).toContain('<caption>Follow-through in Maya / Sam weekly, by month</caption>');
    expect(html).toContain('<th scope="row">Nov 2026</th><td>0</td><td>1</td><td>1</td>');
    expect(html).toContain('2 open, 1 overdue');
  });

  it('shows the viewer’s own last rating, and the other person’s only where they shared it', async () => {
    const maya = (await overview(mayasBrowser)).groups.managed[0]!;
    expect(maya.ratings.yours?.rating).toBe(5);
    // Sam's latest rating (2) is his alone; the one he shared (3) is what Maya sees.
    expect(maya.ratings.theirs?.rating).toBe(3);
    const sam = (await overview(samsBrowser)).groups.managed[0]!;
    expect(sam.ratings.yours?.rating).toBe(2);
    expect(sam.ratings.theirs).toBeNull();

    const mayasPage = (await page(mayasBrowser)).text;
    expect(mayasPage).toContain('5 of 5');
    expect(mayasPage).toContain('3 of 5');
    expect(mayasPage).not.toContain('2 of 5');
    const samsPage = (await page(samsBrowser)).text;
    expect(samsPage).toContain('2 of 5');
    expect(samsPage).not.toMatch(/[45] of 5/);
    expect(samsPage).toContain('none shared');
    expect(JSON.stringify(await overview(samsBrowser))).not.toMatch(/"rating":[45]/);
  });

  it('says to connect a calendar first when none is connected in this browser', async () => {
    const { status, text } = await page(undefined);
    expect(status).toBe(200);
    expect(text).toContain('Connect a calendar first');
    expect(text).toContain('<a href="/">Connect your calendar</a>');
    expect(await (await request('/overview')).json()).toEqual({
      accounts: [],
      timeZone: null,
      groups: { managed: [], paused: [], ended: [], notOneOnOne: [] },
    });
  });

  it('is linked from the account page', async () => {
    expect((await page(mayasBrowser, '/account')).text).toContain('<a href="/overview">');
  });

  it('says when the calendar that writes a 1:1 needs reconnecting, with the link only in its own browser', async () => {
    const source = await h.db
      .insertInto('series_sources')
      .values({
        series_id: weekly.series.id,
        account_id: mayaAccount,
        provider: 'google',
        provider_series_id: 'reconnect-check',
        organizer_email: MAYA,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await h.db.updateTable('accounts').set({ status: 'needs_reconnect' }).where('id', '=', mayaAccount).execute();
    try {
      const mayas = (await overview(mayasBrowser)).groups.managed[0]!;
      expect(mayas.reconnect).toEqual({ email: MAYA, url: '/connect/google?login_hint=maya%40example.com' });
      expect((await page(mayasBrowser)).text).toContain('Reconnect maya@example.com</a>');
      expect((await overview(samsBrowser)).groups.managed[0]!.reconnect).toEqual({ email: MAYA, url: null });
    } finally {
      await h.db.updateTable('accounts').set({ status: 'active' }).where('id', '=', mayaAccount).execute();
      await h.db.deleteFrom('series_sources').where('id', '=', source.id).execute();
    }
  });
});

describe('pausing and resuming a 1:1', () => {
  const path = (id: string, action: 'pause' | 'resume') => `/overview/series/${id}/${action}`;

  it('pauses and resumes through JSON, answering the new state', async () => {
    const paused = await request(path(weekly.series.id, 'pause'), { method: 'POST', cookie: samsBrowser });
    expect(paused.status).toBe(200);
    expect(await paused.json()).toMatchObject({ id: weekly.series.id, state: 'paused', pausedBy: SAM });
    const item = (await overview(mayasBrowser)).groups.paused[0]!;
    expect(item.id).toBe(weekly.series.id);
    expect(item.why).toMatch(/^Paused since Tue 24 Nov, 10:00 by Sam\.$/);

    const resumed = await request(path(weekly.series.id, 'resume'), { method: 'POST', cookie: mayasBrowser });
    expect(await resumed.json()).toEqual({ id: weekly.series.id, state: 'managed', pausedAt: null, pausedBy: null });
    expect((await overview(mayasBrowser)).groups.managed.map((i) => i.id)).toEqual([weekly.series.id]);
  });

  it('pauses from the page’s form, back on the overview with a notice next to the 1:1 under Paused', async () => {
    const response = await request(path(weekly.series.id, 'pause'), {
      method: 'POST',
      cookie: mayasBrowser,
      form: true,
    });
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toBe(`/overview?done=paused&series=${weekly.series.id}#series-${weekly.series.id}-notice`);
    const html = (await page(mayasBrowser, location)).text;
    const paused = section(html, 'paused');
    expect(paused).toContain('Maya / Sam weekly');
    expect(paused).toContain(`id="series-${weekly.series.id}-notice" class="status" role="status" tabindex="-1"`);
    expect(paused).toContain('Paused. Nothing is written to its invites');
    expect(paused).toContain('<button type="submit">Resume Maya / Sam weekly</button>');
    expect(section(html, 'managed')).not.toContain('Maya / Sam weekly');
    expect(html).toContain('The next invite keeps the agenda block it had');

    const back = await request(path(weekly.series.id, 'resume'), { method: 'POST', cookie: mayasBrowser, form: true });
    expect(back.status).toBe(303);
    expect(section((await page(mayasBrowser)).text, 'managed')).toContain('Pause Maya / Sam weekly');
  });

  it('prepares the 1:1’s invites again on resume', async () => {
    const source = await h.db
      .insertInto('series_sources')
      .values({
        series_id: weekly.series.id,
        account_id: mayaAccount,
        provider: 'google',
        provider_series_id: 'resume-check',
        organizer_email: MAYA,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const jobs = () =>
      h.db.selectFrom('jobs').select('key').where('kind', '=', PREPARE_SOURCE).where('key', '=', source.id).execute();
    await request(path(weekly.series.id, 'pause'), { method: 'POST', cookie: mayasBrowser });
    expect(await jobs()).toEqual([]);
    await request(path(weekly.series.id, 'resume'), { method: 'POST', cookie: mayasBrowser });
    expect(await jobs()).toEqual([{ key: source.id }]);
    await h.db.deleteFrom('jobs').where('key', '=', source.id).execute();
    await h.db.deleteFrom('series_sources').where('id', '=', source.id).execute();
  });

  it('answers 404 for someone else’s 1:1, an unknown id, or a browser with no account — and changes nothing', async () => {
    for (const id of [others.series.id, '00000000-0000-4000-8000-000000000000', 'not-an-id']) {
      const json = await request(path(id, 'pause'), { method: 'POST', cookie: mayasBrowser });
      expect(json.status).toBe(404);
      expect(await json.json()).toMatchObject({ error: 'not_found' });
      const form = await request(path(id, 'pause'), { method: 'POST', cookie: mayasBrowser, form: true });
      expect(form.status).toBe(404);
    }
    expect((await request(path(weekly.series.id, 'pause'), { method: 'POST' })).status).toBe(404);
    const rows = await h.db.selectFrom('series').select(['id', 'paused_at']).execute();
    expect(rows.filter((row) => row.paused_at !== null)).toEqual([]);
  });

  it('refuses to pause a 1:1 that is not managed (409) and says why', async () => {
    const [career] = (await overview(mayasBrowser)).groups.notOneOnOne;
    const response = await request(path(career!.id, 'pause'), { method: 'POST', cookie: mayasBrowser });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({
      error: 'not_active',
      message: expect.stringContaining('Maya / Ana'),
    });
    const form = await request(path(career!.id, 'pause'), { method: 'POST', cookie: mayasBrowser, form: true });
    expect(form.status).toBe(409);
    expect(await form.text()).toContain('Nothing was changed');
  });
});
