import { afterEach, describe, expect, it } from 'vitest';
import { linkToken } from '../../src/agenda/links.ts';
import { participantNames } from '../../src/agenda/mappers.ts';
import { SEND_REMINDERS } from '../../src/db/job-kinds.ts';
import { followRedirects, mailTo, type ServiceHarness, startService } from '../support/service.ts';
import { googleDriver, microsoftDriver, type ProviderDriver, weeklyOneOnOne } from './drivers.ts';

/**
 * The reminder before each meeting, on every provider: once per person at REMINDER_HOURS before the start, from the
 * organizer's mailbox, with each person's own link, the talking points so far and the commitments carried in.
 */
const drivers: readonly ProviderDriver[] = [googleDriver, microsoftDriver];

const MAYA = 'maya@example.com';
const SAM = 'sam@example.com';
const NAMES = { [MAYA]: 'Maya Lind', [SAM]: 'Sam Lee' };

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The body a person reads: Gmail carries text and HTML; Graph's sendMail one body, the HTML one. */
const bodyOf = (mail: { text: string | null; html: string | null }) => mail.text ?? mail.html ?? '';

describe.each(drivers)('reminders before each meeting: $name', (driver) => {
  async function started(options: { reminderHours?: number } = {}) {
    const s = await startService({ now: '2026-11-24T09:00:00Z', ...options });
    h = s;
    const session = await followRedirects(`${s.url}/connect/${driver.name}?login_hint=${MAYA}`);
    expect(session.url).toBe(`${s.url}/account`);
    const calendarId = await driver.createWeekly(s, weeklyOneOnOne(driver, { names: NAMES }));
    await s.settle();
    const series = await s.db.selectFrom('series').selectAll().executeTakeFirstOrThrow();
    const meetings = await s.db
      .selectFrom('occurrences')
      .selectAll()
      .where('series_id', '=', series.id)
      .orderBy('starts_at')
      .execute();
    const link = async (email: string | null) => `${s.url}/a/${await linkToken(s.db, s.keys, series.id, email)}`;
    const names = participantNames(series);
    return { s, series, meetings, calendarId, link, maya: names.get(MAYA)!, sam: names.get(SAM)! };
  }

  const reminderStarts = async (s: ServiceHarness) =>
    (
      await s.db
        .selectFrom('prompts')
        .innerJoin('occurrences', 'occurrences.id', 'prompts.occurrence_id')
        .select(['occurrences.starts_at', 'prompts.recipient_email', 'prompts.state'])
        .where('prompts.kind', '=', 'reminder')
        .orderBy('occurrences.starts_at')
        .orderBy('prompts.recipient_email')
        .execute()
    ).map((row) => `${row.starts_at.toISOString()} ${row.recipient_email} ${row.state}`);

  it('reminds both people once, REMINDER_HOURS ahead, each with their own link, the topics and what is carried', async () => {
    const { s, meetings, link, maya, sam } = await started();
    // The first meeting is an hour away, past its reminder time: found late, it is reminded of at once.
    expect((await mailTo(s, SAM, 'reminder')).map((m) => m.subject)).toEqual([
      `Today at 11:00: your 1:1 with ${maya} — add your talking points`,
    ]);
    s.clock.set('2026-11-24T10:31:00Z');
    await s.settle();
    const samLink = await link(SAM);
    const post = (path: string, body: unknown) =>
      fetch(`${samLink}/${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const second = meetings[1]!;
    expect(
      (await post('commitments', { text: 'Draft the hiring plan', owner: SAM, occurrence: meetings[0]!.id })).status,
    ).toBe(201);
    expect((await post('topics', { text: 'Conference budget', occurrence: second.id })).status).toBe(201);

    s.clock.set('2026-11-30T09:59:00Z');
    await s.settle();
    expect(await mailTo(s, SAM, 'reminder')).toHaveLength(1);
    s.clock.set('2026-11-30T10:00:00Z');
    await s.settle();
    const [toSam] = await mailTo(s, SAM, 'reminder');
    const [toMaya] = await mailTo(s, MAYA, 'reminder');
    expect(toSam!.subject).toBe(`Tomorrow at 11:00: your 1:1 with ${maya} — add your talking points`);
    expect(toMaya!.subject).toBe(`Tomorrow at 11:00: your 1:1 with ${sam} — the agenda so far`);
    expect(toSam!.from).toBe(MAYA);
    expect(toMaya!.from).toBe(MAYA);
    for (const [mail, own, other] of [
      [toSam!, samLink, await link(MAYA)],
      [toMaya!, await link(MAYA), samLink],
    ] as const) {
      const body = bodyOf(mail);
      expect(body).toContain(`${own}?occurrence=${second.id}`);
      expect(body).not.toContain(other);
      expect(body).not.toContain(await link(null));
      expect(body).toContain('Draft the hiring plan');
      expect(body).toContain('Conference budget');
      expect(body).toContain('Tue 1 Dec 2026, 11:00–11:30 (Europe/Berlin)');
    }
    expect(bodyOf(toSam!)).toContain('Add your talking points before the meeting');
    expect(bodyOf(toMaya!)).toContain(`${sam} was invited to add their talking points too`);

    // Ticks, refreshes and re-preparations send nothing more.
    await s.advance(3 * 3600_000);
    expect(await mailTo(s, SAM, 'reminder')).toHaveLength(2);
    expect(await mailTo(s, MAYA, 'reminder')).toHaveLength(2);
    expect(await reminderStarts(s)).toEqual([
      `2026-11-24T10:00:00.000Z ${MAYA} sent`,
      `2026-11-24T10:00:00.000Z ${SAM} sent`,
      `2026-12-01T10:00:00.000Z ${MAYA} sent`,
      `2026-12-01T10:00:00.000Z ${SAM} sent`,
    ]);
  }, 60_000);

  it('sends none for a cancelled meeting or one the report declined', async () => {
    const { s, calendarId } = await started();
    const [, second] = await driver.upcoming(s, MAYA, calendarId);
    await driver.cancel(s, MAYA, second!.id);
    await driver.decline(s, SAM, new Date('2026-12-08T10:00:00Z'));
    await s.settle();
    for (const at of ['2026-11-30T10:00:00Z', '2026-12-07T10:00:00Z', '2026-12-14T10:00:00Z']) {
      s.clock.set(at);
      await s.settle();
    }
    expect(await reminderStarts(s)).toEqual([
      `2026-11-24T10:00:00.000Z ${MAYA} sent`,
      `2026-11-24T10:00:00.000Z ${SAM} sent`,
      `2026-12-15T10:00:00.000Z ${MAYA} sent`,
      `2026-12-15T10:00:00.000Z ${SAM} sent`,
    ]);
  });

  it('sends none once either person turns reminders off, and again once they are back on', async () => {
    const { s, link } = await started();
    const patch = async (token: string, body: unknown) =>
      fetch(`${token}/reminders`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    const shared = await patch(await link(null), { reminders: false });
    expect(shared.status).toBe(403);
    const off = await patch(await link(SAM), { reminders: false });
    expect(off.status).toBe(200);
    expect(await off.json()).toEqual({ reminders: false });
    s.clock.set('2026-11-30T10:00:00Z');
    await s.settle();
    expect(await mailTo(s, SAM, 'reminder')).toHaveLength(1); // the first meeting's, sent before
    expect(await mailTo(s, SAM, 'recap')).toHaveLength(1); // the recap is not a reminder: it still goes out
    const on = await patch(await link(MAYA), { reminders: true });
    expect(on.status).toBe(200);
    await s.settle();
    expect(await mailTo(s, SAM, 'reminder')).toHaveLength(2);
  });

  it('sends none with REMINDER_HOURS=0', async () => {
    const { s } = await started({ reminderHours: 0 });
    s.clock.set('2026-11-30T10:00:00Z');
    await s.settle();
    expect(await mailTo(s, SAM, 'reminder')).toEqual([]);
    expect(await mailTo(s, SAM, 'recap')).toHaveLength(1);
    expect(await s.db.selectFrom('jobs').select('id').where('kind', '=', SEND_REMINDERS).execute()).toEqual([]);
  });

  it('reminds of a meeting moved later at its new time, not its old one', async () => {
    const { s, calendarId, meetings, maya } = await started();
    const [, second] = await driver.upcoming(s, MAYA, calendarId);
    await driver.move(s, MAYA, second!.id, new Date('2026-12-02T10:00:00Z'), new Date('2026-12-02T10:30:00Z'));
    await s.settle();
    s.clock.set('2026-11-30T10:00:00Z');
    await s.settle();
    expect(await mailTo(s, SAM, 'reminder')).toHaveLength(1);
    const job = await s.db
      .selectFrom('jobs')
      .selectAll()
      .where('kind', '=', SEND_REMINDERS)
      .where('key', '=', meetings[1]!.id)
      .executeTakeFirstOrThrow();
    expect(job.run_at.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    s.clock.set('2026-12-01T10:00:00Z');
    await s.settle();
    const [moved] = await mailTo(s, SAM, 'reminder');
    expect(moved!.subject).toBe(`Tomorrow at 11:00: your 1:1 with ${maya} — add your talking points`);
    expect(bodyOf(moved!)).toContain('Wed 2 Dec 2026, 11:00–11:30 (Europe/Berlin)');
  });
});
