import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { deletePersonData, FORMER_PARTICIPANT, FORMER_PARTICIPANT_NAME } from '../../src/db/person-data.ts';
import type { Database } from '../../src/db/schema.ts';
import {
  type CookieJar,
  cookieJar,
  type DeliveredMail,
  followRedirects,
  mailTo,
  type ServiceHarness,
  startService,
} from '../support/service.ts';
import { googleDriver, microsoftDriver, type ProviderDriver, weeklyOneOnOne } from './drivers.ts';

/**
 * "Delete my data", as a person does it from the account page: it asks first, disconnects, and deletes what is
 * theirs. A 1:1 that reached the other person stays as that person's record, without the leaving person's identity;
 * one that never reached anyone else goes whole.
 */
const BLOCK = '=== Carryover 1:1 agenda';
const MAYA = 'maya@example.com';
const SAM = 'sam@example.com';
const LINK = /https?:\/\/[^\s"<>]+\/a\/[A-Za-z0-9_-]{43}/;
/** Every table, to look for an address anywhere in the database. */
const TABLES: readonly (keyof Database)[] = [
  'accounts',
  'calendars',
  'series',
  'series_sources',
  'occurrences',
  'agendas',
  'participant_links',
  'topics',
  'commitments',
  'commitment_events',
  'private_notes',
  'prompts',
  'jobs',
  'forgotten_people',
];

interface Person {
  readonly email: string;
  readonly name: string;
}
interface Topic {
  readonly text: string;
  readonly author: string | null;
  readonly authorName: string | null;
}
interface Commitment {
  readonly id: string;
  readonly text: string;
  readonly owner: string;
  readonly ownerName: string;
  readonly changes: readonly { by: string | null }[];
}
interface AgendaJson {
  readonly series: { status: string; statusReason: string | null; organizer: Person; attendee: Person };
  readonly viewer: { role: string; email: string | null };
  readonly occurrence: { id: string } | null;
  readonly privateNote: string | null;
  readonly topics: readonly Topic[];
  readonly nextSteps: readonly Commitment[];
  readonly history: readonly {
    occurrence: { id: string };
    topics: readonly Topic[];
    nextSteps: readonly Commitment[];
  }[];
}

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const linkIn = (text: string | null | undefined): string => {
  const found = LINK.exec(text ?? '');
  if (!found) throw new Error(`no agenda link in: ${text}`);
  return found[0];
};
const linkOfMail = (mail: DeliveredMail) => linkIn(mail.text ?? mail.html);

async function agenda(link: string, query = ''): Promise<{ status: number; body: AgendaJson }> {
  const response = await fetch(`${link}${query}`, { headers: { accept: 'application/json' } });
  return { status: response.status, body: (await response.json()) as AgendaJson };
}

async function send(url: string, body: unknown, method = 'POST'): Promise<Response> {
  const response = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(response.status, `${method} ${url}: ${await response.clone().text()}`).toBeLessThan(300);
  return response;
}

/** Connects `email`'s calendar in the browser whose cookies `jar` holds; returns the account's id. */
async function connect(s: ServiceHarness, jar: CookieJar, provider: string, email: string): Promise<string> {
  const done = await followRedirects(`${s.url}/connect/${provider}?login_hint=${email}`, { jar });
  expect(done.url).toBe(`${s.url}/account`);
  const account = await s.db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return account.id;
}

async function page(s: ServiceHarness, jar: CookieJar, path: string) {
  return (await followRedirects(`${s.url}${path}`, { jar })).response;
}

/** Posts the confirmation page's form, as the browser would, following redirects. */
function postDelete(s: ServiceHarness, jar: CookieJar, accountId: string) {
  return followRedirects(`${s.url}/account/delete`, {
    jar,
    init: {
      method: 'POST',
      headers: { origin: s.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ account: accountId }).toString(),
    },
  });
}

/** The tables (and how many of their rows) that mention `text` anywhere. */
async function rowsMentioning(s: ServiceHarness, text: string): Promise<Record<string, number>> {
  const found: Record<string, number> = {};
  for (const table of TABLES) {
    const { rows } = await sql<{ row: string }>`select t::text as row from ${sql.table(table)} t`.execute(s.db);
    const n = rows.filter((r) => r.row.includes(text)).length;
    if (n > 0) found[table] = n;
  }
  return found;
}

