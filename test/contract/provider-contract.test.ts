import { afterEach, describe, expect, it } from 'vitest';
import { BACKSTOP_MAX_MS } from '../../src/core/backstop.ts';
import { followRedirects, mailTo as mailToIn, type ServiceHarness, startService } from '../support/service.ts';
import { googleDriver, microsoftDriver, type ProviderDriver, type WeeklyMeeting, weeklyOneOnOne } from './drivers.ts';

/**
 * One contract, every provider: the same scenarios and the same expectations, through each provider's sandbox
 * with the real client libraries.
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

/** The recaps (prompts) a person got; reminders before each meeting have their own suite (reminders.test.ts). */
const mailTo = (email: string) => mailToIn(h!, email, 'recap');

describe.each(drivers)('the provider contract: $name', (driver) => {
  const meeting = (extra: Partial<WeeklyMeeting> = {}) => weeklyOneOnOne(driver, extra);

  async function connectedService() {
    h = await startService({ now: '2026-11-24T09:00:00Z' });
    const session = await followRedirects(`${h.url}/connect/${driver.name}?login_hint=${MAYA}`);
    expect(session.url).toBe(`${h.url}/account`);
    return h;
  }

  it('puts the agenda into the next meeting of a recurring 1:1 and keeps every byte of the join blob', async () => {
    const s = await connectedService();
    const id = await driver.createWeekly(s, meeting());
    await s.settle();
    const [next, after] = await driver.upcoming(s, MAYA, id);
    expect(next!.start.toISOString()).toBe('2026-11-24T10:00:00.000Z');
    expect(next!.description).toContain(BLOCK);
    expect(next!.description).toContain(driver.joinBlob);
    expect(after!.description).not.toContain(BLOCK);
    expect(await s.db.selectFrom('series').select('organizer_email').execute()).toEqual([{ organizer_email: MAYA }]);
  });

  it('prompts both people once from the organizer, and carries their commitments into the next invite', async () => {
    const s = await connectedService();
    const id = await driver.createWeekly(s, meeting());
    await s.settle();
    s.clock.set('2026-11-24T10:31:00Z');
    await s.settle();
    await s.advance(60_000);
    const [toSam] = await mailTo(SAM);
    expect(await mailTo(SAM)).toHaveLength(1);
    expect(await mailTo(MAYA)).toHaveLength(1);
    expect(toSam!.from).toContain(MAYA);
    // Gmail gets text and HTML alternatives; Graph's sendMail takes one body, the HTML one.
    const link = /https?:\/\/[^\s"<]+\/a\/[A-Za-z0-9_-]{43}/.exec(toSam!.text ?? toSam!.html ?? '')![0];
    const made = await fetch(`${link}/commitments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'Write the rollout plan', owner: SAM, due: '2026-11-30' }),
    });
    expect(made.status).toBe(201);
    await s.settle();
    // The invite is a snapshot: written when the meeting became the next one, refreshed once 24 hours before it.
    const [snapshot] = await driver.upcoming(s, MAYA, id);
    expect(snapshot!.start.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(snapshot!.description).not.toContain('Write the rollout plan');
    s.clock.set('2026-11-30T10:00:00Z');
    await s.settle();
    const [next] = await driver.upcoming(s, MAYA, id);
    expect(next!.description).toContain('Write the rollout plan');
    expect(next!.description).toContain(driver.joinBlob);
  });

  it('sends no prompt for a cancelled meeting and moves the agenda to the one after', async () => {
    const s = await connectedService();
    const id = await driver.createWeekly(s, meeting());
    await s.settle();
    const [next] = await driver.upcoming(s, MAYA, id);
    await driver.cancel(s, MAYA, next!.id);
    await s.settle();
    s.clock.set('2026-11-24T10:45:00Z');
    await s.settle();
    expect(await mailTo(SAM)).toEqual([]);
    const [following] = await driver.upcoming(s, MAYA, id);
    expect(following!.start.toISOString()).toBe('2026-12-01T10:00:00.000Z');
    expect(following!.description).toContain(BLOCK);
  });

  it('leaves group meetings alone', async () => {
    const s = await connectedService();
    const id = await driver.createWeekly(s, meeting({ attendees: [SAM, 'lee@example.com'] }));
    await s.settle();
    const [next] = await driver.upcoming(s, MAYA, id);
    expect(next!.description).not.toContain(BLOCK);
    expect(await s.db.selectFrom('series').selectAll().execute()).toEqual([]);
  });

  it('marks the account as needing reconnection when access is revoked', async () => {
    const s = await connectedService();
    await driver.revokeGrants(s, MAYA);
    await s.advance(2 * 3600_000);
    await s.advance(31 * 60_000);
    const account = await s.db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
    expect(account.status).toBe('needs_reconnect');
  });

  it("prompts after a moved meeting's new end, not its old one", async () => {
    const s = await connectedService();
    const id = await driver.createWeekly(s, meeting());
    await s.settle();
    const [next] = await driver.upcoming(s, MAYA, id);
    await driver.move(s, MAYA, next!.id, new Date('2026-11-24T14:00:00Z'), new Date('2026-11-24T14:30:00Z'));
    await s.settle();
    s.clock.set('2026-11-24T10:45:00Z');
    await s.settle();
    expect(await mailTo(SAM)).toEqual([]);
    s.clock.set('2026-11-24T14:31:00Z');
    await s.settle();
    expect(await mailTo(SAM)).toHaveLength(1);
  });

  it('takes the block off future meetings, and nothing else, when a third person joins the series', async () => {
    const s = await connectedService();
    const id = await driver.createWeekly(s, meeting());
    await s.settle();
    expect((await driver.upcoming(s, MAYA, id))[0]!.description).toContain(BLOCK);
    await driver.invite(s, MAYA, id, [SAM, 'lee@example.com']);
    await s.settle();
    const [next] = await driver.upcoming(s, MAYA, id);
    expect(next!.description).not.toContain(BLOCK);
    expect(next!.description).toContain(driver.joinBlob);
  });

  it('catches up by polling when push notifications are lost, and after its sync token expired', async () => {
    const s = await connectedService();
    await s.settle();
    await driver.pauseNotifications(s, MAYA);
    await driver.expireSyncTokens(s, MAYA);
    const id = await driver.createWeekly(s, meeting());
    // The backstop: 6 hours while push looked healthy, spread by up to 10 % per calendar.
    await s.advance(BACKSTOP_MAX_MS * 1.1);
    expect((await driver.upcoming(s, MAYA, id))[0]!.description).toContain(BLOCK);
  });

  it('polls more often after finding a change push never announced, and less again while push keeps up', async () => {
    const s = await connectedService();
    await s.settle();
    const backstopHours = async () =>
      ((await s.db.selectFrom('calendars').select('backstop_seconds').executeTakeFirstOrThrow()).backstop_seconds ??
        0) / 3600;
    expect(await backstopHours()).toBe(6);
    await driver.pauseNotifications(s, MAYA);
    const id = await driver.createWeekly(s, meeting());
    await s.advance(BACKSTOP_MAX_MS * 1.1);
    expect((await driver.upcoming(s, MAYA, id))[0]!.description).toContain(BLOCK);
    expect(await backstopHours()).toBe(3);
    // The next change, also lost, is found within the tighter backstop.
    const second = await driver.createWeekly(s, meeting({ attendees: ['ana@example.com'], title: 'Ana / Maya' }));
    await s.advance(3 * 3600_000 * 1.1);
    expect((await driver.upcoming(s, MAYA, second))[0]!.description).toContain(BLOCK);
    expect(await backstopHours()).toBe(1.5);
    // Push works again and nothing else changes: the backstop grows back to 6 hours.
    const resumed = await fetch(
      `${s.url}/sandbox/control/${driver.name}/pause-notifications?email=${encodeURIComponent(MAYA)}&paused=false`,
      { method: 'POST' },
    );
    expect(resumed.status).toBeLessThan(300);
    for (let sync = 0; sync < 3; sync++) await s.advance(BACKSTOP_MAX_MS * 1.1);
    expect(await backstopHours()).toBe(6);
  });

  it("re-reads and merges when the organizer edits the meeting between Carryover's read and write (412)", async () => {
    const s = await connectedService();
    const kit = s.service.lifecycle.providers[driver.name]!;
    const real = kit.api;
    let writes = 0;
    (kit as { api: typeof real }).api = {
      ...real,
      async writeDescription(session, calendarId, occurrence, description) {
        if (writes++ === 0)
          await driver.move(
            s,
            MAYA,
            occurrence.instanceId,
            new Date('2026-11-24T10:00:00Z'),
            new Date('2026-11-24T10:45:00Z'),
          );
        return real.writeDescription(session, calendarId, occurrence, description);
      },
    };
    const id = await driver.createWeekly(s, meeting());
    await s.settle();
    expect(writes).toBeGreaterThanOrEqual(2);
    const [next] = await driver.upcoming(s, MAYA, id);
    expect(next!.description.split(BLOCK)).toHaveLength(2);
    expect(next!.description).toContain(driver.joinBlob);
  });
});
