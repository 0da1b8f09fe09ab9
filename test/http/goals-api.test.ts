import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Harness, postForm, type SeededSeries, seedSeries, startHarness } from '../support/harness.ts';

interface MilestoneJson {
  id: string;
  text: string;
  due: string | null;
  done: boolean;
  overdue: boolean;
}
interface GoalJson {
  id: string;
  title: string;
  description: string;
  owner: { email: string; name: string };
  targetDate: string | null;
  status: string;
  overdue: boolean;
  progress: { done: number; total: number };
  nextMilestone: MilestoneJson | null;
  milestones: MilestoneJson[];
  closedAt: string | null;
  events: { kind: string; detail: string | null; by: { email: string } | null; text: string }[];
}
interface GoalsPageJson {
  every: number;
  goals: GoalJson[];
}

let h: Harness;
let pair: SeededSeries;
let other: SeededSeries;

beforeAll(async () => {
  // Between the second meeting (17 Nov) and the third (24 Nov, 10:00 UTC); "today" is 24 Nov in Berlin.
  h = await startHarness({ now: '2026-11-24T09:00:00Z' });
  pair = await seedSeries(h);
  other = await seedSeries(h, {
    title: 'Lee / Kim',
    organizer: { email: 'lee@example.com', name: 'Lee' },
    attendee: { email: 'kim@example.com', name: 'Kim' },
  });
});
afterAll(() => h.close());

const goalsOf = async (token: string) => (await api(h, 'GET', `/a/${token}/goals`)).body as GoalsPageJson;
const goalOf = async (token: string, id: string) => (await goalsOf(token)).goals.find((g) => g.id === id)!;
const newGoal = async (title: string, extra: Record<string, unknown> = {}) =>
  (await api(h, 'POST', `/a/${pair.links.organizer}/goals`, { title, ...extra })).body as GoalJson;
/** Moves the clock a second on: each change then has its own instant, and the record its order. */
const later = () => h.clock.advance(1000);
const html = async (path: string) => {
  const response = await h.app.request(path, { headers: { accept: 'text/html' } });
  return { status: response.status, text: await response.text() };
};

