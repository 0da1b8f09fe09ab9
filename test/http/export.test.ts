import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSeries } from '../../src/agenda/series-setup.ts';
import { moveOpenCommitments } from '../../src/db/commitments.ts';
import { revokeSharedLink } from '../../src/db/links.ts';
import { cancelFutureOccurrences } from '../../src/db/occurrences.ts';
import { stopSeries } from '../../src/db/series.ts';
import {
  api,
  type Harness,
  type SeededSeries,
  seedSeries,
  startHarness,
  weeklyOccurrences,
} from '../support/harness.ts';

interface ExportJson {
  format: string;
  version: number;
  viewer: { role: string; email: string | null };
  includesPrivateNotes: boolean;
  series: { title: string; timeZone: string; organizer: { email: string; name: string }; attendee: { name: string } };
  followThrough: { total: number };
  meetings: {
    id: string;
    startsAt: string;
    status: string;
    talkingPoints: { text: string; author: { name: string } | null; carriedFrom: { meetingStartsAt: string } | null }[];
    sharedNotes: string;
    decisions: string;
    commitmentIds: string[];
    privateNote?: string;
  }[];
  commitments: { id: string; text: string; status: string; history: { kind: string; by: { name: string } | null }[] }[];
}

const MAYAS_NOTE = 'Maya only: budget is tight';
const SAMS_NOTE = 'Sam only: thinking about a team change';
const FORMULA = '=HYPERLINK("http://evil.example","click")';
const QUOTED = 'Plan Q1, "really" this time';
const MULTILINE = 'First line\nSecond, with a comma\r\nThird "quoted"';
const MARKDOWN_ATTACK = '[click](https://evil.example) <img src=x onerror=alert(1)> **bold** `code`';

let h: Harness;
let pair: SeededSeries;

const download = (token: string, format?: string, accept = '*/*') =>
  h.app.request(`/a/${token}/export${format === undefined ? '' : `?format=${format}`}`, { headers: { accept } });
const exportJson = async (token: string) => (await (await download(token, 'json')).json()) as ExportJson;

beforeAll(async () => {
  h = await startHarness({ now: '2026-11-24T09:00:00Z' });
  pair = await seedSeries(h);
  const [first, second, next] = pair.occurrences;
  const { organizer: maya, attendee: sam } = pair.links;
  const ok = async (response: Promise<{ status: number; body: unknown }>) => {
    const { status, body } = await response;
    if (status >= 300) throw new Error(`seeding failed: ${status} ${JSON.stringify(body)}`);
    return body as { id: string };
  };
  const earlier = await ok(api(h, 'POST', `/a/${sam}/topics`, { text: 'Career plans', occurrence: first!.id }));
  await ok(api(h, 'POST', `/a/${sam}/topics`, { text: FORMULA, occurrence: second!.id }));
  await ok(api(h, 'POST', `/a/${maya}/topics`, { text: QUOTED, occurrence: second!.id }));
  await ok(api(h, 'POST', `/a/${maya}/topics`, { text: MARKDOWN_ATTACK, occurrence: second!.id }));
  await ok(api(h, 'PATCH', `/a/${maya}/agenda`, { sharedNotes: MULTILINE, occurrence: second!.id }));
  // Decisions and carried talking points have no endpoint of their own here: written as the recap and carry-over do.
  await h.db
    .updateTable('agendas')
    .set({ decisions: '# Not a heading\n1. not a list' })
    .where('occurrence_id', '=', second!.id)
    .execute();
  await h.db
    .insertInto('topics')
    .values({
      series_id: pair.series.id,
      occurrence_id: second!.id,
      author_email: 'sam@example.com',
      text: 'Career plans',
      position: 9,
      carried_from_topic_id: earlier.id,
    })
    .execute();
  const made = await ok(
    api(h, 'POST', `/a/${maya}/commitments`, { text: '+1 the RFC', owner: 'sam@example.com', occurrence: second!.id }),
  );
  await ok(api(h, 'PATCH', `/a/${sam}/commitments/${made.id}`, { status: 'done' }));
  await ok(api(h, 'PUT', `/a/${maya}/private-note`, { body: MAYAS_NOTE, occurrence: second!.id }));
  await ok(api(h, 'PUT', `/a/${sam}/private-note`, { body: SAMS_NOTE, occurrence: first!.id }));
  // Something written on the next meeting brings it into the export; later empty meetings stay out.
  await ok(api(h, 'POST', `/a/${sam}/topics`, { text: 'Hiring plan', occurrence: next!.id }));
});
afterAll(() => h.close());

