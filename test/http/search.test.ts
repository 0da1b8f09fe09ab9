import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Harness, type SeededSeries, seedSeries, startHarness } from '../support/harness.ts';

interface SearchJson {
  query: string;
  includesGoals: boolean;
  results: {
    kind: string;
    label: string;
    text: string;
    snippet: { text: string; match: boolean }[];
    occurrence: { id: string; when: string; cancelled: boolean; declinedBy: { name: string } | null } | null;
    goal: string | null;
    link: string;
  }[];
}

let h: Harness;
let pair: SeededSeries;
let other: SeededSeries;
let topicId: string;
let goalId: string;

const search = async (token: string, q: string, extra = '') =>
  api(h, 'GET', `/a/${token}/search?q=${encodeURIComponent(q)}${extra}`) as Promise<{
    status: number;
    body: SearchJson;
  }>;
const page = async (token: string, q: string) => {
  const response = await h.app.request(`/a/${token}/search?q=${encodeURIComponent(q)}`, {
    headers: { accept: 'text/html' },
  });
  return { status: response.status, html: await response.text() };
};
const kindsFound = async (token: string, q: string) => (await search(token, q)).body.results.map((r) => r.kind);

beforeAll(async () => {
  // Two meetings have been held (10 and 17 Nov); three are to come.
  h = await startHarness({ now: '2026-11-24T09:00:00Z' });
  pair = await seedSeries(h);
  other = await seedSeries(h, {
    title: 'Lee / Kim',
    organizer: { email: 'lee@example.com', name: 'Lee' },
    attendee: { email: 'kim@example.com', name: 'Kim' },
  });
  const [first, second] = pair.occurrences;
  const made = await api(h, 'POST', `/a/${pair.links.attendee}/topics`, {
    text: 'Hiring plan for Q1',
    occurrence: first!.id,
  });
  topicId = (made.body as { id: string }).id;
  await api(h, 'PATCH', `/a/${pair.links.organizer}/agenda`, {
    occurrence: second!.id,
    deepDive: 'Career growth towards staff engineer',
    sharedNotes: 'Talked through the conference budget.',
    decisions: 'Sam presents at the offsite',
  });
  await api(h, 'POST', `/a/${pair.links.organizer}/commitments`, {
    text: 'Draft the conference talk',
    owner: 'sam@example.com',
    occurrence: second!.id,
  });
  await api(h, 'POST', `/a/${other.links.organizer}/topics`, {
    text: 'Hiring plan for Q1',
    occurrence: other.occurrences[0]!.id,
  });
  const goal = await h.db
    .insertInto('goals')
    .values({ series_id: pair.series.id, owner_email: 'sam@example.com', title: 'Grow as a mentor', description: '' })
    .returning('id')
    .executeTakeFirstOrThrow();
  goalId = goal.id;
  await h.db
    .insertInto('goal_milestones')
    .values({ goal_id: goalId, text: 'Mentor one new joiner', position: 0 })
    .execute();
}, 60_000);
afterAll(() => h.close());