describe('goals through the API', () => {
  it('adds a goal owned by the attendee unless told otherwise, and records who set it', async () => {
    const made = await api(h, 'POST', `/a/${pair.links.organizer}/goals`, {
      title: '  Give a conference talk  ',
      description: 'A 20-minute talk at a regional meetup.',
      targetDate: '2027-03-31',
    });
    expect(made).toMatchObject({
      status: 201,
      body: {
        title: 'Give a conference talk',
        owner: { email: 'sam@example.com', name: 'Sam' },
        targetDate: '2027-03-31',
        status: 'active',
        overdue: false,
        progress: { done: 0, total: 0 },
      },
    });
    const goal = made.body as GoalJson;
    expect(goal.events.map((e) => [e.kind, e.by?.email])).toEqual([['created', 'maya@example.com']]);
    const mine = await api(h, 'POST', `/a/${pair.links.attendee}/goals`, { title: 'Coach', owner: 'MAYA@example.com' });
    expect(mine.body).toMatchObject({ owner: { email: 'maya@example.com' } });
  });

  it('lists every goal on GET /a/{token}/goals, active first, with the cadence', async () => {
    const closed = await newGoal('Learn Rust');
    await api(h, 'PATCH', `/a/${pair.links.organizer}/goals/${closed.id}`, { status: 'dropped' });
    const page = await goalsOf(pair.links.attendee);
    expect(page.every).toBe(4);
    const statuses = page.goals.map((g) => g.status);
    expect(statuses.indexOf('dropped')).toBeGreaterThan(statuses.lastIndexOf('active'));
    const shown = await html(`/a/${pair.links.attendee}/goals`);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('<h1>Development goals</h1>');
    expect(shown.text).toContain('Learn Rust');
  });

  it('edits a goal and records which fields changed; closing and reopening it is recorded as status', async () => {
    const goal = await newGoal('Run a retro');
    later();
    const edited = await api(h, 'PATCH', `/a/${pair.links.attendee}/goals/${goal.id}`, {
      title: 'Run two retros',
      targetDate: '2026-11-20',
      description: 'Team retros, not 1:1s.',
    });
    // A target already passed is overdue at once (it is the pair's own goal: they may set it so).
    expect(edited).toMatchObject({ status: 200, body: { title: 'Run two retros', overdue: true } });
    later();
    const achieved = await api(h, 'PATCH', `/a/${pair.links.attendee}/goals/${goal.id}`, { status: 'achieved' });
    expect(achieved.body).toMatchObject({ status: 'achieved', overdue: false });
    expect((achieved.body as GoalJson).closedAt).not.toBeNull();
    later();
    const reopened = await api(h, 'PATCH', `/a/${pair.links.organizer}/goals/${goal.id}`, { status: 'active' });
    expect(reopened.body).toMatchObject({ status: 'active', closedAt: null });
    const events = (await goalOf(pair.links.organizer, goal.id)).events;
    expect(events.map((e) => [e.kind, e.detail, e.by?.email])).toEqual([
      ['created', 'Run a retro', 'maya@example.com'],
      ['edited', 'title,description,target', 'sam@example.com'],
      ['status', 'achieved', 'sam@example.com'],
      ['status', 'active', 'maya@example.com'],
    ]);
    expect(events[1]?.text).toBe('Sam edited the title, description and target date');
  });

  it('adds milestones in order, ticks one off and reopens it, and removes one — each in the record', async () => {
    const goal = await newGoal('Ship the search feature');
    later();
    const first = await api(h, 'POST', `/a/${pair.links.attendee}/goals/${goal.id}/milestones`, {
      text: 'Write the design doc',
      due: '2026-12-01',
    });
    expect(first).toMatchObject({
      status: 201,
      body: { milestone: { text: 'Write the design doc', due: '2026-12-01', done: false }, goal: { id: goal.id } },
    });
    const firstId = (first.body as { milestone: MilestoneJson }).milestone.id;
    later();
    const second = await api(h, 'POST', `/a/${pair.links.attendee}/goals/${goal.id}/milestones`, { text: 'Demo' });
    const secondId = (second.body as { milestone: MilestoneJson }).milestone.id;
    later();
    const ticked = await api(h, 'PATCH', `/a/${pair.links.attendee}/goals/${goal.id}/milestones/${firstId}`, {
      done: true,
    });
    expect(ticked).toMatchObject({
      status: 200,
      body: { milestone: { done: true }, goal: { progress: { done: 1, total: 2 }, nextMilestone: { text: 'Demo' } } },
    });
    later();
    await api(h, 'PATCH', `/a/${pair.links.organizer}/goals/${goal.id}/milestones/${firstId}`, { done: false });
    later();
    await api(h, 'PATCH', `/a/${pair.links.organizer}/goals/${goal.id}/milestones/${secondId}`, { text: 'Live demo' });
    later();
    const removed = await api(h, 'DELETE', `/a/${pair.links.organizer}/goals/${goal.id}/milestones/${secondId}`);
    expect(removed).toMatchObject({
      status: 200,
      body: { deleted: true, id: secondId, goal: { progress: { total: 1 } } },
    });

    const events = (await goalOf(pair.links.attendee, goal.id)).events;
    expect(events.map((e) => [e.kind, e.detail, e.by?.email])).toEqual([
      ['created', 'Ship the search feature', 'maya@example.com'],
      ['milestone-added', 'Write the design doc', 'sam@example.com'],
      ['milestone-added', 'Demo', 'sam@example.com'],
      ['milestone-done', 'Write the design doc', 'sam@example.com'],
      ['milestone-reopened', 'Write the design doc', 'maya@example.com'],
      ['milestone-edited', 'Live demo', 'maya@example.com'],
      ['milestone-removed', 'Live demo', 'maya@example.com'],
    ]);
    expect(events[3]?.text).toBe('Sam completed the milestone “Write the design doc”');
  });
});