/** RFC 4180 rows, read back the way a spreadsheet does (every row ends in CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (!quoted && ch === ',') {
      row.push(field);
      field = '';
    } else if (!quoted && ch === '\r' && text[i + 1] === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  return rows;
}

describe('GET /a/{token}/export', () => {
  it("gives a person's own link a versioned JSON file of every meeting so far, with their private notes only", async () => {
    const response = await download(pair.links.organizer);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('content-disposition')).toBe('attachment; filename="maya-sam-weekly-2026-11-24.json"');
    expect(response.headers.get('cache-control')).toBe('no-store');
    const data = (await response.json()) as ExportJson;
    expect(data).toMatchObject({ format: 'carryover-export', version: 1, includesPrivateNotes: true });
    expect(data.viewer).toEqual({ role: 'organizer', email: 'maya@example.com' });
    expect(data.series).toMatchObject({ title: 'Maya / Sam weekly', timeZone: 'Europe/Berlin' });
    expect([data.series.organizer.name, data.series.attendee.name]).toEqual(['Maya', 'Sam']);
    // Oldest first: the two meetings held, and the next one because a talking point is already on it.
    expect(data.meetings.map((m) => m.id)).toEqual(pair.occurrences.slice(0, 3).map((o) => o.id));
    const second = data.meetings[1]!;
    expect(second.privateNote).toBe(MAYAS_NOTE);
    expect(second.decisions).toBe('# Not a heading\n1. not a list');
    expect(second.talkingPoints.find((t) => t.carriedFrom)?.carriedFrom?.meetingStartsAt).toBe(
      pair.occurrences[0]!.starts_at.toISOString(),
    );
    const commitment = data.commitments.find((c) => second.commitmentIds.includes(c.id));
    expect(commitment).toMatchObject({ text: '+1 the RFC', status: 'done' });
    expect(commitment?.history.map((c) => [c.kind, c.by?.name])).toEqual([
      ['created', 'Maya'],
      ['status', 'Sam'],
    ]);
    expect(data.followThrough.total).toBe(1);
    expect(JSON.stringify(data)).not.toContain(SAMS_NOTE);
    expect((await exportJson(pair.links.attendee)).meetings[0]!.privateNote).toBe(SAMS_NOTE);
    expect(JSON.stringify(await exportJson(pair.links.attendee))).not.toContain(MAYAS_NOTE);
  });

  it('holds no private note on the shared link, in any format', async () => {
    const data = await exportJson(pair.links.shared);
    expect(data.includesPrivateNotes).toBe(false);
    expect(data.meetings.every((m) => m.privateNote === undefined)).toBe(true);
    for (const format of ['json', 'csv', 'md']) {
      const body = await (await download(pair.links.shared, format)).text();
      expect(body).toContain('Career plans');
      expect(body).not.toContain(MAYAS_NOTE);
      expect(body).not.toContain(SAMS_NOTE);
      expect(body).not.toContain('private_note');
    }
  });

  it('writes CSV a spreadsheet reads back exactly, with formulas made text', async () => {
    const response = await download(pair.links.organizer, 'csv');
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers.get('content-disposition')).toContain('maya-sam-weekly-2026-11-24.csv');
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const body = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes).slice(1);
    expect(body).toContain(`"'=HYPERLINK(""http://evil.example"",""click"")"`);
    const [header, ...rows] = parseCsv(body);
    expect(header!.slice(0, 6)).toEqual([
      'meeting_start',
      'meeting_local',
      'meeting_status',
      'item_type',
      'item_id',
      'text',
    ]);
    expect(rows.every((row) => row.length === header!.length)).toBe(true);
    const cell = (row: string[], column: string) => row[header!.indexOf(column)];
    const texts = (type: string) =>
      rows.filter((row) => cell(row, 'item_type') === type).map((row) => cell(row, 'text'));
    expect(texts('topic')).toEqual(expect.arrayContaining([`'${FORMULA}`, QUOTED, MARKDOWN_ATTACK]));
    expect(texts('shared_notes')).toEqual([MULTILINE]);
    expect(texts('commitment')).toEqual(["'+1 the RFC"]);
    expect(texts('private_note')).toEqual([MAYAS_NOTE]);
    expect(texts('meeting')).toHaveLength(3);
    const meeting = rows.find((row) => cell(row, 'item_type') === 'meeting')!;
    expect([cell(meeting, 'meeting_start'), cell(meeting, 'meeting_local')]).toEqual([
      '2026-11-10T10:00:00.000Z',
      '2026-11-10 11:00',
    ]);
    const change = rows.find((row) => cell(row, 'item_type') === 'commitment_change' && cell(row, 'status') === 'done');
    expect([cell(change!, 'person'), cell(change!, 'detail')]).toEqual(['Sam', 'status open → done']);
  });

  it('writes Markdown in which nothing people wrote becomes a link, HTML, a heading or a list', async () => {
    const response = await download(pair.links.organizer, 'md');
    expect(response.headers.get('content-type')).toBe('text/markdown; charset=utf-8');
    const body = await response.text();
    expect(body.startsWith('# Maya / Sam weekly: 1:1 history\n')).toBe(true);
    expect(body).toContain(
      '\\[click\\](https://evil.example) \\<img src=x onerror=alert(1)\\> \\*\\*bold\\*\\* \\`code\\`',
    );
    expect(body).toContain('\\# Not a heading\\\n1\\. not a list');
    expect(body).toContain('First line\\\nSecond, with a comma\\\nThird "quoted"');
    // Every `<`, `[` and line-start `#` left is Carryover's own markup, never a person's.
    expect(body).not.toMatch(/(^|[^\\])[<[]/m);
    expect(body.match(/^#+ .*$/gm)?.every((line) => /^(# Maya|## |### )/.test(line))).toBe(true);
    expect(body).toContain('### Your private note\n\nMaya only: budget is tight');
    const starts = [...body.matchAll(/^## (.*)$/gm)].map((m) => m[1]);
    expect(starts[0]).toContain('10 Nov 2026');
    expect(starts[2]).toContain('24 Nov 2026');
  });

  it('answers 400 naming the formats for an unknown one, and 404 for an unknown token', async () => {
    const bad = await download(pair.links.organizer, 'xlsx');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({
      error: 'invalid',
      field: 'format',
      message: 'format: "xlsx" is not one of json, csv, md',
    });
    const unknown = await download('x'.repeat(43), 'json', 'application/json');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'not_found', message: 'no agenda at this link' });
    const page = await download('x'.repeat(43), 'csv', 'text/html');
    expect(page.status).toBe(404);
    expect(page.headers.get('content-type')).toContain('text/html');
  });
});

describe('the agenda page', () => {
  it("links to the three downloads, and says private notes go only into their own author's", async () => {
    const page = async (token: string) =>
      (await h.app.request(`/a/${token}`, { headers: { accept: 'text/html' } })).text();
    const own = await page(pair.links.attendee);
    for (const [format, label] of Object.entries({ json: 'JSON', csv: 'CSV', md: 'Markdown' })) {
      expect(own).toContain(`<a href="/a/${pair.links.attendee}/export?format=${format}">${label}</a>`);
    }
    expect(own).toContain('Download this 1:1&#39;s history:');
    expect(own).toContain('Private notes are included only in your own download');
    const shared = await page(pair.links.shared);
    expect(shared).toContain(`href="/a/${pair.links.shared}/export?format=csv"`);
    expect(shared).toContain('this shared link&#39;s has none');
  });
});

describe('export after the people of a 1:1 changed', () => {
  it('gives the person who left only their own meetings and notes, and the newcomer none of them', async () => {
    const occurrences = weeklyOccurrences('2026-11-10T14:00:00Z', 5);
    const old = await seedSeries(h, {
      title: 'Maya / Rob',
      attendee: { email: 'rob@example.com', name: 'Rob' },
      occurrences,
    });
    const robsMeeting = old.occurrences[1]!.id;
    await api(h, 'PUT', `/a/${old.links.attendee}/private-note`, { body: "Rob's note", occurrence: robsMeeting });
    await api(h, 'POST', `/a/${old.links.organizer}/commitments`, {
      text: 'Maya: intro Alex',
      owner: 'maya@example.com',
    });
    // Maya replaces Rob by Alex: what the lifecycle does to the old thread (src/lifecycle/record-series.ts).
    const now = h.clock();
    const created = await createSeries(h.db, h.keys, {
      title: 'Maya / Rob',
      organizer: { email: 'maya@example.com', name: 'Maya' },
      attendee: { email: 'alex@example.com', name: 'Alex' },
      timeZone: 'Europe/Berlin',
      occurrences: occurrences.slice(2),
    });
    if (!created.ok) throw new Error(JSON.stringify(created.problem));
    await cancelFutureOccurrences(h.db, old.series.id, now);
    await revokeSharedLink(h.db, old.series.id, now);
    await stopSeries(h.db, old.series.id, 'ended', 'the people in this meeting changed');
    await moveOpenCommitments(h.db, {
      fromSeriesId: old.series.id,
      toSeriesId: created.value.series.id,
      owners: ['maya@example.com'],
      at: now,
    });

    const rob = await exportJson(old.links.attendee);
    expect(rob.meetings.map((m) => m.startsAt)).toEqual(occurrences.slice(0, 2).map((o) => o.startsAt.toISOString()));
    expect(rob.meetings[1]!.privateNote).toBe("Rob's note");
    expect(rob.commitments).toEqual([]);
    expect((await download(old.links.shared)).status).toBe(404);

    const alex = await exportJson(created.value.links.attendee);
    expect(alex.meetings).toEqual([]);
    expect(alex.commitments.map((c) => c.text)).toEqual(['Maya: intro Alex']);
    const everything = await Promise.all(
      ['json', 'csv', 'md'].map(async (f) => (await download(created.value.links.shared, f)).text()),
    );
    expect(everything.join('\n')).not.toContain("Rob's note");
    expect(everything.join('\n')).not.toContain(robsMeeting);
  });
});

describe('goals and feedback in the export', () => {
  it("gives each person's own link the pair's goals and the feedback they may read; the shared link neither", async () => {
    const g = await startHarness({ now: '2026-11-24T09:00:00Z' });
    try {
      const seeded = await seedSeries(g);
      const { organizer: maya, attendee: sam, shared } = seeded.links;
      const held = seeded.occurrences[0]!.id;
      const put = (token: string, body: unknown) => api(g, 'PUT', `/a/${token}/feedback`, body);
      expect((await put(maya, { occurrence: held, rating: 4, answer: 'Maya shares this', shared: true })).status).toBe(
        200,
      );
      expect((await put(sam, { occurrence: held, rating: 2, answer: 'Sam keeps this to himself' })).status).toBe(200);
      expect(
        (await api(g, 'POST', `/a/${sam}/goals`, { title: 'Give a conference talk', owner: 'sam@example.com' })).status,
      ).toBe(201);

      const get = async (token: string, format: string) =>
        (await g.app.request(`/a/${token}/export?format=${format}`)).text();
      const mayas = JSON.parse(await get(maya, 'json')) as {
        goals: { title: string }[];
        feedback: { author: { email: string }; rating: number; answer: string }[];
      };
      expect(mayas.goals.map((goal) => goal.title)).toEqual(['Give a conference talk']);
      expect(mayas.feedback).toEqual([expect.objectContaining({ rating: 4, answer: 'Maya shares this' })]);
      const sams = JSON.parse(await get(sam, 'json')) as { feedback: { rating: number; answer: string }[] };
      expect(sams.feedback.map((f) => [f.rating, f.answer])).toEqual([
        [4, 'Maya shares this'],
        [2, 'Sam keeps this to himself'],
      ]);
      expect(await get(sam, 'md')).toContain('## Development goals');
      expect(await get(maya, 'md')).not.toContain('Sam keeps this to himself');

      for (const format of ['json', 'csv', 'md']) {
        const text = await get(shared, format);
        for (const secret of ['Give a conference talk', 'Maya shares this', 'Sam keeps this to himself']) {
          expect(text).not.toContain(secret);
        }
      }
    } finally {
      await g.close();
    }
  });
});
