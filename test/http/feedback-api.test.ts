import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  api,
  type Harness,
  postForm,
  type SeededSeries,
  seedSeries,
  startHarness,
  weeklyOccurrences,
} from '../support/harness.ts';

interface MeetingFeedbackJson {
  occurrenceId: string;
  question: { key: string; text: string };
  own: { rating: number | null; answer: string; shared: boolean } | null;
  otherShared: { rating: number | null; answer: string } | null;
}
interface AgendaJson {
  feedback: { visible: boolean; meeting: MeetingFeedbackJson | null; closed: { code: string } | null };
}

let h: Harness;
let pair: SeededSeries;
/** Meetings of 10 and 17 Nov have ended; 24 Nov's is next (the clock is 24 Nov, 09:00 UTC). */
let first: string;
let second: string;
let upcoming: string;

beforeAll(async () => {
  h = await startHarness({ now: '2026-11-24T09:00:00Z' });
  pair = await seedSeries(h);
  [first, second, upcoming] = pair.occurrences.map((o) => o.id) as [string, string, string];
});
afterAll(() => h.close());

const put = (token: string, body: unknown) => api(h, 'PUT', `/a/${token}/feedback`, body);
const feedbackOf = async (token: string, occurrence: string) =>
  ((await api(h, 'GET', `/a/${token}?occurrence=${occurrence}`)).body as AgendaJson).feedback;
