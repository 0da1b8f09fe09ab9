import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopSeries } from '../../src/db/series.ts';
import { ACCOUNTS_COOKIE, accountsCookieValue, connectedAccount } from '../support/browser-accounts.ts';
import { type Harness, type SeededSeries, seedSeries, startHarness } from '../support/harness.ts';
import { PHONE, type PhoneBrowser, poll, startPhoneBrowser } from '../support/phone-browser.ts';
import { readmeScreenshot, sectionScreenshot } from '../support/screenshots.ts';
import { seriousViolations } from './axe.ts';
import { focusedId, horizontalOverflow, tabTo } from './page-checks.ts';

let h: Harness;
let weekly: SeededSeries;
let phone: PhoneBrowser;
let page: Page;

beforeAll(async () => {
  h = await startHarness({ now: '2026-11-24T09:00:00Z' });
  weekly = await seedSeries(h);
  // A lived-in overview: a long title, commitments for the chart, a 1:1 that is not one, and a rating.
  const long = await seedSeries(h, {
    title: `Quarterly planning and career conversation ${'with a very long title '.repeat(3)}`,
    attendee: { email: 'ana.maria.de.la.cruz@example.com', name: 'Ana María de la Cruz' },
  });
  const group = await seedSeries(h, { title: 'Team sync', attendee: { email: 'ben@example.com', name: 'Ben' } });
  await stopSeries(h.db, group.series.id, 'not_one_on_one', 'more than two people are invited now');
  for (const [owner, due, status, closedAt] of [
    ['sam@example.com', '2026-10-15', 'done', '2026-10-14T10:00:00Z'],
    ['sam@example.com', '2026-11-20', 'open', null],
    ['maya@example.com', '2026-11-02', 'done', '2026-11-05T10:00:00Z'],
  ] as const) {
    await h.db
      .insertInto('commitments')
      .values({
        series_id: weekly.series.id,
        text: 'A promise',
        owner_email: owner,
        due_date: due,
        status,
        closed_at: closedAt,
      })
      .execute();
  }
  await h.db
    .insertInto('meeting_feedback')
    .values({
      series_id: long.series.id,
      occurrence_id: long.occurrences[1]!.id,
      author_email: 'maya@example.com',
      rating: 4,
    })
    .execute();
  const account = await connectedAccount(h, 'maya@example.com');
  phone = await startPhoneBrowser(h, { bypassCSP: true });
  await phone.context.addCookies([
    { name: ACCOUNTS_COOKIE, value: await accountsCookieValue(h, [account]), url: phone.url, httpOnly: true },
  ]);
  page = phone.page;
}, 60_000);

afterAll(async () => {
  await phone?.close();
  await h?.close();
});

/** The page's heading levels, in document order. */
const headingLevels = () =>
  page.evaluate(() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((el) => Number(el.tagName[1])));

/** Whether the page is well formed for everyone: no serious axe finding, no sideways scroll, headings in order. */
async function expectQuality(): Promise<void> {
  expect(await seriousViolations(page)).toEqual([]);
  expect(await horizontalOverflow(page)).toBe(0);
  const levels = await headingLevels();
  expect(levels[0]).toBe(1);
  for (let i = 1; i < levels.length; i++) expect(levels[i]! - levels[i - 1]!).toBeLessThanOrEqual(1);
}

describe('the overview on a phone, with the keyboard alone', () => {
  it('pauses a 1:1, shows it under Paused, and resumes it', async () => {
    const id = weekly.series.id;
    await phone.open('/overview');
    expect(await page.locator('h1').textContent()).toBe('Your 1:1s');
    expect(await page.locator(`#managed #series-${id} h3`).textContent()).toContain('Maya / Sam weekly');
    // The chart's numbers are there for screen readers too.
    expect(await page.getByRole('table', { name: 'Follow-through in Maya / Sam weekly, by month' }).count()).toBe(1);
    await expectQuality();
    await readmeScreenshot('overview', async (path) => {
      // At a desktop's width each 1:1's facts and chart read without wrapping; same cookies (calendars, zone).
      const wide = await phone.browser.newContext({
        viewport: { width: 1000, height: 900 },
        timezoneId: 'Europe/Berlin',
      });
      try {
        await wide.addCookies(await phone.context.cookies());
        const desktop = await wide.newPage();
        await desktop.goto(`${phone.url}/overview`);
        await sectionScreenshot(desktop.locator('main'), path);
      } finally {
        await wide.close();
      }
    });

    await tabTo(page, `#series-${id} form[action$="/pause"] button`);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Pause Maya / Sam weekly');
    await page.keyboard.press('Enter');
    await poll(() => focusedId(page)).toBe(`series-${id}-notice`);
    expect(await page.locator(`#paused #series-${id}`).count()).toBe(1);
    expect(await page.locator(`#managed #series-${id}`).count()).toBe(0);
    expect(await page.locator(`#series-${id}-notice`).textContent()).toContain('Paused.');
    await expectQuality();

    await tabTo(page, `#series-${id} form[action$="/resume"] button`);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Resume Maya / Sam weekly');
    await page.keyboard.press('Enter');
    await poll(() => focusedId(page)).toBe(`series-${id}-notice`);
    expect(await page.locator(`#managed #series-${id}`).count()).toBe(1);
    expect(await page.locator(`#series-${id}-notice`).textContent()).toContain('Resumed.');
    await expectQuality();
  });

  it('takes a browser with no calendar connected to where to connect one', async () => {
    const fresh = await phone.browser.newContext({ viewport: PHONE, bypassCSP: true });
    const other = await fresh.newPage();
    try {
      await other.goto(`${phone.url}/overview`);
      expect(await other.locator('h1').textContent()).toBe('Your 1:1s');
      expect(await other.getByRole('link', { name: 'Connect your calendar' }).getAttribute('href')).toBe('/');
      expect(await seriousViolations(other)).toEqual([]);
      expect(await horizontalOverflow(other)).toBe(0);
    } finally {
      await fresh.close();
    }
  });
});