describe('GET /a/{token}/search', () => {
  it('finds a talking point as the last word is typed, with its meeting and a link to it there', async () => {
    const { status, body } = await search(pair.links.organizer, 'hir');
    expect(status).toBe(200);
    expect(body.query).toBe('hir');
    expect(body.results).toEqual([
      {
        kind: 'topic',
        label: 'Talking point',
        text: 'Hiring plan for Q1',
        snippet: [
          { text: 'Hiring', match: true },
          { text: ' plan for Q1', match: false },
        ],
        occurrence: expect.objectContaining({ id: pair.occurrences[0]!.id, cancelled: false }),
        goal: null,
        link: `/a/${pair.links.organizer}?occurrence=${pair.occurrences[0]!.id}#topic-${topicId}`,
      },
    ]);
  });

  it("gives each meeting's time in the viewer's zone, as the agenda does", async () => {
    for (const tz of ['America/New_York', 'Asia/Tokyo']) {
      const found = (await search(pair.links.organizer, 'hiring', `&tz=${tz}`)).body.results[0];
      const agenda = await api(h, 'GET', `/a/${pair.links.organizer}?occurrence=${pair.occurrences[0]!.id}&tz=${tz}`);
      expect(found?.occurrence?.when).toBe((agenda.body as { occurrence: { when: string } }).occurrence.when);
    }
  });

  it('labels what it finds in agendas and commitments by kind, each linking to its place on the agenda', async () => {
    expect(await kindsFound(pair.links.organizer, 'staff')).toEqual(['deep-dive']);
    expect(await kindsFound(pair.links.organizer, 'offsite')).toEqual(['decisions']);
    const conference = (await search(pair.links.organizer, 'conference')).body.results;
    expect(conference.map((r) => r.label).sort()).toEqual(['Commitment', 'Shared notes']);
    const second = pair.occurrences[1]!.id;
    expect(conference.find((r) => r.kind === 'shared-notes')?.link).toBe(
      `/a/${pair.links.organizer}?occurrence=${second}#shared-notes`,
    );
    expect(conference.find((r) => r.kind === 'commitment')?.link).toMatch(
      new RegExp(`\\?occurrence=${second}#commitment-[0-9a-f-]{36}$`),
    );
  });

  it("searches the pair's goals and milestones on either person's own link, linking to the goals page", async () => {
    for (const token of [pair.links.organizer, pair.links.attendee]) {
      const { body } = await search(token, 'mentor');
      expect(body.includesGoals).toBe(true);
      expect(body.results.map((r) => [r.kind, r.occurrence, r.link])).toEqual(
        expect.arrayContaining([
          ['goal', null, `/a/${token}/goals#goal-${goalId}`],
          ['milestone', null, expect.stringMatching(new RegExp(`^/a/${token}/goals#milestone-`))],
        ]),
      );
      expect(body.results.find((r) => r.kind === 'milestone')?.goal).toBe('Grow as a mentor');
    }
  });

  it('does not find goals through the shared link, and says so on the page', async () => {
    const { body } = await search(pair.links.shared, 'mentor');
    expect(body).toMatchObject({ includesGoals: false, results: [] });
    expect(await kindsFound(pair.links.shared, 'hiring')).toEqual(['topic']);
    const { html } = await page(pair.links.shared, 'mentor');
    expect(html).toContain('Development goals are searched from each person’s own link, not from this shared one.');
  });

  it('never reaches another 1:1, whatever it says', async () => {
    const ours = (await search(pair.links.organizer, 'hiring plan')).body.results;
    const theirs = (await search(other.links.organizer, 'hiring plan')).body.results;
    expect(ours).toHaveLength(1);
    expect(theirs).toHaveLength(1);
    expect(ours[0]?.occurrence?.id).toBe(pair.occurrences[0]!.id);
    expect(theirs[0]?.occurrence?.id).toBe(other.occurrences[0]!.id);
    expect(await kindsFound(other.links.organizer, 'mentor')).toEqual([]);
  });

  it('never searches private notes, which are sealed, and says so', async () => {
    await api(h, 'PUT', `/a/${pair.links.attendee}/private-note`, {
      body: 'Ask about the salary band',
      occurrence: pair.occurrences[1]!.id,
    });
    expect(await kindsFound(pair.links.attendee, 'salary')).toEqual([]);
    const { html } = await page(pair.links.attendee, 'salary');
    expect(html).toContain('Private notes are sealed, so they are never searched.');
    expect(html).toContain('No matches for “salary”');
  });

  it('keeps what was written on cancelled and declined meetings in the record, and says what became of them', async () => {
    const [third, fourth] = [pair.occurrences[2]!, pair.occurrences[3]!];
    await api(h, 'POST', `/a/${pair.links.attendee}/topics`, { text: 'Roadmap review', occurrence: third.id });
    await api(h, 'POST', `/a/${pair.links.attendee}/topics`, { text: 'Roadmap again', occurrence: fourth.id });
    await h.db.updateTable('occurrences').set({ status: 'cancelled' }).where('id', '=', third.id).execute();
    await h.db.updateTable('occurrences').set({ declined_by: 'sam@example.com' }).where('id', '=', fourth.id).execute();
    const found = (await search(pair.links.attendee, 'roadmap')).body.results;
    expect(found.map((r) => r.occurrence)).toEqual([
      expect.objectContaining({
        id: fourth.id,
        cancelled: false,
        declinedBy: { email: 'sam@example.com', name: 'Sam' },
      }),
      expect.objectContaining({ id: third.id, cancelled: true, declinedBy: null }),
    ]);
    const { html } = await page(pair.links.attendee, 'roadmap');
    expect(html).toContain('<span class="badge badge-cancelled">cancelled</span>');
    expect(html).toContain('<span class="badge badge-cancelled">declined by Sam</span>');
  });

  it('shows a snippet as text: markup written in a talking point is escaped, only the matches are marked', async () => {
    const text = '<script>alert("x")</script> budget <b>review</b>';
    await api(h, 'POST', `/a/${pair.links.attendee}/topics`, { text, occurrence: pair.occurrences[0]!.id });
    const [found] = (await search(pair.links.attendee, 'budget review')).body.results.filter((r) => r.kind === 'topic');
    expect(found?.text).toBe(text);
    const { html } = await page(pair.links.attendee, 'budget review');
    expect(html).toContain(
      '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>budget</mark> &lt;b&gt;<mark>review</mark>',
    );
    expect(html).not.toContain('<script>alert');
  });

  it('shows the page with the search form, the results and the way back to the agenda', async () => {
    const { status, html } = await page(pair.links.organizer, 'hiring');
    expect(status).toBe(200);
    expect(html).toContain('<search aria-label=');
    expect(html).toContain('<label for="search-q">Search this 1:1&#39;s history</label>');
    expect(html).toContain('value="hiring"');
    expect(html).toContain('1 match for “hiring”');
    expect(html).toContain('<span class="badge badge-kind">Talking point</span>');
    expect(html).toContain(`href="/a/${pair.links.organizer}">`);
  });

  it('shows the form alone for an empty or blank search', async () => {
    for (const q of ['', '   ']) {
      expect((await search(pair.links.organizer, q)).body).toMatchObject({ query: '', results: [] });
      const { status, html } = await page(pair.links.organizer, q);
      expect(status).toBe(200);
      expect(html).toContain('<search aria-label=');
      expect(html).not.toContain('No matches');
      expect(html).not.toContain('id="results"');
    }
    const bare = await h.app.request(`/a/${pair.links.organizer}/search`, { headers: { accept: 'text/html' } });
    expect(bare.status).toBe(200);
  });

  it('refuses a search over 200 characters or with a NUL with a 400 naming q', async () => {
    for (const q of ['x'.repeat(201), 'hiring\u0000plan']) {
      const { status, body } = await search(pair.links.organizer, q);
      expect(status).toBe(400);
      expect(body).toMatchObject({ error: 'invalid', field: 'q' });
      const refused = await page(pair.links.organizer, q);
      expect(refused.status).toBe(400);
      expect(refused.html).toContain('role="alert"');
      expect(refused.html).toContain('aria-invalid="true"');
    }
    expect((await search(pair.links.organizer, 'x'.repeat(201))).body).toMatchObject({
      message: 'A search is at most 200 characters; this one has 201. Try fewer words.',
    });
    expect((await search(pair.links.organizer, 'x'.repeat(200))).status).toBe(200);
  });

  it('answers odd characters without an error', async () => {
    for (const q of ["&|!:*()'", '"unclosed', '-', 'ünïcode 日本', '<-> \\ :*']) {
      expect((await search(pair.links.organizer, q)).status).toBe(200);
    }
  });

  it('answers 404 for a link that does not open, as JSON and as a page', async () => {
    const junk = 'x'.repeat(43);
    expect(await api(h, 'GET', `/a/${junk}/search?q=hiring`)).toMatchObject({
      status: 404,
      body: { error: 'not_found' },
    });
    expect((await page(junk, 'hiring')).status).toBe(404);
  });

  it('puts a search form at the top of every agenda page, on every kind of link', async () => {
    for (const token of [pair.links.organizer, pair.links.shared]) {
      const response = await h.app.request(`/a/${token}`, { headers: { accept: 'text/html' } });
      const html = await response.text();
      expect(html).toContain(
        `<search aria-label="This 1:1&#39;s history"><form method="get" action="/a/${token}/search">`,
      );
      expect(html.indexOf('<search')).toBeLessThan(html.indexOf('id="topics"'));
    }
  });
});
