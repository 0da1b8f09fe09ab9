import { afterEach, describe, expect, it } from 'vitest';
import {
  type DeliveredMail,
  followRedirects,
  mailTo as mailToIn,
  type ServiceHarness,
  startService,
} from '../support/service.ts';
import { googleDriver, microsoftDriver, type ProviderDriver, weeklyOneOnOne } from './drivers.ts';

/**
 * Feedback and goals through a real 1:1 on each provider: the rating links of the recap email as a person and as a
 * mail link scanner follow them, and who sees ratings, answers and goals through each kind of link — including after
 * the report on the series changes.
 */
const drivers: readonly ProviderDriver[] = [googleDriver, microsoftDriver];

const MAYA = 'maya@example.com';
const SAM = 'sam@example.com';
const ALEX = 'alex@example.com';
const LINK = /https?:\/\/[^\s"<>]+\/a\/[A-Za-z0-9_-]{43}/;
const ANSWER = 'More time on the on-call rota, please';
const GOAL = 'Lead the Q1 migration';

interface FeedbackJson {
  readonly visible: boolean;
  readonly meeting?: {
    readonly occurrenceId: string;
    readonly own: { rating: number | null; answer: string; shared: boolean } | null;
    readonly otherShared: { rating: number | null; answer: string } | null;
  } | null;
  readonly trend?: { readonly points: readonly { own: number | null; other: number | null }[] };
}
interface GoalsJson {
  readonly visible: boolean;
  readonly active?: readonly { title: string }[];
}
interface AgendaJson {
  readonly series: { readonly status: string; readonly attendee: { email: string } };
  readonly history: readonly { occurrence: { id: string } }[];
  readonly related: readonly { link: string; with: { email: string } }[];
  readonly feedback: FeedbackJson;
  readonly goals: GoalsJson;
}

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const recapsTo = (email: string) => mailToIn(h!, email, 'recap');
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
const page = async (link: string, query = '') => (await fetch(`${link}${query}`)).text();
const send = (url: string, body: unknown, method = 'POST') =>
  fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Every link of an email's HTML, as a mail link scanner (Safe Links and the like) fetches them all before anyone reads it. */
function linksOf(mail: DeliveredMail): string[] {
  const hrefs = [...(mail.html ?? '').matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replaceAll('&amp;', '&'));
  return [...new Set(hrefs)];
}

describe.each(drivers)('feedback and goals through a real 1:1: $name', (driver) => {
  /** Maya's weekly 1:1 with Sam, its first meeting just over: both got their recap. */
  async function afterFirstMeeting() {
    h = await startService({ now: '2026-11-24T09:00:00Z' });
    await followRedirects(`${h.url}/connect/${driver.name}?login_hint=${MAYA}`);
    const seriesId = await driver.createWeekly(h, weeklyOneOnOne(driver));
    await h.settle();
    const shared = linkIn((await driver.upcoming(h, MAYA, seriesId))[0]!.description);
    h.clock.set('2026-11-24T10:31:00Z');
    await h.settle();
    const [toMaya] = await recapsTo(MAYA);
    const [toSam] = await recapsTo(SAM);
    const maya = linkOfMail(toMaya!);
    const sam = linkOfMail(toSam!);
    const meeting = (await agenda(sam)).body.history[0]!.occurrence.id;
    return { s: h, seriesId, shared, maya, sam, meeting, toSam: toSam! };
  }

  it('rates from the recap: a link scanner fetching every link records nothing, the person saves with one button', async () => {
    const { sam, maya, meeting, toSam } = await afterFirstMeeting();
    const ratingLinks = linksOf(toSam).filter((href) => href.includes('/feedback?'));
    expect(ratingLinks).toHaveLength(5);
    expect(ratingLinks.every((href) => href.startsWith(`${sam}/feedback?occurrence=${meeting}&rating=`))).toBe(true);
    // The text part (Graph keeps only the HTML one) carries the same links.
    expect(toSam.text ?? (toSam.html ?? '').replaceAll('&amp;', '&')).toContain(
      `${sam}/feedback?occurrence=${meeting}&rating=5`,
    );

    // A scanner fetches every link of the mail: all five ratings, the agenda, the export.
    for (const href of linksOf(toSam)) expect((await fetch(href)).status).toBeLessThan(500);
    expect((await agenda(sam)).body.feedback.meeting?.own ?? null).toBeNull();

    // Sam follows "4": the page has 4 chosen; saving it is his own act.
    const opened = await page(sam, `/feedback?occurrence=${meeting}&rating=4`);
    expect(opened).toMatch(/<input[^>]*value="4"[^>]*checked/);
    const saved = await send(`${sam}/feedback`, { occurrence: meeting, rating: 4, answer: ANSWER }, 'PUT');
    expect(saved.status).toBe(200);
    expect((await agenda(sam)).body.feedback.meeting?.own).toMatchObject({ rating: 4, answer: ANSWER, shared: false });
    // Not shared: Maya's page says nothing of it, not even that there is any.
    const mayas = await agenda(maya);
    expect(mayas.body.feedback.meeting?.otherShared).toBeNull();
    expect(await page(maya)).not.toContain(ANSWER);
  });

  it('keeps ratings, answers and goals with the people who made them when the report on the series changes', async () => {
    const { s, seriesId, shared, maya, sam, meeting } = await afterFirstMeeting();
    expect(
      (await send(`${sam}/feedback`, { occurrence: meeting, rating: 5, answer: ANSWER, shared: true }, 'PUT')).status,
    ).toBe(200);
    expect((await send(`${sam}/goals`, { title: GOAL, owner: SAM })).status).toBe(201);
    // Shared with Maya: she sees both; the invite's shared link sees neither.
    expect((await agenda(maya)).body.feedback.meeting?.otherShared).toMatchObject({ rating: 5, answer: ANSWER });
    expect((await agenda(maya)).body.goals.active?.map((g) => g.title)).toEqual([GOAL]);
    const viaInvite = await agenda(shared);
    expect(viaInvite.body.feedback).toEqual({ visible: false });
    expect(viaInvite.body.goals).toEqual({ visible: false });
    const invitePage = await page(shared, `?occurrence=${meeting}`);
    expect(invitePage).not.toContain(ANSWER);
    expect(invitePage).not.toContain(GOAL);
    expect((await fetch(`${shared}/goals`, { headers: { accept: 'application/json' } })).status).toBe(403);

    // Maya replaces Sam by Alex on the whole series: a new thread with Alex.
    await driver.invite(s, MAYA, seriesId, [ALEX]);
    await s.settle();
    s.clock.set('2026-12-01T10:31:00Z');
    await s.settle();
    const alex = linkOfMail((await recapsTo(ALEX))[0]!);
    const alexView = (await agenda(alex)).body;
    expect(alexView.series.attendee.email).toBe(ALEX);
    expect(alexView.goals.active).toEqual([]);
    expect(alexView.feedback.trend?.points).toEqual([]);
    const alexPages = [await page(alex), await page(alex, '/goals')];
    for (const html of alexPages) {
      expect(html).not.toContain(ANSWER);
      expect(html).not.toContain(GOAL);
    }
    expect((await agenda(alex, `?occurrence=${meeting}`)).status).toBe(404);

    // Sam's own link still holds his record with Maya: his rating, his answer, his goal.
    const samView = (await agenda(sam, `?occurrence=${meeting}`)).body;
    expect(samView.series.status).toBe('ended');
    expect(samView.feedback.meeting?.own).toMatchObject({ rating: 5, answer: ANSWER });
    expect(samView.goals.active?.map((g) => g.title)).toEqual([GOAL]);

    // Maya's new thread has none of it; her earlier thread with Sam, reached from it, still does.
    const mayaNew = linkOfMail((await recapsTo(MAYA))[0]!); // newest first
    const mayaNewView = (await agenda(mayaNew)).body;
    expect(mayaNewView.series.attendee.email).toBe(ALEX);
    expect(mayaNewView.goals.active).toEqual([]);
    const before = mayaNewView.related.find((thread) => thread.with.email === SAM)!;
    const old = (await agenda(`${s.url}${before.link}`, `?occurrence=${meeting}`)).body;
    expect(old.feedback.meeting?.otherShared).toMatchObject({ rating: 5, answer: ANSWER });
    expect(old.goals.active?.map((g) => g.title)).toEqual([GOAL]);
  });
});