const count = async (s: ServiceHarness, table: keyof Database) =>
  Number(
    (
      await s.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

/**
 * Maya organizes a weekly 1:1 with Sam on `driver`'s calendar; its first meeting took place and both were prompted.
 * Each adds a talking point, a commitment and a private note to that meeting, and each changes the other's
 * commitment. Returns both people's links, the shared link from the invite, and the meeting.
 */
async function oneMeetingWithHistory(s: ServiceHarness, driver: ProviderDriver) {
  const seriesId = await driver.createWeekly(s, weeklyOneOnOne(driver));
  await s.settle();
  const shared = linkIn((await driver.upcoming(s, MAYA, seriesId))[0]!.description);
  s.clock.set('2026-11-24T10:31:00Z');
  await s.settle();
  const maya = linkOfMail((await mailTo(s, MAYA, 'recap'))[0]!);
  const sam = linkOfMail((await mailTo(s, SAM, 'recap'))[0]!);
  const meeting = (await agenda(sam)).body.history[0]!.occurrence.id;
  await send(`${maya}/topics`, { text: 'Hiring plan for Q1', occurrence: meeting });
  await send(`${sam}/topics`, { text: 'Conference budget', occurrence: meeting });
  const mayas = (await (
    await send(`${maya}/commitments`, { text: 'Share the hiring plan', owner: MAYA, occurrence: meeting })
  ).json()) as Commitment;
  const sams = (await (
    await send(`${sam}/commitments`, { text: 'Draft the on-call RFC', owner: SAM, occurrence: meeting })
  ).json()) as Commitment;
  await send(`${sam}/commitments/${mayas.id}`, { status: 'done' }, 'PATCH');
  await send(`${maya}/commitments/${sams.id}`, { due: '2026-12-08' }, 'PATCH');
  await send(`${maya}/private-note`, { body: "Maya's own thoughts", occurrence: meeting }, 'PUT');
  await send(`${sam}/private-note`, { body: "Sam's own thoughts", occurrence: meeting }, 'PUT');
  await send(`${maya}/feedback`, { occurrence: meeting, rating: 4, answer: 'Good pace', shared: true }, 'PUT');
  await send(`${sam}/feedback`, { occurrence: meeting, rating: 3, answer: 'Too rushed' }, 'PUT');
  await send(`${maya}/goals`, { title: 'Run the Q1 planning', owner: MAYA });
  await send(`${maya}/goals`, { title: 'Lead the on-call RFC', owner: SAM });
  return { seriesId, maya, sam, shared, meeting };
}

describe.each([googleDriver, microsoftDriver])('deleting my data: $name', (driver) => {
  it('as the organizer: asks first, deletes her account, tokens, notes and links, and leaves Sam his record without her', async () => {
    h = await startService({ now: '2026-11-24T09:00:00Z' });
    const jar = cookieJar();
    const accountId = await connect(h, jar, driver.name, MAYA);
    const { seriesId, maya, sam, shared, meeting } = await oneMeetingWithHistory(h, driver);
    expect((await driver.upcoming(h, MAYA, seriesId))[0]!.description).toContain(BLOCK);

    const account = await (await page(h, jar, '/account')).text();
    expect(account).toContain(`href="/account/delete?account=${accountId}"`);
    const confirm = await page(h, jar, `/account/delete?account=${accountId}`);
    expect(confirm.status).toBe(200);
    const asked = await confirm.text();
    expect(asked).toContain(`Delete ${MAYA}&#39;s data?`);
    expect(asked).toContain('This cannot be undone');
    expect(asked).toContain('It is disconnected first: the agenda block is taken off upcoming invites');
    expect(asked).toContain('Your private notes (1 note)');
    expect(asked).toContain('ratings and answers (1 meeting rated)');
    expect(asked).toContain('Your development goals, with their milestones and record (1 goal)');
    expect(asked).toContain('Your personal agenda links: they stop working');
    expect(asked).toContain('<li>“1:1” with Sam</li>');
    expect(asked).toContain('replaced by “a former participant”');
    expect(asked).toContain('<form method="post" action="/account/delete">');
    expect(asked).toContain(`name="account" value="${accountId}"`);
    expect(asked).toContain('<a href="/account">Cancel</a>');
    // Asking deleted nothing.
    expect(await rowsMentioning(h, MAYA)).toMatchObject({ accounts: 1, private_notes: 1 });

    const done = await postDelete(h, jar, accountId);
    expect(done.url).toBe(`${h.url}/account?disconnected=${accountId}`);
    const outcome = await done.response.text();
    expect(outcome).toContain(`${MAYA}&#39;s data is deleted from Carryover.`);
    expect(outcome).toContain('The agenda block was taken off 1 upcoming invite');
    expect(outcome).toContain(
      'Deleted: 1 account with its tokens, 1 private note, your feedback on 1 meeting, 1 development goal and your personal links.',
    );
    expect(outcome).toContain(
      'Kept for the other person, with your name replaced by “a former participant”: “1:1” with Sam.',
    );
    expect(outcome).not.toContain(`href="/account/delete?account=${accountId}"`);

    // Her account, its sealed tokens, her calendar and its series are gone; her address is nowhere in the database.
    expect(await rowsMentioning(h, MAYA)).toEqual({});
    expect(await count(h, 'accounts')).toBe(0);
    expect(await count(h, 'calendars')).toBe(0);
    expect(await count(h, 'series_sources')).toBe(0);
    const notes = await h.db.selectFrom('private_notes').select(['author_email', 'occurrence_id']).execute();
    expect(notes).toEqual([{ author_email: SAM, occurrence_id: meeting }]);
    // Her ratings and answers and the goal that was hers are gone; Sam's goal stays his, no longer saying who set it.
    const feedback = await h.db.selectFrom('meeting_feedback').select(['author_email', 'rating']).execute();
    expect(feedback).toEqual([{ author_email: SAM, rating: 3 }]);
    const goals = await h.db.selectFrom('goals').select(['title', 'owner_email', 'created_by_email']).execute();
    expect(goals).toEqual([{ title: 'Lead the on-call RFC', owner_email: SAM, created_by_email: FORMER_PARTICIPANT }]);
    for (const invite of await driver.upcoming(h, MAYA, seriesId)) expect(invite.description).not.toContain(BLOCK);

    // Her link and the invite's shared link open nothing; Sam's opens his record, with her taken out of it.
    expect((await agenda(maya)).status).toBe(404);
    expect((await agenda(shared)).status).toBe(404);
    const seen = await agenda(sam, `?occurrence=${meeting}`);
    expect(seen.status).toBe(200);
    const record = seen.body;
    const former = { email: FORMER_PARTICIPANT, name: FORMER_PARTICIPANT_NAME };
    expect(record.viewer).toEqual({ role: 'attendee', email: SAM });
    expect(record.series.organizer).toEqual(former);
    expect(record.series.status).toBe('ended');
    expect(record.series.statusReason).toContain('the other person deleted their data from Carryover on');
    expect(record.privateNote).toBe("Sam's own thoughts");
    expect(record.topics.map((t) => [t.text, t.authorName])).toEqual([
      ['Hiring plan for Q1', FORMER_PARTICIPANT_NAME],
      ['Conference budget', 'Sam'],
    ]);
    const steps = new Map(record.nextSteps.map((c) => [c.text, c]));
    expect(steps.get('Share the hiring plan')!.ownerName).toBe(FORMER_PARTICIPANT_NAME);
    const actors = (text: string) =>
      steps
        .get(text)!
        .changes.map((c) => c.by)
        .sort();
    expect(actors('Share the hiring plan')).toEqual([FORMER_PARTICIPANT, SAM].sort());
    expect(actors('Draft the on-call RFC')).toEqual([FORMER_PARTICIPANT, SAM].sort());
    // The history and the page read the same way.
    const latest = (await agenda(sam)).body;
    expect(latest.occurrence!.id).toBe(meeting); // no meeting follows in an ended record
    const html = await (await fetch(sam)).text();
    expect(html).toContain(`1:1 of ${FORMER_PARTICIPANT_NAME} and Sam`);
    expect(html).not.toMatch(/maya/i);

    // Nothing more goes out for the thread, to Sam or to anyone in Maya's place.
    const mailsToSam = (await mailTo(h, SAM, 'recap')).length;
    await h.advance(8 * 86_400_000);
    expect(await mailTo(h, SAM, 'recap')).toHaveLength(mailsToSam);
    expect(await rowsMentioning(h, MAYA)).toEqual({});

    // Deleting again deletes nothing more; the page no longer knows the account.
    const again = await deletePersonData(h.db, MAYA, { at: h.clock(), endedReason: () => 'again' });
    expect(again).toEqual({ accounts: [], threads: [], privateNotes: 0, feedback: 0, goals: 0, endedSources: [] });
    expect((await agenda(sam)).body.series.statusReason).toBe(record.series.statusReason);
    expect((await postDelete(h, jar, accountId)).response.status).toBe(404);
  });

  it('as the attendee: Sam connects to prove his address, deletes, and Maya keeps her record without him', async () => {
    h = await startService({ now: '2026-11-24T09:00:00Z' });
    const mayasBrowser = cookieJar();
    const mayaAccount = await connect(h, mayasBrowser, driver.name, MAYA);
    const { seriesId, maya, sam, shared, meeting } = await oneMeetingWithHistory(h, driver);
    // Sam has no account: connecting his own calendar in his browser proves the address is his.
    const samsBrowser = cookieJar();
    const samAccount = await connect(h, samsBrowser, driver.name, SAM);
    const asked = await (await page(h, samsBrowser, `/account/delete?account=${samAccount}`)).text();
    expect(asked).toContain('<li>“1:1” with Maya</li>');

    const done = await postDelete(h, samsBrowser, samAccount);
    expect(await done.response.text()).toContain(`${SAM}&#39;s data is deleted from Carryover.`);
    expect(await rowsMentioning(h, SAM)).toEqual({});
    expect((await agenda(sam)).status).toBe(404);
    const record = (await agenda(maya, `?occurrence=${meeting}`)).body;
    expect(record.series.attendee).toEqual({ email: FORMER_PARTICIPANT, name: FORMER_PARTICIPANT_NAME });
    expect(record.series.status).toBe('ended');
    expect(record.privateNote).toBe("Maya's own thoughts");
    expect(record.topics.map((t) => t.authorName)).toEqual(['Maya', FORMER_PARTICIPANT_NAME]);
    const notes = await h.db.selectFrom('private_notes').select('author_email').execute();
    expect(notes).toEqual([{ author_email: MAYA }]);

    // Maya's invites stop carrying the ended record's block: its shared link opens nothing any more.
    expect((await agenda(shared)).status).toBe(404);
    await h.settle();
    for (const invite of await driver.upcoming(h, MAYA, seriesId)) expect(invite.description).not.toContain(shared);

    // Her calendar still invites Sam every week, and syncs keep reporting the series: Carryover starts no new
    // record of him, and after the next meeting nobody is prompted. Only a keyed digest of his address is kept.
    const mailsToSam = (await mailTo(h, SAM, 'recap')).length;
    await driver.expireSyncTokens(h, MAYA); // the next sync is a full one: the series is reported again
    await h.advance(8 * 86_400_000);
    expect(await count(h, 'series')).toBe(1);
    expect((await mailTo(h, SAM, 'recap')).length).toBe(mailsToSam);
    expect(await rowsMentioning(h, SAM)).toEqual({});
    expect(await count(h, 'forgotten_people')).toBe(1);

    // When Maya deletes her data too, the record is nobody's: it goes whole.
    const second = await (await page(h, mayasBrowser, `/account/delete?account=${mayaAccount}`)).text();
    expect(second).toContain(`<li>“1:1” with ${FORMER_PARTICIPANT_NAME}</li>`);
    await postDelete(h, mayasBrowser, mayaAccount);
    expect((await agenda(maya)).status).toBe(404);
    for (const table of ['series', 'occurrences', 'topics', 'commitments', 'private_notes', 'prompts'] as const) {
      expect(await count(h, table), table).toBe(0);
    }
  });
});

describe('deleting my data', () => {
  it('deletes whole a 1:1 that never reached the other person', async () => {
    // No reminders: one would reach Sam (with his own link) before the meeting, and the 1:1 would be his too.
    h = await startService({ now: '2026-11-24T09:00:00Z', reminderHours: 0 });
    const jar = cookieJar();
    const accountId = await connect(h, jar, 'google', MAYA);
    const seriesId = await googleDriver.createWeekly(h, weeklyOneOnOne(googleDriver));
    await h.settle();
    // Before the first meeting: Sam has been sent nothing and has added nothing.
    const listed = (await (
      await fetch(`${h.url}/account`, { headers: { accept: 'application/json', cookie: jar.cookie('/account') } })
    ).json()) as { accounts: { series: { link: string }[] }[] };
    const maya = `${h.url}${listed.accounts[0]!.series[0]!.link}`;
    await send(`${maya}/topics`, { text: 'Something only I wrote' });

    const asked = await (await page(h, jar, `/account/delete?account=${accountId}`)).text();
    expect(asked).toContain('which never reached the other person, whole: <ul><li>“1:1” with Sam</li>');
    expect(asked).not.toContain('stays as written');
    const outcome = await (await postDelete(h, jar, accountId)).response.text();
    expect(outcome).toContain('Deleted whole, as nobody else had them: “1:1” with Sam.');
    expect(await count(h, 'series')).toBe(0);
    expect(await count(h, 'topics')).toBe(0);
    expect(await rowsMentioning(h, MAYA)).toEqual({});
    expect(await rowsMentioning(h, SAM)).toEqual({});
    for (const invite of await googleDriver.upcoming(h, MAYA, seriesId)) {
      expect(invite.description).not.toContain(BLOCK);
    }
  });

  it('follows a 1:1 with a person who left again once they connect again: coming back is their own doing', async () => {
    h = await startService({ now: '2026-11-24T09:00:00Z' });
    await connect(h, cookieJar(), 'google', MAYA);
    const seriesId = await googleDriver.createWeekly(h, weeklyOneOnOne(googleDriver));
    await h.settle();
    const samsBrowser = cookieJar();
    await postDelete(h, samsBrowser, await connect(h, samsBrowser, 'google', SAM));
    await googleDriver.expireSyncTokens(h, MAYA);
    await h.advance(86_400_000); // the day's syncs, a full one among them: the series is reported again
    // Sam had an account, so the record reached him: it stays for Maya, ended. No new one starts while he is gone.
    const active = () => h!.db.selectFrom('series').select('attendee_email').where('status', '=', 'active').execute();
    expect(await active()).toEqual([]);
    for (const invite of await googleDriver.upcoming(h, MAYA, seriesId)) {
      expect(invite.description).not.toContain(BLOCK);
    }

    await connect(h, cookieJar(), 'google', SAM);
    await googleDriver.expireSyncTokens(h, MAYA);
    await h.advance(86_400_000); // the day's syncs, a full one among them: the series is reported again
    expect(await count(h, 'forgotten_people')).toBe(0);
    expect(await active()).toEqual([{ attendee_email: SAM }]);
    expect((await googleDriver.upcoming(h, MAYA, seriesId))[0]?.description).toContain(BLOCK);
  });

  it('refuses an account that was not connected in this browser, and deletes nothing', async () => {
    h = await startService({ now: '2026-11-24T09:00:00Z' });
    const maya = await connect(h, cookieJar(), 'google', MAYA);
    const elsewhere = cookieJar();
    await connect(h, elsewhere, 'microsoft', SAM);
    expect((await page(h, elsewhere, `/account/delete?account=${maya}`)).status).toBe(404);
    expect((await postDelete(h, elsewhere, maya)).response.status).toBe(404);
    expect((await postDelete(h, cookieJar(), maya)).response.status).toBe(404);
    const crossSite = await fetch(`${h.url}/account/delete`, {
      method: 'POST',
      headers: { origin: 'https://elsewhere.example', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ account: maya }).toString(),
    });
    expect(crossSite.status).toBe(403);
    expect(await rowsMentioning(h, MAYA)).toMatchObject({ accounts: 1 });
  });
});
