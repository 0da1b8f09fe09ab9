import { afterEach, describe, expect, it } from 'vitest';
import { seal } from '../../src/security/secret-box.ts';
import { type CookieJar, cookieJar, followRedirects, type ServiceHarness, startService } from '../support/service.ts';
import { googleDriver, microsoftDriver, type ProviderDriver, weeklyOneOnOne } from './drivers.ts';

/**
 * Disconnecting, as a person does it in their browser: the account page lists every calendar connected in this
 * browser, Disconnect asks first, and the agenda block comes off the upcoming invites before access is revoked.
 */
const BLOCK = '=== Carryover 1:1 agenda';
const MAYA = 'maya@example.com';
const LEE = 'lee@example.com';

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const meeting = (driver: ProviderDriver, organizer = MAYA) => weeklyOneOnOne(driver, { organizer });

/** Connects `email`'s calendar at `provider` in the browser whose cookies `jar` holds. */
async function connect(s: ServiceHarness, jar: CookieJar, provider: string, email: string): Promise<string> {
  const done = await followRedirects(`${s.url}/connect/${provider}?login_hint=${email}`, { jar });
  expect(done.url).toBe(`${s.url}/account`);
  const account = await s.db.selectFrom('accounts').select('id').where('email', '=', email).executeTakeFirstOrThrow();
  return account.id;
}

/** What the browser gets for GET `path`, following redirects. */
async function page(s: ServiceHarness, jar: CookieJar, path: string) {
  return (await followRedirects(`${s.url}${path}`, { jar })).response;
}

/** Posts the confirmation page's form, as the browser would (from Carryover's own origin), following redirects. */
async function postDisconnect(s: ServiceHarness, jar: CookieJar, accountId: string) {
  return followRedirects(`${s.url}/disconnect`, {
    jar,
    init: {
      method: 'POST',
      headers: { origin: s.url, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ account: accountId }).toString(),
    },
  });
}

interface AccountJson {
  readonly accounts: readonly { id: string; email: string; provider: string; status: string }[];
  readonly account: { id: string; email: string } | null;
}

async function accountJson(s: ServiceHarness, jar: CookieJar): Promise<AccountJson> {
  const response = await fetch(`${s.url}/account`, {
    headers: { accept: 'application/json', cookie: jar.cookie('/account') },
  });
  return (await response.json()) as AccountJson;
}

const statusOf = async (s: ServiceHarness, accountId: string) =>
  (await s.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow()).status;

describe.each([googleDriver, microsoftDriver])('disconnecting: $name', (driver) => {
  it('asks first, then takes the agenda block off the upcoming invites and writes nothing after', async () => {
    h = await startService({ now: '2026-11-24T09:00:00Z' });
    const jar = cookieJar();
    const accountId = await connect(h, jar, driver.name, MAYA);
    const id = await driver.createWeekly(h, meeting(driver));
    await h.settle();
    const [before] = await driver.upcoming(h, MAYA, id);
    expect(before!.description).toContain(BLOCK);

    const confirm = await page(h, jar, `/disconnect?account=${accountId}`);
    expect(confirm.status).toBe(200);
    const asked = await confirm.text();
    expect(asked).toContain(`Disconnect ${MAYA}?`);
    expect(asked).toContain('The agenda block is taken off the upcoming invites');
    expect(asked).toContain('No more emails are sent after these meetings');
    expect(asked).toContain('history are kept');
    expect(asked).toContain('access to the calendar and mailbox is revoked');
    expect(asked).toContain('<form method="post" action="/disconnect">');
    expect(asked).toContain(`name="account" value="${accountId}"`);
    expect(asked).toContain('<a href="/account">Cancel</a>');

    const done = await postDisconnect(h, jar, accountId);
    expect(done.url).toBe(`${h.url}/account?disconnected=${accountId}`);
    const outcome = await done.response.text();
    expect(outcome).toContain('role="status"');
    expect(outcome).toContain('is disconnected');
    expect(outcome).toContain('The agenda block was taken off 1 upcoming invite;');

    const [next, after] = await driver.upcoming(h, MAYA, id);
    expect(next!.description).not.toContain(BLOCK);
    expect(next!.description).toContain(driver.joinBlob);
    expect(after!.description).not.toContain(BLOCK);
    const account = await h.db.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
    expect(account.status).toBe('disconnected');
    expect(account.tokens_encrypted).toBeNull();
    const live = await h.db.selectFrom('series_sources').select('id').where('ended_at', 'is', null).execute();
    expect(live).toEqual([]);

    // A later change to the series (the next meeting moves an hour) brings no block back.
    await driver.move(h, MAYA, next!.id, new Date('2026-11-24T11:00:00Z'), new Date('2026-11-24T11:30:00Z'));
    await h.settle();
    for (const occurrence of await driver.upcoming(h, MAYA, id)) {
      expect(occurrence.description).not.toContain(BLOCK);
      expect(occurrence.description).toContain(driver.joinBlob);
    }
  });

  it('still disconnects when the calendar fails, and says which invites may keep the block', async () => {
    h = await startService({ now: '2026-11-24T09:00:00Z' });
    const jar = cookieJar();
    const accountId = await connect(h, jar, driver.name, MAYA);
    const id = await driver.createWeekly(h, meeting(driver));
    await h.settle();
    // The next calendar call (reading the series' upcoming invites) fails with a 503.
    const fail = await fetch(`${h.url}/sandbox/control/${driver.name}/fail-next?email=${MAYA}&status=503&count=1`, {
      method: 'POST',
    });
    expect(fail.ok).toBe(true);

    const done = await postDisconnect(h, jar, accountId);
    const outcome = await done.response.text();
    expect(outcome).toContain('role="alert"');
    expect(outcome).toContain('The upcoming invites of “1:1” could not be read (the calendar did not answer)');
    expect(await statusOf(h, accountId)).toBe('disconnected');
    const [next] = await driver.upcoming(h, MAYA, id);
    expect(next!.description).toContain(BLOCK); // as the notice says: still there, to be removed by hand
  });
});

