import { afterEach, describe, expect, it } from 'vitest';
import { linkToken } from '../../src/agenda/links.ts';
import { googleDriver, microsoftDriver, type ProviderDriver, weeklyOneOnOne } from '../contract/drivers.ts';
import {
  type CookieJar,
  cookieJar,
  followRedirects,
  mailTo,
  type ServiceHarness,
  startService,
} from '../support/service.ts';

/**
 * A paused 1:1, on every provider, driven through the tick against the sandbox: nothing is written to its invites (an
 * Outlook write would email the other person), no email goes out, the emails of a meeting held meanwhile show as not
 * sent with the reason, the agenda link keeps working — and resuming prepares the next invite and its reminder.
 */
const drivers: readonly ProviderDriver[] = [googleDriver, microsoftDriver];
const BLOCK = '=== Carryover 1:1 agenda';
const MAYA = 'maya@example.com';
const SAM = 'sam@example.com';

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Writes to Maya's calendar events since the stats were last cleared. */
const writes = async (s: ServiceHarness) => {
  const stats = (await (await fetch(`${s.url}/sandbox/stats?user=${MAYA}`)).json()) as Record<
    string,
    { method: string; path: string; count: number }[]
  >;
  return (stats[MAYA] ?? [])
    .filter((c) => c.method === 'PATCH' && /events\/:/.test(c.path))
    .reduce((n, c) => n + c.count, 0);
};

/** The calendar's own messages to Sam (Outlook's "Updated: …" when an invite is written). */
const calendarMessages = async (s: ServiceHarness) =>
  ((await (await fetch(`${s.url}/sandbox/mail?to=${encodeURIComponent(SAM)}&kind=meeting`)).json()) as unknown[])
    .length;

/** Pauses or resumes the 1:1 from the overview, as a program in Maya's browser would. */
async function change(s: ServiceHarness, jar: CookieJar, seriesId: string, action: 'pause' | 'resume') {
  const response = await fetch(`${s.url}/overview/series/${seriesId}/${action}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie: jar.cookie('/overview') },
    body: '{}',
  });
  expect(response.status).toBe(200);
  return (await response.json()) as { state: string };
}

describe.each(drivers)('a paused 1:1: $name', (driver) => {
  it('writes nothing and sends nothing while paused, shows why, and prepares again once resumed', async () => {
    const s = await startService({ now: '2026-11-24T09:00:00Z' });
    h = s;
    const jar = cookieJar();
    await followRedirects(`${s.url}/connect/${driver.name}?login_hint=${MAYA}`, { jar });
    const calendarId = await driver.createWeekly(s, weeklyOneOnOne(driver));
    await s.settle();
    const series = await s.db.selectFrom('series').selectAll().executeTakeFirstOrThrow();
    const [first] = await s.db
      .selectFrom('occurrences')
      .selectAll()
      .where('series_id', '=', series.id)
      .orderBy('starts_at')
      .execute();
    const mayasLink = `${s.url}/a/${await linkToken(s.db, s.keys, series.id, MAYA)}`;
    const remindersBefore = (await mailTo(s, SAM, 'reminder')).length;
    const updatesBefore = await calendarMessages(s);

    expect((await change(s, jar, series.id, 'pause')).state).toBe('paused');
    await fetch(`${s.url}/sandbox/stats`, { method: 'DELETE' });

    // The first meeting ends while paused; a commitment recorded after it would normally refresh the next invite.
    s.clock.set('2026-11-24T10:31:00Z');
    await s.settle();
    const added = await fetch(`${mayasLink}/commitments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Draft the plan', owner: SAM, occurrence: first!.id }),
    });
    expect(added.status).toBe(201);
    await s.settle();
    // Past the next refresh and the second meeting's reminder time.
    s.clock.set('2026-11-30T10:00:00Z');
    await s.settle();

    expect(await writes(s)).toBe(0);
    expect(await calendarMessages(s)).toBe(updatesBefore);
    const [next] = await driver.upcoming(s, MAYA, calendarId);
    expect(next!.description).not.toContain(BLOCK);
    expect(await mailTo(s, SAM, 'recap')).toEqual([]);
    expect(await mailTo(s, MAYA, 'recap')).toEqual([]);
    expect(await mailTo(s, SAM, 'reminder')).toHaveLength(remindersBefore);
    const prompts = await s.db
      .selectFrom('prompts')
      .select(['recipient_email', 'kind', 'state', 'last_error'])
      .where('occurrence_id', '=', first!.id)
      .orderBy('kind')
      .orderBy('recipient_email')
      .execute();
    expect(prompts).toEqual([
      { recipient_email: MAYA, kind: 'recap', state: 'skipped', last_error: 'the 1:1 was paused' },
      { recipient_email: SAM, kind: 'recap', state: 'skipped', last_error: 'the 1:1 was paused' },
      // The first meeting's reminder went out before the pause, and stays sent.
      { recipient_email: MAYA, kind: 'reminder', state: 'sent', last_error: null },
      { recipient_email: SAM, kind: 'reminder', state: 'sent', last_error: null },
    ]);
    // The agenda link keeps working, and the organizer sees the recaps as not sent, and why.
    const agenda = await fetch(`${mayasLink}?occurrence=${first!.id}`, { headers: { accept: 'text/html' } });
    expect(agenda.status).toBe(200);
    expect(await agenda.text()).toContain('Recap to Sam: not sent (the 1:1 was paused)');

    expect((await change(s, jar, series.id, 'resume')).state).toBe('managed');
    await s.settle();
    const [prepared] = await driver.upcoming(s, MAYA, calendarId);
    expect(prepared!.description).toContain(BLOCK);
    expect(prepared!.description).toContain('Draft the plan');
    expect(await writes(s)).toBe(1);
    // Resumed before the second meeting: its reminder goes out now; the first meeting's recaps stay not sent.
    expect(await mailTo(s, SAM, 'reminder')).toHaveLength(remindersBefore + 1);
    expect(await mailTo(s, SAM, 'recap')).toEqual([]);
  }, 60_000);
});