describe('refused input: a 400 naming the field, nothing stored', () => {
  const refusals: [string, Record<string, unknown>, string][] = [
    ['a missing title', { description: 'x' }, 'title'],
    ['an empty title', { title: '   ' }, 'title'],
    ['a title over 300 characters', { title: 'x'.repeat(301) }, 'title'],
    ['a description over 4,000 characters', { title: 'Fine', description: 'y'.repeat(4001) }, 'description'],
    ['a NUL in the title', { title: 'Bad\u0000title' }, 'title'],
    ['a NUL in the description', { title: 'Fine', description: 'a\u0000b' }, 'description'],
    ['a date that does not exist', { title: 'Fine', targetDate: '2027-02-30' }, 'targetDate'],
    ['an owner outside the pair', { title: 'Fine', owner: 'lee@example.com' }, 'owner'],
  ];
  for (const [what, body, field] of refusals) {
    it(`refuses ${what}`, async () => {
      const before = (await goalsOf(pair.links.organizer)).goals.length;
      const refused = await api(h, 'POST', `/a/${pair.links.organizer}/goals`, body);
      expect(refused).toMatchObject({ status: 400, body: { error: 'invalid', field } });
      expect((await goalsOf(pair.links.organizer)).goals.length).toBe(before);
    });
  }

  it('refuses a bad status, an empty milestone, a bad due date and a non-boolean done', async () => {
    const goal = await newGoal('Mentor an intern');
    const path = `/a/${pair.links.organizer}/goals/${goal.id}`;
    expect(await api(h, 'PATCH', path, { status: 'finished' })).toMatchObject({
      status: 400,
      body: { field: 'status' },
    });
    expect(await api(h, 'POST', `${path}/milestones`, { text: ' ' })).toMatchObject({
      status: 400,
      body: { field: 'text', message: 'Say what the milestone is before adding it.' },
    });
    expect(await api(h, 'POST', `${path}/milestones`, { text: 'x'.repeat(501) })).toMatchObject({
      status: 400,
      body: { field: 'text' },
    });
    expect(await api(h, 'POST', `${path}/milestones`, { text: 'Ok', due: 'soon' })).toMatchObject({
      status: 400,
      body: { field: 'due' },
    });
    const made = await api(h, 'POST', `${path}/milestones`, { text: 'Ok' });
    const id = (made.body as { milestone: MilestoneJson }).milestone.id;
    expect(await api(h, 'PATCH', `${path}/milestones/${id}`, { done: 'yes' })).toMatchObject({
      status: 400,
      body: { field: 'done' },
    });
    expect((await goalOf(pair.links.organizer, goal.id)).milestones.map((m) => m.text)).toEqual(['Ok']);
  });

  it('gives a refused form back on the goals page, with the reason next to it and what was typed', async () => {
    const response = await postForm(h, `/a/${pair.links.organizer}/goals`, {
      title: 'Keep me',
      owner: 'sam@example.com',
      targetDate: '2027-13-01',
      description: 'Typed text',
    });
    expect(response.status).toBe(400);
    const page = await response.text();
    expect(page).toContain('<div role="alert" id="goal-add-error" class="alert" tabindex="-1" autofocus="">');
    expect(page).toContain('&quot;2027-13-01&quot; is not a date.');
    expect(page).toMatch(/id="new-goal-target" name="targetDate" value="2027-13-01" aria-invalid="true"/);
    expect(page).toContain('value="Keep me"');
  });
});

