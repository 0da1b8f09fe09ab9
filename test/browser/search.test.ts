import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Harness, type SeededSeries, seedSeries, startHarness } from '../support/harness.ts';
import { type PhoneBrowser, poll, startPhoneBrowser } from '../support/phone-browser.ts';
import { readmeScreenshot } from '../support/screenshots.ts';
import { seriousViolations } from './axe.ts';
import { focusedId, horizontalOverflow, tabTo } from './page-checks.ts';

let h: Harness;
let pair: SeededSeries;
let phone: PhoneBrowser;
let page: Page;
let topicId: string;

beforeAll(async () => {
  h = await startHarness({ now: '2026-11-24T09:00:00Z' });
  pair = await seedSeries(h);
  const first = pair.occurrences[0]!;
  const made = await api(h, 'POST', `/a/${pair.links.attendee}/topics`, {
    text: 'Hiring plan for Q1: https://example.com/a-very-long-link-to-the-hiring-plan-document-that-goes-on-and-on',
    occurrence: first.id,
  });
  topicId = (made.body as { id: string }).id;
  await api(h, 'PATCH', `/a/${pair.links.organizer}/agenda`, {
    occurrence: pair.occurrences[1]!.id,
    sharedNotes: `${'We went through the quarter in detail. '.repeat(10)}Hiring is slower than planned. ${'Then holidays. '.repeat(10)}`,
  });
  // axe is injected into the page: the CSP (nonce'd scripts only) would block it.
  phone = await startPhoneBrowser(h, { bypassCSP: true });
  page = phone.page;
}, 60_000);

afterAll(async () => {
  await phone?.close();
  await h?.close();
});

const openAgenda = (token: string) => phone.open(`/a/${token}`);

describe("searching a 1:1's history in a browser", () => {
  it('searches from the agenda and opens a result with the keyboard alone', async () => {
    await openAgenda(pair.links.organizer);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await page.getByRole('search', { name: "This 1:1's history" }).count()).toBe(1);
    await tabTo(page, '#agenda-search');
    await page.keyboard.type('hir');
    await page.keyboard.press('Enter');
    await poll(() => page.url()).toContain(`/a/${pair.links.organizer}/search?q=hir`);
    await poll(() => page.locator('#results-title').textContent()).toBe('2 matches for “hir”');
    expect(await page.locator('.results mark').allTextContents()).toEqual(['Hiring', 'Hiring']);
    expect(await page.locator('#search-q').inputValue()).toBe('hir');
    await readmeScreenshot('search', (path) => page.screenshot({ path, type: 'png', fullPage: true }));

    const link = `.results a[href$="#topic-${topicId}"]`;
    await tabTo(page, link);
    await page.keyboard.press('Enter');
    await poll(() => page.url()).toContain(`?occurrence=${pair.occurrences[0]!.id}#topic-${topicId}`);
    expect(await page.locator(`#topic-${topicId} .item-text`).textContent()).toContain('Hiring plan for Q1');
    expect(await page.locator('header strong').first().textContent()).toContain('10 Nov 2026');
  });

  it('has no serious accessibility problem and no sideways scrolling on a phone, light or dark', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.goto(`${phone.url}/a/${pair.links.organizer}/search?q=hiring`);
      await poll(() => page.locator('.results li').count()).toBe(2);
      expect(await seriousViolations(page)).toEqual([]);
      expect(await horizontalOverflow(page)).toBe(0);
    }
    await page.emulateMedia({ colorScheme: 'light' });
  });

  it('says when nothing matches, and a refused search points at the box', async () => {
    await page.goto(`${phone.url}/a/${pair.links.shared}/search?q=zebra`);
    await poll(() => page.locator('[role="status"]').textContent()).toContain('No matches for “zebra”');
    expect(await seriousViolations(page)).toEqual([]);

    await page.goto(`${phone.url}/a/${pair.links.shared}/search?q=${'x'.repeat(201)}`);
    await poll(() => focusedId(page)).toBe('search-error');
    expect(await page.locator('#search-q').getAttribute('aria-invalid')).toBe('true');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);
  });
});