describe('the account page of a browser with several calendars', () => {
  it('lists every account connected in this browser, each with its own disconnect, and disconnects only one', async () => {
    h = await startService({ now: '2026-11-24T09:00:00Z' });
    const jar = cookieJar();
    const maya = await connect(h, jar, 'google', MAYA);
    const lee = await connect(h, jar, 'microsoft', LEE);
    const leeSeries = await microsoftDriver.createWeekly(h, meeting(microsoftDriver, LEE));
    await googleDriver.createWeekly(h, meeting(googleDriver, MAYA));
    await h.settle();

    const listed = await accountJson(h, jar);
    expect(listed.accounts.map((a) => [a.email, a.provider, a.status])).toEqual([
      [LEE, 'microsoft', 'active'],
      [MAYA, 'google', 'active'],
    ]);
    expect(listed.account?.email).toBe(LEE); // the most recent, as before the list
    const html = await (await page(h, jar, '/account')).text();
    expect(html).toContain(`${MAYA} <span class="muted">(Google Calendar)</span>`);
    expect(html).toContain(`${LEE} <span class="muted">(Outlook)</span>`);
    expect(html).toContain(`href="/disconnect?account=${maya}"`);
    expect(html).toContain(`href="/disconnect?account=${lee}"`);

    await postDisconnect(h, jar, maya);
    const after = await accountJson(h, jar);
    expect(after.accounts.map((a) => [a.email, a.status])).toEqual([
      [LEE, 'active'],
      [MAYA, 'disconnected'],
    ]);
    const again = await (await page(h, jar, '/account')).text();
    expect(again).toContain(`href="/disconnect?account=${lee}"`);
    expect(again).not.toContain(`href="/disconnect?account=${maya}"`);
    expect(again).toContain(`/connect/google?login_hint=${encodeURIComponent(MAYA)}`); // connect again
    const [leeNext] = await microsoftDriver.upcoming(h, LEE, leeSeries);
    expect(leeNext!.description).toContain(BLOCK);
  });

  it('moves an account connected again to the front, once', async () => {
    h = await startService({ now: '2026-11-24T09:00:00Z' });
    const jar = cookieJar();
    await connect(h, jar, 'google', MAYA);
    await connect(h, jar, 'microsoft', LEE);
    await connect(h, jar, 'google', MAYA);
    expect((await accountJson(h, jar)).accounts.map((a) => a.email)).toEqual([MAYA, LEE]);
  });

  it('still reads a browser cookie from before it held a list', async () => {
    h = await startService({ now: '2026-11-24T09:00:00Z' });
    const maya = await connect(h, cookieJar(), 'google', MAYA);
    const old = await seal(
      h.keys,
      JSON.stringify({ value: { accountId: maya }, exp: h.clock().getTime() + 86_400_000 }),
    );
    const response = await fetch(`${h.url}/account`, {
      headers: { accept: 'application/json', cookie: `carryover_account=${old}` },
    });
    const listed = (await response.json()) as AccountJson;
    expect(listed.accounts.map((a) => a.email)).toEqual([MAYA]);
  });

  it('refuses to show or disconnect an account that was not connected in this browser', async () => {
    h = await startService({ now: '2026-11-24T09:00:00Z' });
    const mayasBrowser = cookieJar();
    const leesBrowser = cookieJar();
    const maya = await connect(h, mayasBrowser, 'google', MAYA);
    await connect(h, leesBrowser, 'microsoft', LEE);

    expect((await page(h, leesBrowser, `/disconnect?account=${maya}`)).status).toBe(404);
    const refused = await postDisconnect(h, leesBrowser, maya);
    expect(refused.response.status).toBe(404);
    const anonymous = await postDisconnect(h, cookieJar(), maya);
    expect(anonymous.response.status).toBe(404);
    expect(await statusOf(h, maya)).toBe('active');
    expect((await accountJson(h, mayasBrowser)).accounts.map((a) => a.status)).toEqual(['active']);
  });

  it('says on the confirmation page that a calendar it can no longer reach keeps its blocks', async () => {
    h = await startService({ now: '2026-11-24T09:00:00Z' });
    const jar = cookieJar();
    const maya = await connect(h, jar, 'google', MAYA);
    await googleDriver.revokeGrants(h, MAYA);
    await h.advance(2 * 3600_000); // past the access token's hour: the refresh fails with invalid_grant
    await h.advance(31 * 60_000);
    expect(await statusOf(h, maya)).toBe('needs_reconnect');

    const asked = await (await page(h, jar, `/disconnect?account=${maya}`)).text();
    expect(asked).toContain('Carryover can no longer reach this calendar, so it cannot take the agenda block off');
    expect(asked).not.toContain('The agenda block is taken off the upcoming invites');
    const done = await (await postDisconnect(h, jar, maya)).response.text();
    expect(done).toContain('Carryover could no longer reach this calendar');
    expect(await statusOf(h, maya)).toBe('disconnected');
  });
});