describe('forms, without JavaScript', () => {
  it('adds a goal, a milestone, ticks it off and closes the goal, landing on the goal each time', async () => {
    const token = pair.links.attendee;
    const added = await postForm(h, `/a/${token}/goals`, {
      title: 'Lead the on-call review',
      owner: 'sam@example.com',
      description: '',
      targetDate: '',
    });
    expect(added.status).toBe(303);
    const goal = (await goalsOf(token)).goals.find((g) => g.title === 'Lead the on-call review')!;
    expect(goal).toMatchObject({ targetDate: null, description: '' });
    expect(added.headers.get('location')).toBe(
      `/a/${token}/goals?saved=goal-added&at=goal-${goal.id}#goal-${goal.id}-notice`,
    );
    const landed = await html(added.headers.get('location')!);
    expect(landed.text).toContain(`id="goal-${goal.id}-notice" tabindex="-1" class="status">Goal added.</p>`);

    const milestone = await postForm(h, `/a/${token}/goals/${goal.id}/milestones`, { text: 'Collect incidents' });
    expect(milestone.headers.get('location')).toContain(`saved=milestone-added&at=goal-${goal.id}`);
    const id = (await goalOf(token, goal.id)).milestones[0]!.id;
    // The checkbox form sends "false" then, when ticked, "true": the last one wins.
    const ticked = await postForm(h, `/a/${token}/goals/${goal.id}/milestones/${id}`, { done: 'false' });
    expect(ticked.status).toBe(303);
    expect((await goalOf(token, goal.id)).milestones[0]!.done).toBe(false);
    const body = new URLSearchParams([
      ['done', 'false'],
      ['done', 'true'],
    ]);
    const checked = await h.app.request(`/a/${token}/goals/${goal.id}/milestones/${id}`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: h.baseUrl },
      body: body.toString(),
    });
    expect(checked.status).toBe(303);
    expect((await goalOf(token, goal.id)).progress).toEqual({ done: 1, total: 1 });

    const closed = await postForm(h, `/a/${token}/goals/${goal.id}`, { status: 'achieved' });
    expect(closed.headers.get('location')).toContain(`saved=saved&at=goal-${goal.id}#goal-${goal.id}-notice`);
    expect((await goalOf(token, goal.id)).status).toBe('achieved');

    const removed = await postForm(h, `/a/${token}/goals/${goal.id}/milestones/${id}/delete`, {});
    expect(removed.headers.get('location')).toContain(`saved=milestone-removed&at=goal-${goal.id}`);
    expect((await goalOf(token, goal.id)).milestones).toEqual([]);
  });

  it('edits a goal from its Edit form', async () => {
    const goal = await newGoal('Write more');
    const response = await postForm(h, `/a/${pair.links.organizer}/goals/${goal.id}`, {
      title: 'Write a blog post a month',
      description: 'On the team blog.',
      owner: 'maya@example.com',
      targetDate: '2027-06-30',
    });
    expect(response.status).toBe(303);
    expect(await goalOf(pair.links.organizer, goal.id)).toMatchObject({
      title: 'Write a blog post a month',
      description: 'On the team blog.',
      owner: { email: 'maya@example.com' },
      targetDate: '2027-06-30',
    });
  });
});

describe('not found, and not yours', () => {
  it("answers 404 for an unknown goal or milestone, a junk id, or another pair's goal", async () => {
    const goal = await newGoal('Ours');
    const theirs = (await api(h, 'POST', `/a/${other.links.organizer}/goals`, { title: 'Theirs' })).body as GoalJson;
    const mine = pair.links.organizer;
    const unknown = '00000000-0000-4000-8000-000000000000';
    const misses = [
      await api(h, 'PATCH', `/a/${mine}/goals/${unknown}`, { title: 'x' }),
      await api(h, 'PATCH', `/a/${mine}/goals/not-an-id`, { title: 'x' }),
      await api(h, 'PATCH', `/a/${mine}/goals/${theirs.id}`, { title: 'Taken over' }),
      await api(h, 'POST', `/a/${mine}/goals/${theirs.id}/milestones`, { text: 'x' }),
      await api(h, 'PATCH', `/a/${mine}/goals/${goal.id}/milestones/${unknown}`, { done: true }),
      await api(h, 'DELETE', `/a/${mine}/goals/${goal.id}/milestones/${unknown}`),
    ];
    for (const miss of misses) expect(miss).toMatchObject({ status: 404, body: { error: 'not_found' } });
    expect((await goalOf(other.links.organizer, theirs.id)).title).toBe('Theirs');
    const form = await postForm(h, `/a/${mine}/goals/${unknown}`, { status: 'dropped' });
    expect(form.status).toBe(404);
    expect(await form.text()).toContain('There is no such goal in this 1:1.');
  });

  it('answers 404 for a junk token on every goals route', async () => {
    const junk = 'x'.repeat(43);
    expect((await api(h, 'GET', `/a/${junk}/goals`)).status).toBe(404);
    expect((await html(`/a/${junk}/goals`)).status).toBe(404);
    expect((await api(h, 'POST', `/a/${junk}/goals`, { title: 'x' })).status).toBe(404);
    expect((await api(h, 'PATCH', `/a/${junk}/goals-cadence`, { every: 2 })).status).toBe(404);
  });
});

