import { afterEach, describe, expect, it } from 'vitest';
import {
  type DeliveredMail,
  followRedirects,
  mailTo as mailToIn,
  type ServiceHarness,
  startService,
} from '../support/service.ts';
import { googleDriver, microsoftDriver, type ProviderDriver, type WeeklyMeeting, weeklyOneOnOne } from './drivers.ts';

/**
 * People and threads, the demo and declines, on every provider: who receives which link, what each link shows to
 * whom, which prompts go out from which mailbox, and what the next invite says, when the people, the series and the
 * demo change as real calendars do.
 */
const drivers: readonly ProviderDriver[] = [googleDriver, microsoftDriver];

const BLOCK = '=== Carryover 1:1 agenda';
const MAYA = 'maya@example.com';
const SAM = 'sam@example.com';
const ALEX = 'alex@example.com';
const LEE = 'lee@example.com';
const LINK = /https?:\/\/[^\s"<>]+\/a\/[A-Za-z0-9_-]{43}/;

interface AgendaJson {
  readonly series: {
    readonly id: string;
    readonly status: string;
    readonly demo: boolean;
    readonly organizer: { email: string; name: string };
    readonly attendee: { email: string; name: string };
  };
  readonly viewer: { role: string; email: string | null };
  readonly occurrence: { id: string; startsAt: string; declinedBy: { email: string } | null } | null;
  readonly next: { startsAt: string } | null;
  readonly history: readonly { occurrence: { id: string; startsAt: string } }[];
  readonly review: { open: readonly { text: string }[] };
  readonly privateNote: string | null;
  readonly related: readonly { title: string; link: string; with: { email: string } }[];
}

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The recaps (prompts) a person got: these scenarios are about them, not the reminders before each meeting. */
const mailTo = (email: string) => mailToIn(h!, email, 'recap');

/** The agenda link in a prompt or an invite. */
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

async function post(url: string, body: unknown, method = 'POST') {
  return fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

describe.each(drivers)('people and threads: $name', (driver) => {
  const meeting = (extra: Partial<WeeklyMeeting> = {}) => weeklyOneOnOne(driver, extra);

  async function connected(...emails: string[]) {
    h = await startService({ now: '2026-11-24T09:00:00Z' });
    for (const email of emails.length > 0 ? emails : [MAYA]) {
      await followRedirects(`${h.url}/connect/${driver.name}?login_hint=${email}`);
    }
    return h;
  }

  const nextInvite = async (s: ServiceHarness, seriesId: string, email = MAYA) =>
    (await driver.upcoming(s, email, seriesId))[0]!;

  it('gives a new attendee a link of their own; the one who left keeps only their meetings and private notes', async () => {
    const s = await connected();
    const id = await driver.createWeekly(s, meeting());
    await s.settle();
    const sharedBefore = linkIn((await nextInvite(s, id)).description);
    s.clock.set('2026-11-24T10:31:00Z');
    await s.settle();
    const samLink = linkOfMail((await mailTo(SAM))[0]!);
    const samsMeeting = (await agenda(samLink)).body.history[0]!.occurrence;
    expect(samsMeeting.startsAt).toBe('2026-11-24T10:00:00.000Z');
    const note = { body: 'Worried about the reorg', occurrence: samsMeeting.id };
    expect((await post(`${samLink}/private-note`, note, 'PUT')).status).toBe(200);

    // Maya replaces Sam by Alex on the whole series.
    await driver.invite(s, MAYA, id, [ALEX]);
    await s.settle();
    const invite = await nextInvite(s, id);
    const sharedAfter = linkIn(invite.description);
    expect(sharedAfter).not.toBe(sharedBefore);
    // The old shared link sits in invites Alex can now see: it no longer opens anything.
    expect((await agenda(sharedBefore)).status).toBe(404);

    // Sam's own link still opens his meetings (and his note), and nothing after he left.
    const sam = (await agenda(samLink)).body;
    expect(sam.series.attendee.email).toBe(SAM);
    expect(sam.series.status).toBe('ended');
    expect(sam.occurrence!.id).toBe(samsMeeting.id);
    expect(sam.next).toBeNull();
    expect(sam.privateNote).toBe('Worried about the reorg');

    s.clock.set('2026-12-01T10:31:00Z');
    await s.settle();
    expect(await mailTo(SAM)).toHaveLength(1);
    const [toAlex] = await mailTo(ALEX);
    const alexLink = linkOfMail(toAlex!);
    expect(alexLink).not.toBe(samLink);
    const alex = (await agenda(alexLink)).body;
    expect(alex.viewer).toEqual({ role: 'attendee', email: ALEX });
    // Alex's meetings start with his first: Sam's is not among them.
    expect(alex.history.map((entry) => entry.occurrence.startsAt)).toEqual(['2026-12-01T10:00:00.000Z']);
    expect(alex.privateNote).toBe('');
    expect((await agenda(alexLink, `?occurrence=${samsMeeting.id}`)).status).toBe(404);
    expect((await agenda(sharedAfter, `?occurrence=${samsMeeting.id}`)).status).toBe(404);

    // Maya has a new link for her 1:1 with Alex, and reaches her record with Sam from it.
    const mayaLink = linkOfMail((await mailTo(MAYA))[0]!);
    const maya = (await agenda(mayaLink)).body;
    expect(maya.series.attendee.email).toBe(ALEX);
    expect(maya.related.map((thread) => thread.with.email)).toEqual([SAM]);
    expect((await agenda(`${s.url}${maya.related[0]!.link}`)).body.privateNote).toBe('');
  });

  it('keeps two 1:1s between the same two people apart: a third person joining one leaves the other alone', async () => {
    const s = await connected();
    const weekly = await driver.createWeekly(s, meeting({ title: 'Weekly 1:1' }));
    const career = await driver.createWeekly(s, meeting({ title: 'Career chat', firstStart: '2026-11-26T15:00:00' }));
    await s.settle();
    const weeklyLink = linkIn((await nextInvite(s, weekly)).description);
    const careerLink = linkIn((await nextInvite(s, career)).description);
    expect(weeklyLink).not.toBe(careerLink);
    expect((await agenda(careerLink)).body.history).toEqual([]);

    await driver.invite(s, MAYA, career, [SAM, LEE]);
    await s.settle();
    expect((await nextInvite(s, career)).description).not.toContain(BLOCK);
    expect((await nextInvite(s, weekly)).description).toContain(BLOCK);
    s.clock.set('2026-11-24T10:31:00Z');
    await s.settle();
    const [prompt] = await mailTo(SAM);
    expect(prompt).toBeDefined();
    expect((await agenda(linkOfMail(prompt!))).body.series.status).toBe('active');
    const threads = await s.db.selectFrom('series').select(['title', 'status']).orderBy('title').execute();
    expect(threads).toEqual([
      { title: 'Career chat', status: 'not_one_on_one' },
      { title: 'Weekly 1:1', status: 'active' },
    ]);
  });

  it('keeps the demo apart from a real 1:1 between the same addresses, and deletes it', async () => {
    const s = await connected();
    const demo = await fetch(`${s.url}/demo`, { method: 'POST', redirect: 'manual', headers: { origin: s.url } });
    const demoLink = `${s.url}${demo.headers.get('location')}`;
    expect((await agenda(demoLink)).body.series.demo).toBe(true);
    const id = await driver.createWeekly(s, meeting());
    await s.settle();
    const invite = await nextInvite(s, id);
    expect(invite.description).toContain(BLOCK);
    expect(invite.description).not.toContain('conference talk');
    const real = (await agenda(linkIn(invite.description))).body;
    expect(real.series.demo).toBe(false);
    expect(real.history).toEqual([]);
    expect(real.review.open).toEqual([]);
    s.clock.set('2026-11-24T10:31:00Z');
    await s.settle();
    const [prompt] = await mailTo(SAM);
    expect(prompt!.text ?? prompt!.html).not.toContain('conference talk');

    // The page's "Delete this demo" form.
    const deleted = await fetch(`${demoLink}/demo`, {
      method: 'POST',
      redirect: 'manual',
      headers: { origin: s.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: '',
    });
    expect(deleted.status).toBe(303);
    expect((await agenda(demoLink)).status).toBe(404);
    expect((await agenda(linkOfMail(prompt!))).status).toBe(200);
    // A real 1:1 is not deletable this way.
    const refused = await fetch(`${linkOfMail(prompt!)}/demo`, { method: 'DELETE' });
    expect(refused.status).toBe(403);
  });

  it('sends no prompt for an occurrence either person declined, and moves the block and the page on', async () => {
    const s = await connected();
    const id = await driver.createWeekly(s, meeting());
    await s.settle();
    const first = await nextInvite(s, id);
    expect(first.start.toISOString()).toBe('2026-11-24T10:00:00.000Z');
    await driver.decline(s, SAM, first.start);
    await s.settle();
    const [declined, following] = await driver.upcoming(s, MAYA, id);
    expect(declined!.description).not.toContain(BLOCK);
    expect(following!.description).toContain(BLOCK);
    const page = (await agenda(linkIn(following!.description))).body;
    expect(page.occurrence!.startsAt).toBe('2026-12-01T10:00:00.000Z');

    s.clock.set('2026-11-24T10:45:00Z');
    await s.settle();
    expect(await mailTo(SAM)).toEqual([]);
    expect(await mailTo(MAYA)).toEqual([]);
    const history = (await agenda(linkIn(following!.description), `?occurrence=${page.occurrence!.id}`)).body;
    expect(history.history[0]!.occurrence.startsAt).toBe('2026-11-24T10:00:00.000Z');
    s.clock.set('2026-12-01T10:31:00Z');
    await s.settle();
    expect(await mailTo(SAM)).toHaveLength(1);
    expect(await mailTo(MAYA)).toHaveLength(1);
  });

  it('continues the thread through a "this and following" split at the same time of day, prompting each meeting once', async () => {
    const s = await connected();
    const id = await driver.createWeekly(s, meeting());
    await s.settle();
    const shared = linkIn((await nextInvite(s, id)).description);
    expect((await post(`${shared}/commitments`, { text: 'Draft the team charter', owner: SAM, as: SAM })).status).toBe(
      201,
    );
    s.clock.set('2026-11-24T10:31:00Z');
    await s.settle();

    // "This and following" from 1 December, renamed: the old series ends, a new one starts at the same time.
    await driver.endBefore(s, MAYA, id, new Date('2026-12-01T10:00:00Z'));
    const renamed = await driver.createWeekly(
      s,
      meeting({ title: 'Maya / Sam weekly', firstStart: '2026-12-01T11:00:00', count: 6 }),
    );
    await s.settle();
    // A later change to the old series (here its guest list saved again) prepares it once more after the new one:
    // the meetings the new series took over stay scheduled.
    await driver.invite(s, MAYA, id, [SAM]);
    await s.settle();
    const [next] = await driver.upcoming(s, MAYA, renamed);
    expect(next!.start.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(next!.description).toContain('Draft the team charter');
    expect(linkIn(next!.description)).toBe(shared);
    expect(await s.db.selectFrom('series').select('title').execute()).toEqual([{ title: 'Maya / Sam weekly' }]);

    s.clock.set('2026-12-01T10:31:00Z');
    await s.settle();
    s.clock.set('2026-12-08T10:31:00Z');
    await s.settle();
    // One prompt per meeting and person: 24 Nov (old series), 1 and 8 Dec (new series).
    expect(await mailTo(SAM)).toHaveLength(3);
    expect(await mailTo(MAYA)).toHaveLength(3);
    const sent = await s.db
      .selectFrom('prompts')
      .select(['occurrence_id', 'state'])
      .where('kind', '=', 'recap')
      .execute();
    expect(sent.every((prompt) => prompt.state === 'sent')).toBe(true);
    expect(new Set(sent.map((prompt) => prompt.occurrence_id)).size).toBe(3);
  });

  it("hands the series to another organizer: later prompts go out from the new organizer's mailbox, once", async () => {
    const s = await connected(MAYA, LEE);
    const first = meeting();
    const id = await driver.createWeekly(s, first);
    await s.settle();
    s.clock.set('2026-11-24T10:31:00Z');
    await s.settle();
    expect((await mailTo(SAM)).map((mail) => mail.from)).toEqual([expect.stringContaining(MAYA)]);

    const handed = await driver.handOver(s, first, id, new Date('2026-12-01T10:00:00Z'), LEE);
    await s.settle();
    const [next] = await driver.upcoming(s, LEE, handed);
    expect(next!.start.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(next!.description).toContain(BLOCK);

    s.clock.set('2026-12-01T10:31:00Z');
    await s.settle();
    const toSam = await mailTo(SAM);
    expect(toSam).toHaveLength(2);
    expect(toSam[0]!.from).toContain(LEE);
    expect(await mailTo(LEE)).toHaveLength(1);
    expect(await mailTo(MAYA)).toHaveLength(1);
    // Lee's link opens Lee and Sam's meetings, not Maya and Sam's.
    const lee = (await agenda(linkOfMail((await mailTo(LEE))[0]!))).body;
    expect([lee.series.organizer.email, lee.series.attendee.email]).toEqual([LEE, SAM]);
    expect(lee.history.map((entry) => entry.occurrence.startsAt)).toEqual(['2026-12-01T10:00:00.000Z']);
  });

  it('never replaces a known name by a bare address, wherever the calendar leaves it out', async () => {
    const s = await connected();
    const id = await driver.createWeekly(s, meeting({ names: { [SAM]: 'Sam Lee' } }));
    await s.settle();
    // The organizer edits the series in a way that sends the attendee back without a display name.
    await driver.invite(s, MAYA, id, [SAM]);
    await s.settle();
    s.clock.set('2026-11-24T10:31:00Z');
    await s.settle();
    const [toMaya] = await mailTo(MAYA);
    expect(toMaya!.subject).toBe('Recap of your 1:1 with Sam Lee — record next steps');
    const view = (await agenda(linkOfMail(toMaya!))).body;
    expect(view.series.attendee).toEqual({ email: SAM, name: 'Sam Lee' });
  });

  it('heals the block when a person deleted its end marker line: one block, none of the stale half', async () => {
    const s = await connected();
    // The meeting a week out: the person's edit comes before the invite's one refresh, 24 hours before it.
    const id = await driver.createWeekly(s, meeting({ firstStart: '2026-12-01T11:00:00' }));
    await s.settle();
    const invite = await nextInvite(s, id);
    const shared = linkIn(invite.description);
    const withoutEnd = invite.description.replace(/=== End of Carryover agenda ===/, '');
    expect(withoutEnd).not.toBe(invite.description);
    await driver.setDescription(s, MAYA, invite.id, withoutEnd);
    await s.settle();
    expect((await post(`${shared}/commitments`, { text: 'Book the offsite', owner: MAYA, as: MAYA })).status).toBe(201);
    await s.settle();
    s.clock.set('2026-11-30T10:00:00Z');
    await s.settle();
    const healed = (await nextInvite(s, id)).description;
    expect(healed.split(BLOCK)).toHaveLength(2);
    expect(healed.split('Open the 1:1 agenda')).toHaveLength(2);
    expect(healed).toContain('Book the offsite');
    expect(healed).toContain(driver.joinBlob);
  });
});
