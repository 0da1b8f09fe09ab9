import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sealPlaintextNotes } from '../../src/agenda/private-notes.ts';
import { api, type Harness, type SeededSeries, seedSeries, startHarness } from '../support/harness.ts';

interface CommitmentJson {
  id: string;
  text: string;
  owner: string;
  due: string | null;
  status: string;
  overdue: boolean;
  madeAtOccurrenceId: string | null;
}
interface AgendaJson {
  series: { title: string; organizer: { email: string }; attendee: { email: string } };
  viewer: { role: string; email: string | null };
  occurrence: { id: string; phase: string; when: string } | null;
  review: { open: CommitmentJson[]; closedSinceLast: CommitmentJson[] };
  topics: { id: string; text: string; author: string | null; resolved: boolean }[];
  nextSteps: CommitmentJson[];
  privateNote: string | null;
  history: { occurrence: { id: string }; nextSteps: CommitmentJson[] }[];
  followThrough: { doneOnTime: number; open: number; overdue: number; onTimeRate: number | null };
}

let h: Harness;
let pair: SeededSeries;
let other: SeededSeries;

beforeAll(async () => {
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

describe('GET /a/{token}', () => {
  it('shows the next meeting of the pair to whoever holds a link, with who they are', async () => {
    const view = await agenda(pair.links.attendee);
    expect(view.series.title).toBe('Maya / Sam weekly');
    expect(view.viewer).toEqual({ role: 'attendee', email: 'sam@example.com' });
    expect(view.occurrence?.id).toBe(pair.occurrences[2]!.id);
    expect(view.occurrence?.phase).toBe('upcoming');
    // 10:00 UTC on 24 November is 11:00 in Berlin, the series' zone.
    expect(view.occurrence?.when).toContain('11:00');
    expect((await agenda(pair.links.shared)).viewer).toEqual({ role: 'shared', email: null });
  });

  it("shows times in the viewer's time zone when the browser says which", async () => {
    const view = await agenda(pair.links.attendee, '?tz=America/New_York');
    expect(view.occurrence?.when).toContain('05:00');
    const invalid = await agenda(pair.links.attendee, '?tz=Mars/Olympus');
    expect(invalid.occurrence?.when).toContain('11:00');
  });

  it('answers 404 for junk, unknown and tampered tokens alike', async () => {
    const tampered = `${pair.links.attendee.slice(0, -1)}${pair.links.attendee.endsWith('A') ? 'B' : 'A'}`;
    for (const token of ['nope', 'x'.repeat(43), tampered]) {
      const response = await api(h, 'GET', `/a/${token}`);
      expect(response.status).toBe(404);
      expect(response.body).toEqual({ error: 'not_found', message: 'no agenda at this link' });
    }
    const page = await h.app.request(`/a/${tampered}`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(404);
    expect(await page.text()).not.toContain('Maya');
  });

  it('answers 404 for an occurrence of another pair', async () => {
    const response = await api(h, 'GET', `/a/${pair.links.organizer}?occurrence=${other.occurrences[0]!.id}`);
    expect(response.status).toBe(404);
    expect(JSON.stringify(response.body)).not.toContain('Lee');
  });
});

describe('POST /a/{token}/commitments', () => {
  it('records a commitment with owner and due date and returns it with its id', async () => {
    const response = await api(h, 'POST', `/a/${pair.links.organizer}/commitments`, {
      text: '  Draft the promotion packet  ',
      owner: 'SAM@example.com',
      due: '2026-12-05',
    });
    expect(response.status).toBe(201);
    expect(response.body).toMatchObject({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      text: 'Draft the promotion packet',
      owner: 'sam@example.com',
      due: '2026-12-05',
      status: 'open',
      createdBy: 'maya@example.com',
      // Recorded between meetings: it belongs to the latest meeting that has happened.
      madeAtOccurrenceId: pair.occurrences[1]!.id,
    });
  });

  it.each([
    [{ owner: 'sam@example.com' }, 'text'],
    [{ text: '', owner: 'sam@example.com' }, 'text'],
    [{ text: 'x'.repeat(501), owner: 'sam@example.com' }, 'text'],
    [{ text: 'Ship it' }, 'owner'],
    [{ text: 'Ship it', owner: 'lee@example.com' }, 'owner'],
    [{ text: 'Ship it', owner: 'sam@example.com', due: '2026-02-30' }, 'due'],
    [{ text: 'Ship it', owner: 'sam@example.com', due: 'next week' }, 'due'],
    [{ text: 42, owner: 'sam@example.com' }, 'text'],
  ])('rejects %j naming the field %s, and stores nothing', async (body, field) => {
    const before = (await agenda(pair.links.organizer)).review.open.length;
    const response = await api(h, 'POST', `/a/${pair.links.organizer}/commitments`, body);
    expect(response.status).toBe(400);
    expect(response.body).toMatchObject({ error: 'invalid', field, message: expect.any(String) });
    // A sentence a page can show as it is: the field is in `field`, not glued to the front of the message.
    const { message } = response.body as { message: string };
    expect(message).toMatch(/^["A-Z].*\.$/);
    expect(message.startsWith(`${field}:`)).toBe(false);
    expect((await agenda(pair.links.organizer)).review.open.length).toBe(before);
  });

  it('rejects a body that is not JSON with a clear message', async () => {
    const response = await h.app.request(`/a/${pair.links.organizer}/commitments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: '{"text": "unterminated',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_json' });
    const array = await api(h, 'POST', `/a/${pair.links.organizer}/commitments`, ['text']);
    expect(array.status).toBe(400);
  });

  it('refuses bodies over the size limit', async () => {
    const response = await api(h, 'POST', `/a/${pair.links.organizer}/commitments`, {
      text: 'x'.repeat(70_000),
      owner: 'sam@example.com',
    });
    expect(response.status).toBe(413);
  });
});

describe('carrying commitments forward', () => {
  it('shows an open commitment on the next meeting, and as done once marked done', async () => {
    const made = await api(h, 'POST', `/a/${pair.links.attendee}/commitments`, {
      text: 'Book the design review',
      owner: 'maya@example.com',
    });
    const id = (made.body as { id: string }).id;
    let view = await agenda(pair.links.attendee);
    expect(view.review.open.map((c) => c.text)).toContain('Book the design review');

    const done = await api(h, 'PATCH', `/a/${pair.links.organizer}/commitments/${id}`, { status: 'done' });
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'done' });
    view = await agenda(pair.links.attendee);
    expect(view.review.open.map((c) => c.text)).not.toContain('Book the design review');
    expect(view.review.closedSinceLast.map((c) => [c.text, c.status])).toContainEqual([
      'Book the design review',
      'done',
    ]);
  });

  it("keeps next steps recorded at a meeting in that meeting's history, with their current status", async () => {
    const secondMeeting = pair.occurrences[1]!.id;
    const made = await api(h, 'POST', `/a/${pair.links.organizer}/commitments`, {
      text: 'Pair on the incident review',
      owner: 'sam@example.com',
      due: '2026-11-20',
      occurrence: secondMeeting,
      // Recorded late, after its due date: said on purpose.
      allowPastDue: true,
    });
    expect(made.status).toBe(201);
    let view = await agenda(pair.links.organizer);
    const entry = () => view.history.find((e) => e.occurrence.id === secondMeeting);
    expect(entry()?.nextSteps.map((c) => [c.text, c.status])).toContainEqual(['Pair on the incident review', 'open']);
    expect(view.review.open.find((c) => c.text === 'Pair on the incident review')?.overdue).toBe(true);

    await api(h, 'PATCH', `/a/${pair.links.attendee}/commitments/${(made.body as { id: string }).id}`, {
      status: 'dropped',
    });
    view = await agenda(pair.links.organizer);
    expect(entry()?.nextSteps.map((c) => [c.text, c.status])).toContainEqual([
      'Pair on the incident review',
      'dropped',
    ]);
  });

  it('rejects an unknown status or a commitment of another pair', async () => {
    const made = await api(h, 'POST', `/a/${other.links.organizer}/commitments`, {
      text: 'Secret',
      owner: 'kim@example.com',
    });
    const othersId = (made.body as { id: string }).id;
    const cross = await api(h, 'PATCH', `/a/${pair.links.organizer}/commitments/${othersId}`, { status: 'done' });
    expect(cross.status).toBe(404);
    expect((await agenda(other.links.organizer)).review.open.map((c) => c.status)).toEqual(['open']);
    const bad = await api(h, 'PATCH', `/a/${other.links.organizer}/commitments/${othersId}`, { status: 'finished' });
    expect(bad).toMatchObject({ status: 400, body: { field: 'status' } });
    const junk = await api(h, 'PATCH', `/a/${other.links.organizer}/commitments/not-a-uuid`, { status: 'done' });
    expect(junk.status).toBe(404);
  });
});

describe('talking points', () => {
  it('lets either person add topics to the next meeting, and reorder and resolve them', async () => {
    const first = await api(h, 'POST', `/a/${pair.links.attendee}/topics`, { text: 'Career growth' });
    expect(first.status).toBe(201);
    const second = await api(h, 'POST', `/a/${pair.links.organizer}/topics`, { text: 'Team offsite' });
    const third = await api(h, 'POST', `/a/${pair.links.shared}/topics`, { text: 'Budget', as: 'sam@example.com' });
    const ids = [first, second, third].map((r) => (r.body as { id: string }).id);

    let view = await agenda(pair.links.organizer);
    expect(view.topics.map((t) => [t.text, t.author])).toEqual([
      ['Career growth', 'sam@example.com'],
      ['Team offsite', 'maya@example.com'],
      ['Budget', 'sam@example.com'],
    ]);

    await api(h, 'PATCH', `/a/${pair.links.organizer}/topics/${ids[2]}`, { position: 0 });
    await api(h, 'PATCH', `/a/${pair.links.organizer}/topics/${ids[0]}`, { resolved: true });
    view = await agenda(pair.links.attendee);
    expect(view.topics.map((t) => [t.text, t.resolved])).toEqual([
      ['Budget', false],
      ['Career growth', true],
      ['Team offsite', false],
    ]);
  });

  it('rejects an empty topic and a negative position', async () => {
    expect((await api(h, 'POST', `/a/${pair.links.attendee}/topics`, { text: '   ' })).body).toMatchObject({
      field: 'text',
    });
    const made = await api(h, 'POST', `/a/${pair.links.attendee}/topics`, { text: 'One more' });
    const moved = await api(h, 'PATCH', `/a/${pair.links.attendee}/topics/${(made.body as { id: string }).id}`, {
      position: -1,
    });
    expect(moved).toMatchObject({ status: 400, body: { field: 'position' } });
  });
});

describe('private notes', () => {
  it('are seen only by their author', async () => {
    const saved = await api(h, 'PUT', `/a/${pair.links.organizer}/private-note`, { body: 'Ask about workload' });
    expect(saved.status).toBe(200);
    expect((await agenda(pair.links.organizer)).privateNote).toBe('Ask about workload');
    expect((await agenda(pair.links.attendee)).privateNote).toBe('');
    expect((await agenda(pair.links.shared)).privateNote).toBeNull();
    const viaShared = await api(h, 'PUT', `/a/${pair.links.shared}/private-note`, { body: 'x' });
    expect(viaShared.status).toBe(403);
  });

  it('are sealed at rest: the database holds no trace of their text', async () => {
    await api(h, 'PUT', `/a/${pair.links.attendee}/private-note`, { body: 'Thinking about a team change' });
    const rows = await h.db.selectFrom('private_notes').select(['body', 'sealed']).execute();
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      expect(row.sealed).toBe(true);
      expect(row.body).not.toContain('team change');
      expect(row.body).not.toContain('workload');
    }
    expect((await agenda(pair.links.attendee)).privateNote).toBe('Thinking about a team change');
  });

  it('stored before sealing are sealed at start and read as before', async () => {
    const occurrence = (await agenda(other.links.organizer)).occurrence!.id;
    await h.db
      .insertInto('private_notes')
      .values({ occurrence_id: occurrence, author_email: 'lee@example.com', body: 'Old plaintext note', sealed: false })
      .execute();
    expect((await agenda(other.links.organizer)).privateNote).toBe('Old plaintext note');
    expect(await sealPlaintextNotes(h.db, h.keys)).toBe(1);
    const row = await h.db
      .selectFrom('private_notes')
      .selectAll()
      .where('author_email', '=', 'lee@example.com')
      .executeTakeFirstOrThrow();
    expect(row.sealed).toBe(true);
    expect(row.body).not.toContain('plaintext');
    expect((await agenda(other.links.organizer)).privateNote).toBe('Old plaintext note');
    expect(await sealPlaintextNotes(h.db, h.keys)).toBe(0);
  });
});

describe('text that cannot be stored', () => {
  const NUL = 'a NUL character (U+0000)';
  const SURROGATE = 'an unpaired UTF-16 surrogate';
  it.each([
    ['POST', 'topics', { text: 'Career\u0000 growth' }, 'text', NUL],
    ['POST', 'topics', { text: 'Career growth \ud83d' }, 'text', SURROGATE],
    ['POST', 'commitments', { text: 'Ship\u0000 it', owner: 'sam@example.com' }, 'text', NUL],
    ['POST', 'commitments', { text: 'Ship it', owner: 'sam@example.com\udc00' }, 'owner', SURROGATE],
    ['PUT', 'private-note', { body: 'Ask about\u0000 workload' }, 'body', NUL],
    ['PATCH', 'agenda', { deepDive: 'Growth plan', sharedNotes: 'Draft\u0000' }, 'sharedNotes', NUL],
    ['PATCH', 'agenda', { deepDive: 'Growth \ud83d plan' }, 'deepDive', SURROGATE],
    // Anywhere in the body, even where the schema would ignore it.
    ['POST', 'topics', { text: 'Fine', extra: { list: ['ok', 'bad\u0000'] } }, 'extra.list.1', NUL],
  ])('%s %s refuses %j naming the field %s, and stores nothing', async (method, path, body, field, problem) => {
    const before = await agenda(pair.links.organizer);
    const response = await api(h, method, `/a/${pair.links.organizer}/${path}`, body);
    expect(response.status).toBe(400);
    expect(response.body).toEqual({ error: 'invalid', field, message: expect.any(String) });
    const { message } = response.body as { message: string };
    expect(message.startsWith(`The text contains ${problem}`)).toBe(true);
    expect(message).toContain("can't be stored");
    expect(await agenda(pair.links.organizer)).toEqual(before);
  });

  it('says exactly what is wrong with a NUL character', async () => {
    const response = await api(h, 'POST', `/a/${pair.links.attendee}/topics`, { text: 'Budget\u0000' });
    expect(response.body).toEqual({
      error: 'invalid',
      field: 'text',
      message: "The text contains a NUL character (U+0000), which can't be stored; remove it.",
    });
  });

  it('finds it however deep the body nests', async () => {
    const depth = 25_000;
    const response = await h.app.request(`/a/${pair.links.organizer}/topics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: `{"text":"Fine","deep":${'['.repeat(depth)}"\\u0000"${']'.repeat(depth)}}`,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ field: `deep${'.0'.repeat(depth)}` });
  });

  it('stores a character made of a surrogate pair, and other control characters, as sent', async () => {
    const response = await api(h, 'POST', `/a/${pair.links.attendee}/topics`, { text: 'Ship 🚀\tnow' });
    expect(response.status).toBe(201);
    expect((await agenda(pair.links.attendee)).topics.map((t) => t.text)).toContain('Ship 🚀\tnow');
  });
});

describe('GET /healthz', () => {
  it('answers 200 when the database answers', async () => {
    const response = await api(h, 'GET', '/healthz');
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ status: 'ok' });
  });
});