describe('the shared link', () => {
  it('is refused with 403 on every goals route, JSON and form alike, and nothing changes', async () => {
    const goal = await newGoal('Private to the pair');
    const milestone = (
      (await api(h, 'POST', `/a/${pair.links.organizer}/goals/${goal.id}/milestones`, { text: 'Step' })).body as {
        milestone: MilestoneJson;
      }
    ).milestone;
    const shared = `/a/${pair.links.shared}`;
    const goalPath = `${shared}/goals/${goal.id}`;
    const milestonePath = `${goalPath}/milestones/${milestone.id}`;
    const calls: [string, string, unknown][] = [
      ['GET', `${shared}/goals`, undefined],
      ['POST', `${shared}/goals`, { title: 'x' }],
      ['PATCH', goalPath, { status: 'dropped' }],
      ['POST', `${goalPath}/milestones`, { text: 'x' }],
      ['PATCH', milestonePath, { done: true }],
      ['DELETE', milestonePath, undefined],
      ['PATCH', `${shared}/goals-cadence`, { every: 1 }],
    ];
    for (const [method, path, body] of calls) {
      const refused = await api(h, method, path, body);
      expect(refused, `${method} ${path}`).toMatchObject({ status: 403, body: { error: 'forbidden' } });
      expect((refused.body as { message: string }).message).toContain('own link');
    }
    const forms: [string, Record<string, string>][] = [
      [`${shared}/goals`, { title: 'x' }],
      [goalPath, { status: 'dropped' }],
      [`${goalPath}/milestones`, { text: 'x' }],
      [milestonePath, { done: 'true' }],
      [`${milestonePath}/delete`, {}],
      [`${shared}/goals-cadence`, { every: '1' }],
    ];
    for (const [path, fields] of forms) {
      const response = await postForm(h, path, fields);
      expect(response.status, path).toBe(403);
      const page = await response.text();
      expect(page).toContain('<h1>Goals are on your own link</h1>');
      expect(page).not.toContain('Private to the pair');
    }
    const page = await html(`${shared}/goals`);
    expect(page.status).toBe(403);
    expect(page.text).not.toContain('Private to the pair');
    expect(await goalOf(pair.links.organizer, goal.id)).toMatchObject({
      status: 'active',
      milestones: [{ text: 'Step', done: false }],
    });
  });
});

describe('the goals check-in cadence', () => {
  it('is set by either person, from 0 (off) to 52, and decides which meeting proposes a check-in', async () => {
    const token = pair.links.attendee;
    // The meeting shown is the third held: no check-in every 4, one every 3.
    expect((await api(h, 'GET', `/a/${token}`)).body).toMatchObject({ goals: { every: 4, checkIn: false } });
    expect(await api(h, 'PATCH', `/a/${token}/goals-cadence`, { every: 3 })).toMatchObject({
      status: 200,
      body: { every: 3 },
    });
    expect((await api(h, 'GET', `/a/${pair.links.organizer}`)).body).toMatchObject({
      goals: { every: 3, checkIn: true },
    });
    const due = await html(`/a/${token}`);
    expect(due.text).toContain('<h3 id="goals-check-in-title">Goals check-in</h3>');
    expect(due.text).toContain('check-in every 3 meetings');
    const off = await postForm(h, `/a/${pair.links.organizer}/goals-cadence`, { every: '0' });
    expect(off.status).toBe(303);
    expect(off.headers.get('location')).toBe(
      `/a/${pair.links.organizer}/goals?saved=saved&at=goals-cadence#goals-cadence-notice`,
    );
    expect((await api(h, 'GET', `/a/${token}`)).body).toMatchObject({ goals: { every: 0, checkIn: false } });
    expect((await html(`/a/${token}`)).text).not.toContain('Goals check-in</h3>');
  });

  it('refuses a cadence that is not a whole number from 0 to 52, naming "every"', async () => {
    const token = pair.links.organizer;
    for (const every of [53, -1, 1.5, '4', null]) {
      const refused = await api(h, 'PATCH', `/a/${token}/goals-cadence`, { every });
      expect(refused, String(every)).toMatchObject({ status: 400, body: { error: 'invalid', field: 'every' } });
    }
    const form = await postForm(h, `/a/${token}/goals-cadence`, { every: '' });
    expect(form.status).toBe(400);
    const page = await form.text();
    expect(page).toContain('id="goals-cadence-error"');
    expect(page).toMatch(/id="goals-every"[^>]*aria-invalid="true"/);
    expect((await goalsOf(token)).every).toBe(0);
  });
});
