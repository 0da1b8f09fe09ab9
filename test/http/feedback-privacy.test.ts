import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopSeries } from '../../src/db/series.ts';
import {
  api,
  type Harness,
  type SeededSeries,
  seedSeries,
  startHarness,
  weeklyOccurrences,
} from '../support/harness.ts';

/**
 * Who can see a rating and an answer, through each kind of link: its author always, on their own link; the other
 * person of the 1:1 only once the author shared it, and no longer once they unshare it; nobody else — not the
 * invite's shared link, not another pair, not the person who took over the thread — and the database holds the
 * answers sealed.
 */

const SAM_SECRET = 'Sam-private-answer-7c1f';
const MAYA_SECRET = 'Maya-private-answer-19be';

interface FeedbackJson {
  visible: boolean;
  meeting?: {
    own: { rating: number | null; answer: string } | null;
    otherShared: { rating: number | null; answer: string } | null;
  } | null;
  trend?: { points: { own: number | null; other: number | null }[]; otherAverage: number | null };
}

let h: Harness;
let pair: SeededSeries;
let otherPair: SeededSeries;
let meeting: string;

beforeAll(async () => {
  h = await startHarness({ now: '2026-11-24T09:00:00Z' });
  pair = await seedSeries(h);
  otherPair = await seedSeries(h, {
    title: 'Lee / Kim',
    organizer: { email: 'lee@example.com', name: 'Lee' },
    attendee: { email: 'kim@example.com', name: 'Kim' },
  });
  meeting = pair.occurrences[1]!.id;
  await rate(pair.links.attendee, { rating: 2, answer: SAM_SECRET, shared: false });
  await rate(pair.links.organizer, { rating: 4, answer: MAYA_SECRET, shared: false });
});
afterAll(() => h.close());

async function rate(token: string, body: { rating: number; answer: string; shared: boolean }, occurrence = meeting) {
  const response = await api(h, 'PUT', `/a/${token}/feedback`, { occurrence, ...body });
  expect(response.status).toBe(200);
}

/** Everything a link shows of the meeting: the page's HTML and its JSON, both as text, and the JSON's feedback. */
async function seen(token: string, occurrence = meeting) {
  const query = occurrence ? `?occurrence=${occurrence}` : '';
  const html = await (await h.app.request(`/a/${token}${query}`, { headers: { accept: 'text/html' } })).text();
  const json = await api(h, 'GET', `/a/${token}${query}`);
  return {
    html,
    json: JSON.stringify(json.body),
    status: json.status,
    feedback: (json.body as { feedback: FeedbackJson }).feedback,
  };
}

/** The feedback section of a page. */
const sectionOf = (html: string) => {
  const from = html.indexOf('<section id="feedback"');
  return html.slice(from, html.indexOf('</section>', from));
};

describe('a rating and an answer not shared', () => {
  it('are shown to their author on their own link', async () => {
    const sam = await seen(pair.links.attendee);
    expect(sam.feedback.meeting?.own).toMatchObject({ rating: 2, answer: SAM_SECRET });
    expect(sam.html).toContain(SAM_SECRET);
  });

  it("reach neither the other person's page nor its JSON, which say only that nothing was shared", async () => {
    const maya = await seen(pair.links.organizer);
    for (const text of [maya.html, maya.json]) expect(text).not.toContain(SAM_SECRET);
    expect(maya.feedback.meeting?.otherShared).toBeNull();
    expect(maya.feedback.trend?.points.map((p) => p.other)).toEqual([null]);
    expect(maya.feedback.trend?.otherAverage).toBeNull();
    expect(sectionOf(maya.html)).toContain('Sam hasn&#39;t shared feedback on this meeting');
    const sam = await seen(pair.links.attendee);
    for (const text of [sam.html, sam.json]) expect(text).not.toContain(MAYA_SECRET);
  });

  it('look the same to the other person as no feedback at all', async () => {
    const before = sectionOf((await seen(pair.links.organizer, pair.occurrences[0]!.id)).html);
    await rate(pair.links.attendee, { rating: 1, answer: 'Quietly unhappy', shared: false }, pair.occurrences[0]!.id);
    const after = sectionOf((await seen(pair.links.organizer, pair.occurrences[0]!.id)).html);
    expect(after).toBe(before);
    const json = (await seen(pair.links.organizer, pair.occurrences[0]!.id)).feedback;
    expect(json.trend?.points).toEqual(expect.not.arrayContaining([expect.objectContaining({ other: 1 })]));
  });

  it('are stored sealed: the database holds no answer as text', async () => {
    const rows = await h.db.selectFrom('meeting_feedback').selectAll().execute();
    expect(rows.length).toBeGreaterThan(0);
    const stored = JSON.stringify(rows);
    for (const secret of [SAM_SECRET, MAYA_SECRET, 'Quietly unhappy']) expect(stored).not.toContain(secret);
    for (const row of rows.filter((r) => r.answer_sealed !== null)) expect(row.answer_sealed).toMatch(/^v1\./);
  });
});

