import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linkToken } from '../../src/agenda/links.ts';
import { DEFAULT_WRITE_BUDGET } from '../../src/core/write-budget.ts';
import { upsertAccount } from '../../src/db/accounts.ts';
import { upsertOccurrence } from '../../src/db/occurrences.ts';
import { threadsOfPair } from '../../src/db/series.ts';
import type { LifecycleDeps } from '../../src/lifecycle/deps.ts';
import { recordSeries } from '../../src/lifecycle/record-series.ts';
import type { ProviderSeries } from '../../src/providers/provider.ts';
import { api, type Harness, type SeededSeries, seedSeries, startHarness } from '../support/harness.ts';

/**
 * Who sees a pair's development goals, through which link: both people on their own links, nobody on the invite's
 * shared link (it can be forwarded), never another pair, and after the people of a series change, only the old
 * thread's people through their old links.
 */

const GOAL = 'Give a conference talk';
const MILESTONE = 'Submit the abstract';

interface AgendaJson {
  history: { occurrence: { id: string } }[];
  goals: {
    visible: boolean;
    link?: string;
    active?: { title: string; progress: { done: number; total: number } }[];
    byOccurrence?: Record<string, { goalTitle: string; text: string }[]>;
  };
}

let h: Harness;
let pair: SeededSeries;
let other: SeededSeries;

beforeAll(async () => {
  // The goal is set between the first meeting (10 Nov) and the second (17 Nov), and a milestone is done after the
  // second: the history of each shows what moved. "Now" is before the third meeting (24 Nov, 10:00 UTC).
  h = await startHarness({ now: '2026-11-12T09:00:00Z' });
  pair = await seedSeries(h);
  other = await seedSeries(h, {
    title: 'Lee / Kim',
    organizer: { email: 'lee@example.com', name: 'Lee' },
    attendee: { email: 'kim@example.com', name: 'Kim' },
  });
  const goal = (await api(h, 'POST', `/a/${pair.links.attendee}/goals`, { title: GOAL })).body as { id: string };
  await api(h, 'POST', `/a/${pair.links.attendee}/goals/${goal.id}/milestones`, { text: MILESTONE });
  const milestone = (await api(h, 'GET', `/a/${pair.links.attendee}/goals`)).body as {
    goals: { milestones: { id: string }[] }[];
  };
  h.clock.set('2026-11-20T09:00:00Z');
  await api(
    h,
    'PATCH',
    `/a/${pair.links.organizer}/goals/${goal.id}/milestones/${milestone.goals[0]!.milestones[0]!.id}`,
    {
      done: true,
    },
  );
  h.clock.set('2026-11-24T09:00:00Z');
});
afterAll(() => h.close());

const agendaJson = async (token: string) => (await api(h, 'GET', `/a/${token}`)).body as AgendaJson;
const html = async (path: string) => {
  const response = await h.app.request(path, { headers: { accept: 'text/html' } });
  return { status: response.status, text: await response.text() };
};

describe("each person's own link", () => {
  for (const who of ['organizer', 'attendee'] as const) {
    it(`shows the ${who} the goals, their progress, and the way to the goals page`, async () => {
      const token = pair.links[who];
      const view = await agendaJson(token);
      expect(view.goals).toMatchObject({
        visible: true,
        link: `/a/${token}/goals`,
        active: [{ title: GOAL, progress: { done: 1, total: 1 } }],
      });
      const page = await html(`/a/${token}`);
      expect(page.text).toContain(GOAL);
      expect(page.text).toContain(`<a href="/a/${token}/goals">Goals (1)</a>`);
      const goals = await api(h, 'GET', `/a/${token}/goals`);
      expect(goals.status).toBe(200);
      expect(JSON.stringify(goals.body)).toContain(MILESTONE);
      expect((await html(`/a/${token}/goals`)).text).toContain(MILESTONE);
    });
  }

  it('lists in each past meeting what moved on the goals since the meeting before', async () => {
    const view = await agendaJson(pair.links.organizer);
    expect(view.goals.byOccurrence?.[pair.occurrences[1]!.id]?.map((line) => line.text)).toEqual([
      'Sam added the goal',
      `Sam added the milestone “${MILESTONE}”`,
    ]);
    expect(view.goals.byOccurrence?.[pair.occurrences[0]!.id]).toBeUndefined();
    // The milestone was done after the second meeting: it belongs to the third, which has not ended yet.
    expect(JSON.stringify(view.goals.byOccurrence)).not.toContain('completed');
    const page = await html(`/a/${pair.links.organizer}`);
    const past = page.text.slice(page.text.indexOf(`id="past-${pair.occurrences[1]!.id}"`));
    expect(past.slice(0, past.indexOf('</article>'))).toContain(`${GOAL}: Sam added the milestone “${MILESTONE}”`);
  });
});

