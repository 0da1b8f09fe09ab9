import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Harness, type SeededSeries, seedSeries, startHarness } from '../support/harness.ts';
import { poll, type ServedBrowser, settled, startServedBrowser } from '../support/phone-browser.ts';
import { seriousViolations } from './axe.ts';
import { horizontalOverflow } from './page-checks.ts';

let h: Harness;
let pair: SeededSeries;
let served: ServedBrowser;

const LONG_URL = `https://example.com/${'very-long-path-segment/'.repeat(12)}?q=${'x'.repeat(30)}`;
const LONG_WORD = 'Supercalifragilistic'.repeat(12);

beforeAll(async () => {
  h = await startHarness({ now: '2026-11-24T09:00:00Z' });
  pair = await seedSeries(h);
  served = await startServedBrowser(h);
  // A lived-in page: long text everywhere people can type, an open commitment, decisions, and history.
  const token = pair.links.attendee;
  await api(h, 'POST', `/a/${token}/topics`, { text: LONG_URL });
  await api(h, 'POST', `/a/${token}/topics`, { text: LONG_WORD });
  await api(h, 'POST', `/a/${token}/topics`, { text: 'How is the on-call rota going?' });
  await api(h, 'POST', `/a/${token}/commitments`, { text: `Read ${LONG_URL}`, owner: 'sam@example.com' });
  await api(h, 'PATCH', `/a/${token}/agenda`, {
    deepDive: LONG_WORD,
    sharedNotes: `Notes with ${LONG_URL}`,
    decisions: 'Sam leads the rota from January.',
  });
  await api(h, 'PATCH', `/a/${token}/agenda`, { sharedNotes: LONG_WORD, occurrence: pair.occurrences[1]!.id });
}, 60_000);

afterAll(async () => {
  await served?.close();
  await h?.close();
});

/** A browser context as a person would have it, with axe's script allowed past the page's CSP. */
async function contextFor(options: { width: number; height: number; timezoneId?: string }): Promise<BrowserContext> {
  return served.browser.newContext({
    viewport: { width: options.width, height: options.height },
    timezoneId: options.timezoneId ?? 'Europe/Berlin',
    bypassCSP: true,
  });
}

describe('the agenda page, looked at closely', () => {
  it.each([
    { width: 390, height: 844 },
    { width: 1280, height: 900 },
  ])('wraps a 300-character URL and a long unbroken word without sideways scrolling at $width px', async (size) => {
    const context = await contextFor(size);
    try {
      const page = await context.newPage();
      await settled(page, `${served.url}/a/${pair.links.attendee}`);
      expect(await page.locator('#topics').textContent()).toContain(LONG_WORD);
      expect(await horizontalOverflow(page)).toBe(0);
      // Open every Edit form too: the inputs inside must fit as well.
      for (const summary of await page.locator('details.edit > summary').all()) await summary.click();
      expect(await horizontalOverflow(page)).toBe(0);
    } finally {
      await context.close();
    }
  });

  it('has no serious or critical accessibility violations: the page, its confirm page, a form error', async () => {
    const context = await contextFor({ width: 390, height: 844 });
    try {
      const page = await context.newPage();
      await settled(page, `${served.url}/a/${pair.links.attendee}`);
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: /^Delete 'How is the on-call/ }).click();
      await poll(() => page.locator('h1').textContent()).toBe('Delete this talking point?');
      expect(await seriousViolations(page)).toEqual([]);
      // Spaces pass the browser's own `required` check; the server refuses them, in words, next to the form.
      await page.goto(`${served.url}/a/${pair.links.attendee}`);
      await page.locator('#topic-text').fill('   ');
      await page.getByRole('button', { name: 'Add talking point' }).click();
      await poll(() => page.locator('#topics-error').textContent()).toContain(
        'Write the talking point before adding it.',
      );
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('topics-error');
      expect(await seriousViolations(page)).toEqual([]);
    } finally {
      await context.close();
    }
  }, 90_000);

  it('names the zone one way: Kolkata, even where Chromium says Calcutta', async () => {
    const context = await contextFor({ width: 1280, height: 900, timezoneId: 'Asia/Kolkata' });
    try {
      const page = await context.newPage();
      await settled(page, `${served.url}/a/${pair.links.organizer}`);
      const header = (await page.locator('header').textContent()) ?? '';
      expect(header).toContain('Times shown in Asia/Kolkata');
      // 10:00 UTC is 15:30 in India.
      expect(header).toContain('15:30');
      expect(await page.locator('body').textContent()).not.toContain('Calcutta');
    } finally {
      await context.close();
    }
  });

  it("lists only earlier meetings under Earlier 1:1s on an old meeting's page, and later ones apart", async () => {
    const context = await contextFor({ width: 390, height: 844 });
    try {
      const page = await context.newPage();
      await settled(page, `${served.url}/a/${pair.links.organizer}?occurrence=${pair.occurrences[0]!.id}`);
      const history = page.locator('#history');
      expect(await history.locator('article').count()).toBe(0);
      expect(await history.textContent()).toContain('No earlier 1:1s yet.');
      const later = history.getByRole('list', { name: 'Later 1:1s' });
      expect(await later.getByRole('link').count()).toBe(1);
      expect(await later.textContent()).toContain('17 Nov');
    } finally {
      await context.close();
    }
  });
});
