import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Harness, type SeededSeries, seedSeries, startHarness } from '../support/harness.ts';

interface CommitmentJson {
  id: string;
  text: string;
  owner: string;
  due: string | null;
  status: string;
  deletable: boolean;
  changes: { kind: string; detail: string | null; by: string | null }[];
}
interface AgendaJson {
  timeZone: string;
  occurrence: { id: string; when: string } | null;
  topics: { id: string; text: string; author: string | null; position: number }[];
  review: { open: CommitmentJson[] };
  nextSteps: CommitmentJson[];
  decisions: string;
  history: { occurrence: { id: string }; decisions: string }[];
  later: { id: string }[];
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

const agenda = async (token: string, query = '') => (await api(h, 'GET', `/a/${token}${query}`)).body as AgendaJson;
const idOf = (response: { body: unknown }) => (response.body as { id: string }).id;
const allCommitments = (view: AgendaJson) => [...view.review.open, ...view.nextSteps];

describe('editing talking points and commitments', () => {
  it('changes the text of a talking point, and says in words why an empty one is refused', async () => {
    const made = await api(h, 'POST', `/a/${pair.links.attendee}/topics`, { text: 'Carreer growth' });
    const fixed = await api(h, 'PATCH', `/a/${pair.links.organizer}/topics/${idOf(made)}`, { text: 'Career growth' });
    expect(fixed).toMatchObject({ status: 200, body: { text: 'Career growth', author: 'sam@example.com' } });
    const empty = await api(h, 'PATCH', `/a/${pair.links.organizer}/topics/${idOf(made)}`, { text: '  ' });
    expect(empty).toMatchObject({
      status: 400,
      body: {
        error: 'invalid',
        field: 'text',
        message: 'A talking point cannot be empty: write something, or delete it.',
      },
    });
  });

  it('changes the text, owner and due date of a commitment and records the edit in its history', async () => {
    const made = await api(h, 'POST', `/a/${pair.links.organizer}/commitments`, {
      text: 'Draft the rota',
      owner: 'maya@example.com',
    });
    const edited = await api(h, 'PATCH', `/a/${pair.links.attendee}/commitments/${idOf(made)}`, {
      text: 'Draft the on-call rota',
      owner: 'sam@example.com',
      due: '2026-12-04',
    });
    expect(edited).toMatchObject({
      status: 200,
      body: { text: 'Draft the on-call rota', owner: 'sam@example.com', due: '2026-12-04' },
    });
    const view = await agenda(pair.links.organizer);
    const changes = allCommitments(view).find((c) => c.id === idOf(made))?.changes ?? [];
    expect(changes.map((c) => [c.kind, c.detail, c.by])).toContainEqual([
      'edited',
      'text,due,owner',
      'sam@example.com',
    ]);
  });

  it('moves a talking point from the bottom to the top, or the top to the bottom, in one step', async () => {
    const token = other.links.organizer;
    const ids: string[] = [];
    for (const text of ['One', 'Two', 'Three', 'Four'])
      ids.push(idOf(await api(h, 'POST', `/a/${token}/topics`, { text })));
    await api(h, 'PATCH', `/a/${token}/topics/${ids[3]}`, { position: 0 });
    expect((await agenda(token)).topics.map((t) => t.text)).toEqual(['Four', 'One', 'Two', 'Three']);
    await api(h, 'PATCH', `/a/${token}/topics/${ids[3]}`, { position: 3 });
    const topics = (await agenda(token)).topics;
    expect(topics.map((t) => [t.text, t.position])).toEqual([
      ['One', 0],
      ['Two', 1],
      ['Three', 2],
      ['Four', 3],
    ]);
  });
});

describe('a due date that has already passed', () => {
  it('is not saved without saying so: 400 past_due, nothing stored, and saved with allowPastDue', async () => {
    const body = { text: 'Send the slides', owner: 'sam@example.com', due: '2026-11-20' };
    const refused = await api(h, 'POST', `/a/${pair.links.organizer}/commitments`, body);
    expect(refused).toMatchObject({ status: 400, body: { error: 'past_due', field: 'due' } });
    expect((refused.body as { message: string }).message).toContain('Fri 20 Nov 2026 has already passed');
    expect((refused.body as { message: string }).message).toContain('"allowPastDue": true');
    expect(allCommitments(await agenda(pair.links.organizer)).map((c) => c.text)).not.toContain('Send the slides');

    const saved = await api(h, 'POST', `/a/${pair.links.organizer}/commitments`, { ...body, allowPastDue: true });
    expect(saved).toMatchObject({ status: 201, body: { due: '2026-11-20' } });
    // Today is not past: due today is not overdue yet.
    const today = await api(h, 'PATCH', `/a/${pair.links.organizer}/commitments/${idOf(saved)}`, { due: '2026-11-24' });
    expect(today.status).toBe(200);
  });

  it('is asked about only when it changes: editing the text of an overdue commitment just saves', async () => {
    const made = await api(h, 'POST', `/a/${pair.links.organizer}/commitments`, {
      text: 'Book the room',
      owner: 'maya@example.com',
      due: '2026-11-21',
      allowPastDue: true,
    });
    const text = await api(h, 'PATCH', `/a/${pair.links.organizer}/commitments/${idOf(made)}`, {
      text: 'Book the big room',
      due: '2026-11-21',
    });
    expect(text.status).toBe(200);
    const earlier = await api(h, 'PATCH', `/a/${pair.links.organizer}/commitments/${idOf(made)}`, {
      due: '2026-11-01',
    });
    expect(earlier).toMatchObject({ status: 400, body: { error: 'past_due' } });
  });
});

describe('DELETE /a/{token}/topics/{id}', () => {
  it('deletes a talking point of this 1:1 and closes the gap in the order', async () => {
    const token = pair.links.attendee;
    const first = await api(h, 'POST', `/a/${token}/topics`, { text: 'Delete me' });
    await api(h, 'POST', `/a/${token}/topics`, { text: 'Keep me' });
    const deleted = await api(h, 'DELETE', `/a/${token}/topics/${idOf(first)}`);
    expect(deleted).toMatchObject({ status: 200, body: { deleted: true, id: idOf(first) } });
    const topics = (await agenda(token)).topics;
    expect(topics.map((t) => t.text)).not.toContain('Delete me');
    expect(topics.map((t) => t.position)).toEqual(topics.map((_, i) => i));
    expect((await api(h, 'DELETE', `/a/${token}/topics/${idOf(first)}`)).status).toBe(404);
  });

  it("answers 404 for another 1:1's talking point, or a junk id, and deletes nothing", async () => {
    const theirs = await api(h, 'POST', `/a/${other.links.attendee}/topics`, { text: 'Not yours' });
    for (const id of [idOf(theirs), 'not-a-uuid']) {
      const response = await api(h, 'DELETE', `/a/${pair.links.organizer}/topics/${id}`);
      expect(response).toMatchObject({ status: 404, body: { error: 'not_found' } });
    }
    expect((await agenda(other.links.attendee)).topics.map((t) => t.text)).toContain('Not yours');
  });
});

describe('DELETE /a/{token}/commitments/{id}', () => {
  it('deletes a commitment recorded by mistake, before any later meeting reviewed it', async () => {
    const made = await api(h, 'POST', `/a/${pair.links.attendee}/commitments`, {
      text: 'Typo commitment',
      owner: 'sam@example.com',
    });
    const before = await agenda(pair.links.attendee);
    expect(allCommitments(before).find((c) => c.id === idOf(made))?.deletable).toBe(true);
    const deleted = await api(h, 'DELETE', `/a/${pair.links.attendee}/commitments/${idOf(made)}`);
    expect(deleted).toMatchObject({ status: 200, body: { deleted: true, id: idOf(made) } });
    expect(allCommitments(await agenda(pair.links.attendee)).map((c) => c.text)).not.toContain('Typo commitment');
  });

  it('keeps one a later meeting has reviewed: 409 in_record, to be dropped instead', async () => {
    const made = await api(h, 'POST', `/a/${pair.links.organizer}/commitments`, {
      text: 'Agreed three weeks ago',
      owner: 'sam@example.com',
      occurrence: pair.occurrences[0]!.id,
    });
    const view = await agenda(pair.links.organizer);
    expect(view.review.open.find((c) => c.id === idOf(made))?.deletable).toBe(false);
    const refused = await api(h, 'DELETE', `/a/${pair.links.organizer}/commitments/${idOf(made)}`);
    expect(refused).toMatchObject({ status: 409, body: { error: 'in_record' } });
    expect((refused.body as { message: string }).message).toContain('drop it');
    expect(view.review.open.map((c) => c.text)).toContain('Agreed three weeks ago');
  });

  it("answers 404 for another 1:1's commitment", async () => {
    const theirs = await api(h, 'POST', `/a/${other.links.organizer}/commitments`, {
      text: 'Theirs',
      owner: 'kim@example.com',
    });
    expect((await api(h, 'DELETE', `/a/${pair.links.shared}/commitments/${idOf(theirs)}`)).status).toBe(404);
    expect((await api(h, 'DELETE', `/a/${other.links.attendee}/commitments/${idOf(theirs)}`)).status).toBe(200);
  });
});

describe('who adds on the shared link', () => {
  it('refuses a talking point or commitment with nobody named, saying how to name them', async () => {
    const topic = await api(h, 'POST', `/a/${pair.links.shared}/topics`, { text: 'Anonymous' });
    expect(topic).toMatchObject({ status: 400, body: { error: 'invalid', field: 'as' } });
    expect((topic.body as { message: string }).message).toContain('I am');
    const stranger = await api(h, 'POST', `/a/${pair.links.shared}/topics`, { text: 'Who?', as: 'eve@example.com' });
    expect(stranger).toMatchObject({ status: 400, body: { field: 'as' } });
    const commitment = await api(h, 'POST', `/a/${pair.links.shared}/commitments`, {
      text: 'Nobody',
      owner: 'sam@example.com',
    });
    expect(commitment).toMatchObject({ status: 400, body: { field: 'as' } });
    expect((await agenda(pair.links.organizer)).topics.map((t) => t.text)).not.toContain('Anonymous');
  });

  it('uses the person this browser chose before on this link', async () => {
    const response = await h.app.request(`/a/${pair.links.shared}/topics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', cookie: 'carryover_as=attendee' },
      body: JSON.stringify({ text: 'Remembered' }),
    });
    expect(response.status).toBe(201);
    expect(await response.json()).toMatchObject({ author: 'sam@example.com' });
  });
});

describe('decisions', () => {
  it('are saved with the deep dive and shared notes, and shown with the meeting in the history', async () => {
    const meeting = pair.occurrences[1]!.id;
    const saved = await api(h, 'PATCH', `/a/${pair.links.organizer}/agenda`, {
      decisions: 'Sam leads the rota from January.',
      occurrence: meeting,
    });
    expect(saved).toMatchObject({ status: 200, body: { decisions: 'Sam leads the rota from January.' } });
    expect((await agenda(pair.links.organizer, `?occurrence=${meeting}`)).decisions).toBe(
      'Sam leads the rota from January.',
    );
    const history = (await agenda(pair.links.organizer)).history;
    expect(history.find((e) => e.occurrence.id === meeting)?.decisions).toBe('Sam leads the rota from January.');
  });
});

describe("an old meeting's page", () => {
  it('lists only the meetings before it as earlier 1:1s, and the ones after it apart', async () => {
    const view = await agenda(pair.links.organizer, `?occurrence=${pair.occurrences[0]!.id}`);
    expect(view.history).toEqual([]);
    expect(view.later.map((o) => o.id)).toEqual([pair.occurrences[1]!.id]);
    const second = await agenda(pair.links.organizer, `?occurrence=${pair.occurrences[1]!.id}`);
    expect(second.history.map((e) => e.occurrence.id)).toEqual([pair.occurrences[0]!.id]);
    expect((await agenda(pair.links.organizer)).later).toEqual([]);
  });
});

describe('time-zone names', () => {
  it.each(['Asia/Calcutta', 'Asia/Kolkata'])('are spelled one way everywhere on the page (%s)', async (tz) => {
    const view = await agenda(pair.links.organizer, `?tz=${tz}`);
    expect(view.timeZone).toBe('Asia/Kolkata');
    expect(view.occurrence?.when).toContain('(Asia/Kolkata)');
  });
});