const page = async (path: string) => {
  const response = await h.app.request(path, { headers: { accept: 'text/html' } });
  return { status: response.status, text: await response.text() };
};
const rowCount = async () =>
  Number(
    (
      await h.db
        .selectFrom('meeting_feedback')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('PUT /a/{token}/feedback', () => {
  it('saves a rating, an answer and the share flag, answers with them, and replaces them on the next save', async () => {
    const saved = await put(pair.links.attendee, {
      occurrence: first,
      rating: 4,
      answer: ' More context ',
      shared: true,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({
      occurrenceId: first,
      question: { key: 'report-support', text: 'What could Maya do to support you better?' },
      rating: 4,
      answer: 'More context',
      shared: true,
    });
    const again = await put(pair.links.attendee, { occurrence: first, rating: 2, answer: '', shared: false });
    expect(again.body).toMatchObject({ rating: 2, answer: '', shared: false });
    expect((await feedbackOf(pair.links.attendee, first)).meeting?.own).toMatchObject({
      rating: 2,
      answer: '',
      shared: false,
    });
  });

  it('asks each person their own question, the next one of their bank at each meeting', async () => {
    const question = async (token: string, occurrence: string) =>
      (await feedbackOf(token, occurrence)).meeting?.question.text;
    expect(await question(pair.links.attendee, first)).toBe('What could Maya do to support you better?');
    expect(await question(pair.links.attendee, second)).toBe('Is anything blocking you that Maya could help remove?');
    expect(await question(pair.links.organizer, first)).toBe('How well did you support Sam in this meeting?');
    expect(await question(pair.links.organizer, second)).toBe('Did Sam have most of the airtime, or did you?');
  });

  it('takes no rating (null) and no answer', async () => {
    const saved = await put(pair.links.organizer, { occurrence: second, rating: null });
    expect(saved).toMatchObject({ status: 200, body: { rating: null, answer: '', shared: false } });
  });

  it.each([
    [{ rating: 0 }, 'rating'],
    [{ rating: 6 }, 'rating'],
    [{ rating: 2.5 }, 'rating'],
    [{ rating: '4' }, 'rating'],
    [{ answer: 'a'.repeat(2_001) }, 'answer'],
    [{ answer: 'fine\u0000' }, 'answer'],
    [{ answer: 7 }, 'answer'],
    [{ shared: 'yes' }, 'shared'],
  ])('refuses %j with a 400 naming %s, storing nothing', async (change, field) => {
    const before = await rowCount();
    const refused = await put(pair.links.attendee, { occurrence: second, rating: 3, ...change });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid', field });
    expect(await rowCount()).toBe(before);
  });

  it('needs the meeting it is about', async () => {
    const refused = await put(pair.links.attendee, { rating: 3 });
    expect(refused).toMatchObject({ status: 400, body: { error: 'invalid', field: 'occurrence' } });
    expect((await put(pair.links.attendee, { occurrence: 'not-an-id', rating: 3 })).status).toBe(404);
  });

  it('refuses a meeting that has not ended yet with a 409 that says so', async () => {
    const refused = await put(pair.links.attendee, { occurrence: upcoming, rating: 5 });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ error: 'not_ended', message: expect.stringContaining('not ended yet') });
  });

  it('offers the last meeting held on the page of the next one, which cannot be rated yet', async () => {
    const view = (await api(h, 'GET', `/a/${pair.links.attendee}`)).body as AgendaJson & {
      occurrence: { id: string };
    };
    expect(view.occurrence.id).toBe(upcoming);
    expect(view.feedback.closed?.code).toBe('not_ended');
    expect(view.feedback.meeting?.occurrenceId).toBe(second);
    const html = (await page(`/a/${pair.links.attendee}`)).text;
    expect(html).toContain('How was your last 1:1?');
    expect(html).toContain('This meeting is still to come, so this is about the one before it, on Tue 17 Nov.');
    expect(html).toContain(`name="occurrence" value="${second}"`);
  });

  it('refuses the shared link (403) and an unknown link (404)', async () => {
    const shared = await put(pair.links.shared, { occurrence: first, rating: 5 });
    expect(shared).toMatchObject({ status: 403, body: { error: 'forbidden' } });
    expect((shared.body as { message: string }).message).toContain('Rate from your own link');
    // Whatever the body says: the shared link gives no feedback at all.
    expect((await put(pair.links.shared, { rating: 99 })).status).toBe(403);
    expect((await put('not-a-real-token', { occurrence: first, rating: 5 })).status).toBe(404);
  });

  it("refuses another pair's meeting as not found", async () => {
    const other = await seedSeries(h, {
      title: 'Lee / Kim',
      organizer: { email: 'lee@example.com', name: 'Lee' },
      attendee: { email: 'kim@example.com', name: 'Kim' },
    });
    const refused = await put(pair.links.attendee, { occurrence: other.occurrences[0]!.id, rating: 5 });
    expect(refused.status).toBe(404);
  });

  it('refuses a cancelled meeting and a declined one: they did not take place', async () => {
    const held = await seedSeries(h, {
      title: 'Maya / Sam monthly',
      occurrences: [
        { ...weeklyOccurrences('2026-11-03T10:00:00Z', 1)[0]!, status: 'cancelled' },
        ...weeklyOccurrences('2026-11-11T10:00:00Z', 1),
      ],
    });
    const [cancelled, declined] = held.occurrences.map((o) => o.id) as [string, string];
    await h.db.updateTable('occurrences').set({ declined_by: 'sam@example.com' }).where('id', '=', declined).execute();
    for (const occurrence of [cancelled, declined]) {
      const refused = await put(held.links.organizer, { occurrence, rating: 3 });
      expect(refused).toMatchObject({ status: 409, body: { error: 'not_held' } });
      expect((await feedbackOf(held.links.organizer, occurrence)).meeting).toBeNull();
    }
  });

  it('lets a demo be rated: it is a sample to try', async () => {
    const demo = await seedSeries(h, { title: 'Demo 1:1', kind: 'demo' });
    const saved = await put(demo.links.organizer, { occurrence: demo.occurrences[0]!.id, rating: 5 });
    expect(saved).toMatchObject({ status: 200, body: { rating: 5 } });
  });
});

describe('POST /a/{token}/feedback (the form)', () => {
  it('saves and goes back to the meeting, where "Feedback saved." takes focus in the feedback section', async () => {
    const response = await postForm(h, `/a/${pair.links.organizer}/feedback`, {
      occurrence: first,
      rating: '5',
      answer: 'Let Sam lead more',
      shared: 'true',
    });
    expect(response.status).toBe(303);
    const location = response.headers.get('location')!;
    expect(location).toBe(
      `/a/${pair.links.organizer}?occurrence=${first}&saved=feedback-saved&at=feedback#feedback-notice`,
    );
    const shown = (await page(location)).text;
    const section = shown.slice(shown.indexOf('<section id="feedback"'));
    expect(section.slice(0, section.indexOf('</section>'))).toContain(
      'id="feedback-notice" tabindex="-1" class="status">Feedback saved.',
    );
    expect((await feedbackOf(pair.links.organizer, first)).meeting?.own).toMatchObject({
      rating: 5,
      answer: 'Let Sam lead more',
      shared: true,
    });
  });

  it('keeps feedback to oneself when the share box is left unticked, and "No rating" clears the rating', async () => {
    await postForm(h, `/a/${pair.links.organizer}/feedback`, { occurrence: first, rating: '', answer: 'Only mine' });
    expect((await feedbackOf(pair.links.organizer, first)).meeting?.own).toMatchObject({
      rating: null,
      answer: 'Only mine',
      shared: false,
    });
  });

  it('gives a refused form back as typed, with the reason, and stores nothing', async () => {
    const before = await rowCount();
    const response = await postForm(h, `/a/${pair.links.attendee}/feedback`, {
      occurrence: second,
      rating: '9',
      answer: 'Typed before the error',
    });
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain('role="alert"');
    expect(text).toContain('A rating is a whole number from 1 (poor) to 5 (great)');
    expect(text).toContain('Typed before the error');
    const nul = await postForm(h, `/a/${pair.links.attendee}/feedback`, { occurrence: second, answer: 'a\u0000b' });
    expect(nul.status).toBe(400);
    expect(await nul.text()).toContain('NUL character');
    expect(await rowCount()).toBe(before);
  });

  it('refuses the shared link, an unknown link and a meeting not over yet, each with its page', async () => {
    const shared = await postForm(h, `/a/${pair.links.shared}/feedback`, { occurrence: first, rating: '3' });
    expect(shared.status).toBe(403);
    expect(await shared.text()).toContain('Rate from your own link');
    expect((await postForm(h, '/a/not-a-real-token/feedback', { occurrence: first, rating: '3' })).status).toBe(404);
    const early = await postForm(h, `/a/${pair.links.attendee}/feedback`, { occurrence: upcoming, rating: '3' });
    expect(early.status).toBe(409);
    expect(await early.text()).toContain('not ended yet');
  });
});

describe('GET /a/{token}/feedback (the email’s rating links)', () => {
  it('opens the form with the rating chosen in the email preselected, and saves nothing', async () => {
    const before = await rowCount();
    const shown = await page(`/a/${pair.links.attendee}/feedback?occurrence=${second}&rating=4`);
    expect(shown.status).toBe(200);
    expect(shown.text).toContain('How was your 1:1 with Maya?');
    expect(shown.text).toMatch(/id="feedback-rating-4" name="rating" value="4" checked/);
    expect(shown.text).toContain('Nothing is saved until you press Save.');
    expect(shown.text).toContain('Is anything blocking you that Maya could help remove?');
    expect(await rowCount()).toBe(before);
    expect((await feedbackOf(pair.links.attendee, second)).meeting?.own).toBeNull();
  });

  it('ignores a rating that is not 1 to 5, preselecting none', async () => {
    const shown = await page(`/a/${pair.links.attendee}/feedback?occurrence=${second}&rating=11`);
    expect(shown.status).toBe(200);
    expect(shown.text).toMatch(/id="feedback-rating-none" name="rating" value="" checked/);
  });

  it('answers JSON with the viewer’s feedback on the meeting', async () => {
    const json = await api(h, 'GET', `/a/${pair.links.organizer}/feedback?occurrence=${first}`);
    expect(json.status).toBe(200);
    expect(json.body).toMatchObject({ occurrenceId: first, own: { answer: 'Only mine' } });
  });

  it('refuses the shared link, an unknown link, a missing or unknown meeting and one not over yet', async () => {
    expect((await page(`/a/${pair.links.shared}/feedback?occurrence=${first}&rating=4`)).status).toBe(403);
    expect((await api(h, 'GET', `/a/${pair.links.shared}/feedback?occurrence=${first}`)).status).toBe(403);
    expect((await page(`/a/not-a-real-token/feedback?occurrence=${first}&rating=4`)).status).toBe(404);
    const missing = await api(h, 'GET', `/a/${pair.links.attendee}/feedback`);
    expect(missing).toMatchObject({ status: 400, body: { field: 'occurrence' } });
    expect((await page(`/a/${pair.links.attendee}/feedback?occurrence=nope&rating=4`)).status).toBe(404);
    const early = await page(`/a/${pair.links.attendee}/feedback?occurrence=${upcoming}&rating=4`);
    expect(early.status).toBe(409);
    expect(early.text).toContain('not ended yet');
  });
});