describe('once shared', () => {
  it('shows the rating and the answer to the other person, on their own link only', async () => {
    await rate(pair.links.attendee, { rating: 2, answer: SAM_SECRET, shared: true });
    const maya = await seen(pair.links.organizer);
    expect(maya.feedback.meeting?.otherShared).toMatchObject({ rating: 2, answer: SAM_SECRET });
    expect(maya.feedback.trend?.points).toEqual([expect.objectContaining({ own: 4, other: 2 })]);
    expect(sectionOf(maya.html)).toContain(SAM_SECRET);
    expect(sectionOf(maya.html)).toContain('2 — fair');
    // Maya's own answer stays hers: Sam sharing changes nothing of it.
    expect((await seen(pair.links.attendee)).html).not.toContain(MAYA_SECRET);
  });

  it('never shows through the shared link or another pair’s links, in HTML or JSON', async () => {
    const shared = await seen(pair.links.shared);
    expect(shared.feedback).toEqual({ visible: false });
    for (const text of [shared.html, shared.json]) {
      expect(text).not.toContain(SAM_SECRET);
      expect(text).not.toContain(MAYA_SECRET);
      expect(text).not.toContain('What could Maya do to support you better?');
      expect(text).not.toContain('Did Sam have most of the airtime');
    }
    expect(shared.html).not.toContain('name="rating"');
    expect(sectionOf(shared.html)).toContain('from their own link');
    for (const token of [otherPair.links.organizer, otherPair.links.attendee, otherPair.links.shared]) {
      const other = await seen(token, '');
      for (const text of [other.html, other.json]) {
        expect(text).not.toContain(SAM_SECRET);
        expect(text).not.toContain(MAYA_SECRET);
      }
      expect((await api(h, 'GET', `/a/${token}?occurrence=${meeting}`)).status).toBe(404);
      expect((await api(h, 'GET', `/a/${token}/feedback?occurrence=${meeting}`)).status).toBeGreaterThanOrEqual(403);
    }
  });

  it('hides them again once unshared', async () => {
    await rate(pair.links.attendee, { rating: 2, answer: SAM_SECRET, shared: false });
    const maya = await seen(pair.links.organizer);
    for (const text of [maya.html, maya.json]) expect(text).not.toContain(SAM_SECRET);
    expect(maya.feedback.meeting?.otherShared).toBeNull();
    expect(maya.feedback.trend?.points.map((p) => p.other)).toEqual([null]);
  });
});

describe('after the attendee changes', () => {
  it('shows the new attendee none of it, and keeps each thread’s feedback to its own two people', async () => {
    await rate(pair.links.organizer, { rating: 4, answer: MAYA_SECRET, shared: true });
    await rate(pair.links.attendee, { rating: 2, answer: SAM_SECRET, shared: true });
    // Sam leaves; Maya's 1:1 goes on with Alex, as a new thread of its own.
    await stopSeries(h.db, pair.series.id, 'ended', 'Sam is no longer invited.');
    const next = await seedSeries(h, {
      title: 'Maya / Alex weekly',
      attendee: { email: 'alex@example.com', name: 'Alex' },
      occurrences: weeklyOccurrences('2026-11-18T10:00:00Z', 2),
    });
    const alexMeeting = next.occurrences[0]!.id;
    await rate(next.links.attendee, { rating: 5, answer: 'Alex-answer-3d2a', shared: true }, alexMeeting);

    const alex = await seen(next.links.attendee, alexMeeting);
    for (const text of [alex.html, alex.json]) {
      expect(text).not.toContain(SAM_SECRET);
      expect(text).not.toContain(MAYA_SECRET);
    }
    expect(alex.feedback.trend?.points).toEqual([expect.objectContaining({ own: 5, other: null })]);
    expect((await api(h, 'GET', `/a/${next.links.attendee}?occurrence=${meeting}`)).status).toBe(404);
    expect((await api(h, 'PUT', `/a/${next.links.attendee}/feedback`, { occurrence: meeting, rating: 1 })).status).toBe(
      404,
    );

    // Maya's link to the new thread trends only that thread; Sam's shared ratings are not in it.
    const mayaNow = await seen(next.links.organizer, alexMeeting);
    expect(mayaNow.feedback.trend?.points).toEqual([expect.objectContaining({ own: null, other: 5 })]);
    expect(mayaNow.json).not.toContain(SAM_SECRET);

    // Sam's own link still opens his record with Maya: his feedback, and what Maya shared with him.
    const sam = await seen(pair.links.attendee);
    expect(sam.feedback.meeting?.own).toMatchObject({ answer: SAM_SECRET });
    expect(sam.feedback.meeting?.otherShared).toMatchObject({ answer: MAYA_SECRET });
    expect(sam.json).not.toContain('Alex-answer-3d2a');
  });
});
