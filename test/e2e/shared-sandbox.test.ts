import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type StandaloneSandbox, startStandaloneSandbox } from '../../src/sandbox/standalone.ts';
import { googleDriver, microsoftDriver, type SandboxSide, weeklyOneOnOne } from '../contract/drivers.ts';
import { testClock } from '../support/harness.ts';
import { followRedirects, mailTo, type ServiceHarness, startService } from '../support/service.ts';

// Two Carryover deployments (each its own database and address, as SANDBOX_URL deployments would be) sharing one
// standalone sandbox: Maya connects her Google calendar to A, Lee his Outlook calendar to B.
const clock = testClock('2026-11-24T09:00:00Z');
const stateDir = mkdtempSync(join(tmpdir(), 'carryover-sandbox-'));
const statePath = join(stateDir, 'sandbox.json');
let standalone: StandaloneSandbox;
let a: ServiceHarness;
let b: ServiceHarness;
let sandbox: SandboxSide;
let mayasSeries: string;
let leesSeries: string;

/** Runs both instances' ticks until neither has anything left to do. */
async function settleBoth(): Promise<void> {
  for (let round = 0; round < 10; round++) {
    const ran = (await a.settle()).ran + (await b.settle()).ran;
    if (ran === 0) return;
  }
  throw new Error('the two instances did not settle');
}

const account = async (h: ServiceHarness) =>
  h.db.selectFrom('accounts').select(['email', 'provider', 'status', 'origin']).execute();

const watchedCalendars = async (h: ServiceHarness) =>
  h.db.selectFrom('calendars').select(['watch_id', 'last_notified_at']).execute();

beforeAll(async () => {
  standalone = await startStandaloneSandbox({ port: 0, clock, statePath });
  sandbox = { url: standalone.url, clock };
  a = await startService({ clock, standalone });
  b = await startService({ clock, standalone });

  const maya = await followRedirects(`${a.url}/connect/google?login_hint=maya@example.com`);
  expect(maya.url).toBe(`${a.url}/account`);
  const lee = await followRedirects(`${b.url}/connect/microsoft?login_hint=lee@example.com`);
  expect(lee.url).toBe(`${b.url}/account`);
  await settleBoth();

  mayasSeries = await googleDriver.createWeekly(sandbox, weeklyOneOnOne(googleDriver, { title: 'Maya / Sam 1:1' }));
  leesSeries = await microsoftDriver.createWeekly(
    sandbox,
    weeklyOneOnOne(microsoftDriver, { organizer: 'lee@example.com', attendees: ['kim@example.com'] }),
  );
  await settleBoth();
}, 60_000);

afterAll(async () => {
  await a?.close();
  await b?.close();
  await standalone?.close();
  rmSync(stateDir, { recursive: true, force: true });
});

describe('two Carryover instances sharing one standalone sandbox', () => {
  it('each keeps the account connected to it, recorded as a sandbox account', async () => {
    expect(await account(a)).toEqual([
      { email: 'maya@example.com', provider: 'google', status: 'active', origin: 'sandbox' },
    ]);
    expect(await account(b)).toEqual([
      { email: 'lee@example.com', provider: 'microsoft', status: 'active', origin: 'sandbox' },
    ]);
  });

  it("gets the push notifications of the calendar it watches: each watch names the instance's own address", async () => {
    for (const h of [a, b]) {
      const [calendar] = await watchedCalendars(h);
      expect(calendar?.watch_id).toBeTruthy();
      expect(calendar?.last_notified_at).not.toBeNull();
    }
  });

  it('prepares each 1:1 with a link to the instance its organizer connected to', async () => {
    const [mayasNext] = await googleDriver.upcoming(sandbox, 'maya@example.com', mayasSeries);
    const [leesNext] = await microsoftDriver.upcoming(sandbox, 'lee@example.com', leesSeries);
    expect(mayasNext?.description).toContain(`${a.url}/a/`);
    expect(mayasNext?.description).not.toContain(b.url);
    expect(leesNext?.description).toContain(`${b.url}/a/`);
    expect(leesNext?.description).not.toContain(a.url);
  });

  it("sends each instance's prompts through the shared mailbox, with that instance's links", async () => {
    clock.set('2026-11-24T10:31:00Z');
    await settleBoth();
    const [toSam] = await mailTo({ url: standalone.url }, 'sam@example.com', 'recap');
    const [toKim] = await mailTo({ url: standalone.url }, 'kim@example.com', 'recap');
    expect(toSam?.from).toContain('maya@example.com');
    // Gmail carries the text part; Graph's sendMail one HTML body.
    expect(toSam?.text).toContain(`${a.url}/a/`);
    expect(toKim?.from).toContain('lee@example.com');
    expect(toKim?.html).toContain(`${b.url}/a/`);
  });
});

describe('the standalone sandbox restarted from its state file (SANDBOX_STATE)', () => {
  /** Ticks both instances until `done` holds (notifications arrive over HTTP, so poll with a deadline). */
  async function until(done: () => Promise<boolean>): Promise<void> {
    const deadline = Date.now() + 10_000;
    while (!(await done())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await settleBoth();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it('keeps both accounts connected, their calendars, channels, subscriptions and mail', async () => {
    const port = new URL(standalone.url).port;
    await standalone.close();
    standalone = await startStandaloneSandbox({ port: Number(port), clock, statePath });
    expect(standalone.url).toBe(sandbox.url);
    expect(await mailTo({ url: standalone.url }, 'sam@example.com', 'recap')).toHaveLength(1);

    // Two hours on: the access tokens have died, so both instances refresh with the refresh tokens the sandbox kept
    // (Graph's rotate: the one Lee's instance holds is the one the sandbox last issued).
    clock.advance(2 * 3600_000);
    const created = await googleDriver.createWeekly(
      sandbox,
      weeklyOneOnOne(googleDriver, {
        attendees: ['ana@example.com'],
        firstStart: '2026-11-26T11:00:00',
        title: 'Maya / Ana',
      }),
    );
    const leesNew = await microsoftDriver.createWeekly(
      sandbox,
      weeklyOneOnOne(microsoftDriver, {
        organizer: 'lee@example.com',
        attendees: ['kai@example.com'],
        firstStart: '2026-11-26T11:00:00',
      }),
    );
    // The channel and the subscription made before the restart deliver the news; the sync tokens still work.
    await until(async () => {
      const [mayas] = await googleDriver.upcoming(sandbox, 'maya@example.com', created);
      const [lees] = await microsoftDriver.upcoming(sandbox, 'lee@example.com', leesNew);
      return Boolean(mayas?.description.includes(`${a.url}/a/`) && lees?.description.includes(`${b.url}/a/`));
    });
    expect((await account(a))[0]?.status).toBe('active');
    expect((await account(b))[0]?.status).toBe('active');
  });
});