describe('the shared link in the invite', () => {
  it('carries no goals at all: not in the JSON, the page or the history, and says where they are', async () => {
    const view = await agendaJson(pair.links.shared);
    expect(view.goals).toEqual({ visible: false });
    const json = JSON.stringify(view);
    expect(json).not.toContain(GOAL);
    expect(json).not.toContain(MILESTONE);
    const page = await html(`/a/${pair.links.shared}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(GOAL);
    expect(page.text).not.toContain(MILESTONE);
    expect(page.text).not.toContain('Goal progress');
    expect(page.text).not.toContain('/goals');
    expect(page.text).toContain('Development goals are kept on each person’s own link, not on this shared one.');
  });

  it('is refused the goals page, as JSON and as a page, without a word of the goals', async () => {
    const json = await api(h, 'GET', `/a/${pair.links.shared}/goals`);
    expect(json).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect(JSON.stringify(json.body)).not.toContain(GOAL);
    const page = await html(`/a/${pair.links.shared}/goals`);
    expect(page.status).toBe(403);
    expect(page.text).not.toContain(GOAL);
  });
});

describe('another pair', () => {
  it("never sees this pair's goals, and cannot reach them by id", async () => {
    const view = await agendaJson(other.links.organizer);
    expect(view.goals).toMatchObject({ visible: true, active: [] });
    expect(JSON.stringify(view)).not.toContain(GOAL);
    expect((await html(`/a/${other.links.attendee}`)).text).not.toContain(GOAL);
    const goals = await api(h, 'GET', `/a/${other.links.attendee}/goals`);
    expect(goals.body).toMatchObject({ goals: [] });
    const ours = ((await api(h, 'GET', `/a/${pair.links.organizer}/goals`)).body as { goals: { id: string }[] })
      .goals[0]!;
    const taken = await api(h, 'PATCH', `/a/${other.links.organizer}/goals/${ours.id}`, { status: 'dropped' });
    expect(taken.status).toBe(404);
  });
});

describe('after the attendee of a series changes', () => {
  const MAYA = { email: 'maya@example.com', name: 'Maya' };
  const reported = (attendee: { email: string; name: string }): ProviderSeries => ({
    providerSeriesId: 'maya-weekly',
    iCalUid: 'maya-weekly@example.com',
    title: 'Maya weekly 1:1',
    organizer: MAYA,
    attendees: [{ ...MAYA, organizer: true }, attendee],
    timeZone: 'Europe/Berlin',
    recurring: true,
    firstStart: new Date('2026-11-10T10:00:00Z'),
    recurrenceEndsAt: null,
    cancelled: false,
    organizedBySelf: true,
  });

  it('starts the new thread with no goals; the one who left sees the old goals only through their old link', async () => {
    const deps: LifecycleDeps = {
      db: h.db,
      keys: h.keys,
      clock: h.clock,
      providers: {},
      baseUrl: h.baseUrl,
      promptDelayMinutes: 0,
      reminderHours: 0,
      writeBudget: DEFAULT_WRITE_BUDGET,
    };
    const account = await upsertAccount(h.db, {
      provider: 'google',
      email: MAYA.email,
      displayName: MAYA.name,
      tokensSealed: 'sealed-elsewhere',
      origin: 'sandbox',
    });
    const lookup = async () => undefined;
    // Maya's calendar series with Jo: its thread, a meeting held, and a goal of Jo's.
    await recordSeries(deps, account, reported({ email: 'jo@example.com', name: 'Jo' }), 'Europe/Berlin', lookup);
    const [old] = await threadsOfPair(h.db, MAYA.email, 'jo@example.com');
    await upsertOccurrence(h.db, {
      series_id: old!.id,
      original_start: new Date('2026-11-17T12:00:00Z'),
      starts_at: new Date('2026-11-17T12:00:00Z'),
      ends_at: new Date('2026-11-17T12:30:00Z'),
    });
    const joOld = await linkToken(h.db, h.keys, old!.id, 'jo@example.com');
    const mayaOld = await linkToken(h.db, h.keys, old!.id, MAYA.email);
    const made = await api(h, 'POST', `/a/${joOld}/goals`, { title: 'Jo: lead a design review' });
    expect(made.status).toBe(201);

    // The attendee on the calendar changes from Jo to Alex: a new thread of Maya and Alex takes over.
    h.clock.advance(60_000);
    await recordSeries(deps, account, reported({ email: 'alex@example.com', name: 'Alex' }), 'Europe/Berlin', lookup);
    const [fresh] = await threadsOfPair(h.db, MAYA.email, 'alex@example.com');
    expect(fresh!.id).not.toBe(old!.id);
    const mayaNew = await linkToken(h.db, h.keys, fresh!.id, MAYA.email);
    const alexNew = await linkToken(h.db, h.keys, fresh!.id, 'alex@example.com');
    const sharedNew = await linkToken(h.db, h.keys, fresh!.id, null);

    for (const token of [mayaNew, alexNew]) {
      expect((await agendaJson(token)).goals).toMatchObject({ visible: true, active: [] });
      expect((await api(h, 'GET', `/a/${token}/goals`)).body).toMatchObject({ goals: [] });
      expect((await html(`/a/${token}`)).text).not.toContain('lead a design review');
    }
    expect((await agendaJson(sharedNew)).goals).toEqual({ visible: false });

    // Jo, who left, keeps the old thread's goals through their old link; so does Maya through hers.
    for (const token of [joOld, mayaOld]) {
      expect((await agendaJson(token)).goals).toMatchObject({ active: [{ title: 'Jo: lead a design review' }] });
      expect((await html(`/a/${token}/goals`)).text).toContain('Jo: lead a design review');
    }
    // Alex has no link to the old thread: a personal link opens only for its own two people.
    const alexOld = await linkToken(h.db, h.keys, old!.id, 'alex@example.com');
    expect((await api(h, 'GET', `/a/${alexOld}/goals`)).status).toBe(404);
  });
});
