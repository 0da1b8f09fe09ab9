import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSearchQuery } from '../../src/core/search-query.ts';
import { snippetParts, snippetText } from '../../src/core/search-snippet.ts';
import { type HistoryHit, searchHistory } from '../../src/db/history-search.ts';
import { openTestDatabase, type TestDatabase } from '../support/database.ts';

let database: TestDatabase;
let pair: string;
let other: string;
/** The pair's weekly meetings, oldest first. */
let meetings: string[];

const WEEK = 7 * 24 * 3600_000;

async function newSeries(title: string): Promise<string> {
  const row = await database.db
    .insertInto('series')
    .values({ title, organizer_email: 'maya@x.test', attendee_email: 'sam@x.test', time_zone: 'Europe/Berlin' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function newMeeting(
  seriesId: string,
  week: number,
  extra: { status?: 'cancelled'; declined_by?: string } = {},
): Promise<string> {
  const start = new Date(Date.parse('2025-01-06T10:00:00Z') + week * WEEK);
  const row = await database.db
    .insertInto('occurrences')
    .values({
      series_id: seriesId,
      original_start: start,
      starts_at: start,
      ends_at: new Date(start.getTime() + 1800_000),
      ...extra,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function addTopic(seriesId: string, occurrenceId: string, text: string): Promise<string> {
  const row = await database.db
    .insertInto('topics')
    .values({ series_id: seriesId, occurrence_id: occurrenceId, text, position: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function addCommitment(seriesId: string, occurrenceId: string | null, text: string): Promise<string> {
  const row = await database.db
    .insertInto('commitments')
    .values({ series_id: seriesId, made_at_occurrence_id: occurrenceId, text, owner_email: 'sam@x.test' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

async function addGoal(seriesId: string, title: string, description: string, milestones: string[]): Promise<string> {
  const goal = await database.db
    .insertInto('goals')
    .values({ series_id: seriesId, owner_email: 'sam@x.test', title, description })
    .returning('id')
    .executeTakeFirstOrThrow();
  for (const [position, text] of milestones.entries()) {
    await database.db.insertInto('goal_milestones').values({ goal_id: goal.id, text, position }).execute();
  }
  return goal.id;
}

async function search(q: string, options: { seriesId?: string; goals?: boolean; limit?: number } = {}) {
  const parsed = parseSearchQuery(q);
  if (!parsed.ok || !parsed.query) throw new Error(`not a search: ${q}`);
  return searchHistory(database.db, {
    seriesId: options.seriesId ?? pair,
    query: parsed.query,
    goals: options.goals ?? true,
    limit: options.limit ?? 50,
  });
}

const texts = (hits: readonly HistoryHit[]) => hits.map((hit) => snippetText(snippetParts(hit.headline)));
const marked = (hit: HistoryHit | undefined) =>
  snippetParts(hit?.headline ?? '')
    .filter((part) => part.match)
    .map((part) => part.text);

beforeAll(async () => {
  database = await openTestDatabase();
  pair = await newSeries('Maya / Sam');
  other = await newSeries('Lee / Kim');
  meetings = [];
  for (let week = 0; week < 6; week++) meetings.push(await newMeeting(pair, week));
  const [first, second, third] = meetings as [string, string, string];
  await addTopic(pair, first, 'Hiring two engineers for the platform team');
  await addTopic(pair, second, 'Code review process is slow');
  await addTopic(pair, second, 'Review of the code owners file');
  await addTopic(pair, third, 'Budget for the offsite');
  await addTopic(pair, third, 'Hiring budget for next year');
  await addTopic(pair, third, 'Discuss the <Project X> rollout & the risks');
  await addTopic(pair, third, 'Café naïve résumé tips, 日本語 notes');
  await database.db
    .insertInto('agendas')
    .values({
      occurrence_id: first,
      deep_dive: 'Career growth towards staff engineer',
      shared_notes: `${'We went through last quarter in detail. '.repeat(8)}The promotion packet needs two more examples. ${'Then we talked about holidays and the weather. '.repeat(8)}`,
      decisions: 'Sam leads the migration project',
    })
    .execute();
  await addCommitment(pair, second, 'Write the promotion packet draft');
  await addCommitment(pair, null, 'Book the offsite venue');

  // Another pair says the same things: none of it may ever be found from this pair.
  const elsewhere = await newMeeting(other, 0);
  await addTopic(other, elsewhere, 'Hiring two engineers for the platform team');
  await addCommitment(other, elsewhere, 'Write the promotion packet draft');
  await addGoal(other, 'Become a hiring manager', '', ['Interview ten candidates']);
}, 60_000);
afterAll(() => database.close());

describe("searching a pair's history", () => {
  it('finds a talking point by another form of its words (english stemming)', async () => {
    const hits = await search('hired engineer');
    expect(hits.map((hit) => hit.kind)).toEqual(['topic']);
    expect(texts(hits)).toEqual(['Hiring two engineers for the platform team']);
    expect(marked(hits[0])).toEqual(['Hiring', 'engineers']);
    expect(hits[0]?.occurrence?.id).toBe(meetings[0]);
  });

  it('matches the last word as the start of a word, as it is still being typed', async () => {
    expect(texts(await search('hir'))).toEqual(
      expect.arrayContaining(['Hiring two engineers for the platform team', 'Hiring budget for next year']),
    );
    expect(texts(await search('platform te'))).toEqual(['Hiring two engineers for the platform team']);
    // Only the last word: one followed by another is a whole word.
    expect(await search('hir budget')).toEqual([]);
    expect(texts(await search('résum'))).toEqual(['Café naïve résumé tips, 日本語 notes']);
  });

  it('keeps quoted words together as a phrase and leaves out words after a minus', async () => {
    expect(texts(await search('"code review"'))).toEqual(['Code review process is slow']);
    expect(texts(await search('review code'))).toHaveLength(2);
    expect(texts(await search('review -process'))).toEqual(['Review of the code owners file']);
    expect(texts(await search('offsite or engineers'))).toEqual(
      expect.arrayContaining(['Budget for the offsite', 'Hiring two engineers for the platform team']),
    );
  });

  it('ranks an item that matches more of the words above one that matches fewer', async () => {
    const hits = await search('hiring or budget');
    expect(texts(hits)[0]).toBe('Hiring budget for next year');
    expect(hits.map((hit) => hit.rank)).toEqual([...hits.map((hit) => hit.rank)].sort((a, b) => b - a));
  });

  it("finds each kind of record: an agenda's deep dive, shared notes and decisions, and commitments", async () => {
    const kinds = async (q: string) => (await search(q)).map((hit) => hit.kind);
    expect(await kinds('staff engineer')).toEqual(['deep-dive']);
    expect(await kinds('migration')).toEqual(['decisions']);
    expect(await kinds('venue')).toEqual(['commitment']);
    expect((await search('venue'))[0]?.occurrence).toBeNull();
    const packet = await search('promotion packet');
    expect(packet.map((hit) => hit.kind).sort()).toEqual(['commitment', 'shared-notes']);
    expect(packet.find((hit) => hit.kind === 'commitment')?.occurrence?.id).toBe(meetings[1]);
  });

  it('shows long notes around the match, saying that text was left out on either side', async () => {
    const notes = (await search('promotion')).find((hit) => hit.kind === 'shared-notes');
    expect(marked(notes)).toEqual(['promotion']);
    expect(notes).toMatchObject({ cutBefore: true, cutAfter: true });
    const topic = (await search('offsite budget'))[0];
    expect(topic).toMatchObject({ kind: 'topic', cutBefore: false, cutAfter: false });
  });

  it('never finds what another pair wrote, even the same words', async () => {
    const hits = await search('hiring or promotion or interview');
    expect(hits.length).toBeGreaterThan(0);
    const ids = await database.db.selectFrom('topics').select('id').where('series_id', '=', other).execute();
    expect(hits.map((hit) => hit.id)).not.toEqual(expect.arrayContaining([ids[0]?.id]));
    expect(hits.every((hit) => hit.occurrence === null || meetings.includes(hit.occurrence.id))).toBe(true);
    expect(hits.map((hit) => hit.kind)).not.toContain('goal');
    expect(await search('hiring', { seriesId: other, goals: false })).toHaveLength(1);
  });

  it('searches goals and their milestones only when asked to', async () => {
    const goal = await addGoal(pair, 'Grow into a tech lead', 'Lead the design of one larger feature', [
      'Run the design review for search',
    ]);
    expect((await search('design', { goals: false })).map((hit) => hit.kind)).toEqual([]);
    const hits = await search('design');
    expect(hits.map((hit) => hit.kind).sort()).toEqual(['goal', 'milestone']);
    expect(hits.find((hit) => hit.kind === 'goal')).toMatchObject({ id: goal, occurrence: null, goalTitle: null });
    expect(hits.find((hit) => hit.kind === 'milestone')).toMatchObject({ goalTitle: 'Grow into a tech lead' });
    expect(marked(hits.find((hit) => hit.kind === 'goal'))).toEqual(['design']);
  });

  it('includes what was written on cancelled and declined meetings: it is part of the record', async () => {
    const cancelled = await newMeeting(pair, 10, { status: 'cancelled' });
    const declined = await newMeeting(pair, 11, { declined_by: 'sam@x.test' });
    await addTopic(pair, cancelled, 'Quarterly planning, first attempt');
    await addTopic(pair, declined, 'Quarterly planning, second attempt');
    const hits = await search('planning attempt');
    expect(hits.map((hit) => hit.occurrence?.id).sort()).toEqual([cancelled, declined].sort());
    expect(hits.map((hit) => hit.occurrence?.status).sort()).toEqual(['cancelled', 'scheduled']);
  });

  it('keeps angle brackets and ampersands in snippets as the text had them', async () => {
    const [hit, ...more] = await search('project rollout');
    expect(more).toEqual([]);
    expect(texts([hit!])).toEqual(['Discuss the <Project X> rollout & the risks']);
    expect(marked(hit)).toEqual(['Project', 'rollout']);
  });

  it('answers any text without an error: operators, quotes, unicode and stop words', async () => {
    const odd = ["&|!:*()'", 'a & b | !c', ':*', "o'brien", '"unclosed', '- -- or', '<-> <1>', '\\', 'emoji 🎉'];
    for (const q of [...odd, 'the', 'ünïcode', 'x:*B', '((hiring))']) await search(q);
    expect(await search('the')).toEqual([]);
    expect(texts(await search('((hiring)) & engineers!'))).toEqual(['Hiring two engineers for the platform team']);
    expect(texts(await search('naïve'))).toEqual(['Café naïve résumé tips, 日本語 notes']);
    expect(texts(await search('日本'))).toEqual(['Café naïve résumé tips, 日本語 notes']);
  });

  it('answers at most the number of results asked for, best first', async () => {
    const [meeting] = meetings as [string];
    for (let i = 0; i < 12; i++) await addTopic(pair, meeting, `Onboarding step ${i}`);
    expect(await search('onboarding', { limit: 5 })).toHaveLength(5);
  });
});
