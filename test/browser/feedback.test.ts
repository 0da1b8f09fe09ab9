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
/** The meeting of 17 Nov, over by the clock's 24 Nov. */
let meeting: string;

beforeAll(async () => {
  h = await startHarness({ now: '2026-11-24T09:00:00Z' });
  pair = await seedSeries(h);
  meeting = pair.occurrences[1]!.id;
  // An earlier rating of each, so the ratings trend has a line to draw.
  const first = pair.occurrences[0]!.id;
  await api(h, 'PUT', `/a/${pair.links.attendee}/feedback`, { occurrence: first, rating: 3, shared: true });
  await api(h, 'PUT', `/a/${pair.links.organizer}/feedback`, { occurrence: first, rating: 4 });
  // A phone, and axe's script allowed past the page's CSP.
  phone = await startPhoneBrowser(h, { bypassCSP: true });
  page = phone.page;
}, 60_000);

afterAll(async () => {
  await phone?.close();
  await h?.close();
});

const checked = (id: string) => page.locator(`#${id}`).isChecked();

describe('rating a meeting in a browser', () => {
  it('rates from the email\'s link with the keyboard alone, saving only on Save, and lands on "Feedback saved."', async () => {
    await phone.open(`/a/${pair.links.attendee}/feedback?occurrence=${meeting}&rating=4`);
    expect(await page.locator('h1').textContent()).toBe('How was your 1:1 with Maya?');
    expect(await checked('feedback-rating-4')).toBe(true);
    // Opening the link saved nothing: a mail scanner following it records no rating.
    const before = await api(h, 'GET', `/a/${pair.links.attendee}/feedback?occurrence=${meeting}`);
    expect((before.body as { own: unknown }).own).toBeNull();
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);

    // The radio group is one stop in the tab order, on the chosen rating; arrow keys change it.
    await tabTo(page, '#feedback-rating-4');
    await page.keyboard.press('ArrowRight');
    expect(await checked('feedback-rating-5')).toBe(true);
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('ArrowLeft');
    expect(await checked('feedback-rating-3')).toBe(true);
    await tabTo(page, '#feedback-answer');
    await page.keyboard.type('A bit more context on the reorg would help.');
    await tabTo(page, '#feedback-shared');
    await page.keyboard.press('Space');
    expect(await checked('feedback-shared')).toBe(true);
    await readmeScreenshot('feedback', (path) => page.screenshot({ path, type: 'png', fullPage: true }));
    await tabTo(page, 'button[type="submit"]');
    await page.keyboard.press('Enter');

    await poll(() => focusedId(page)).toBe('feedback-notice');
    expect(await page.locator('#feedback-notice').textContent()).toBe('Feedback saved.');
    expect(page.url()).toContain(`occurrence=${meeting}`);
    expect(await checked('feedback-rating-3')).toBe(true);
    expect(await page.locator('#feedback-answer').inputValue()).toBe('A bit more context on the reorg would help.');
    expect(await horizontalOverflow(page)).toBe(0);
  });

  it('shows the shared rating and answer to the other person, and the trend of ratings beside their own', async () => {
    await phone.open(`/a/${pair.links.organizer}?occurrence=${meeting}`);
    const section = page.locator('#feedback');
    await poll(() => section.textContent()).toContain('A bit more context on the reorg would help.');
    expect(await section.textContent()).toContain('3 — okay');
    expect(await section.textContent()).toContain(
      'Sam was asked: “Is anything blocking you that Maya could help remove?”',
    );
    const ratings = page.locator('#ratings');
    expect(await ratings.getByRole('table').textContent()).toMatch(/Yours.*Sam's \(shared\)/);
    expect(await ratings.textContent()).toContain('Your average: 4.0 of 5 over 1 meeting');
    expect(await ratings.textContent()).toContain('3.0 of 5 over 2 meetings');
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('offers no form, rating or answer on the shared link, only where feedback is given', async () => {
    await phone.open(`/a/${pair.links.shared}?occurrence=${meeting}`);
    const section = page.locator('#feedback');
    expect(await section.textContent()).toContain('from their own link');
    expect(await section.locator('input, textarea').count()).toBe(0);
    expect(await page.locator('#ratings').count()).toBe(0);
    expect(await page.content()).not.toContain('A bit more context on the reorg');
  });
});
