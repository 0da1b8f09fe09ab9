import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, type SeededSeries, seedSeries, startHarness } from '../support/harness.ts';
import { type PhoneBrowser, startPhoneBrowser } from '../support/phone-browser.ts';
import { readmeScreenshot } from '../support/screenshots.ts';

let h: Harness;
let pair: SeededSeries;
let phone: PhoneBrowser;
let page: Page;

beforeAll(async () => {
  h = await startHarness({ now: '2026-11-24T09:00:00Z' });
  pair = await seedSeries(h);
  phone = await startPhoneBrowser(h, { timezoneId: 'America/New_York' });
  page = phone.page;
}, 60_000);

afterAll(async () => {
  await phone?.close();
  await h?.close();
});

describe('the agenda page in a browser', () => {
  it('lets a person add a talking point and a commitment, mark it done, and find it in the history', async () => {
    await page.goto(`${phone.url}/a/${pair.links.organizer}`);
    await expect.poll(() => page.title()).toContain('Maya / Sam weekly');
    // The page picked up the browser's zone (New York): the 10:00 UTC meeting shows as 05:00.
    await expect.poll(() => page.locator('header').textContent()).toContain('05:00');

    await page.getByLabel('Talking point', { exact: true }).fill('How is the new on-call rota going?');
    await page.getByRole('button', { name: 'Add talking point' }).click();
    await expect.poll(() => page.locator('#topics').textContent()).toContain('How is the new on-call rota going?');

    await page.getByLabel('Commitment', { exact: true }).fill('Send the offsite agenda');
    await page.locator('#commitment-owner').selectOption('sam@example.com');
    await page.locator('#commitment-due').fill('2026-11-27');
    await page.getByRole('button', { name: 'Record commitment' }).click();
    await expect.poll(() => page.locator('#next-steps').textContent()).toContain('Send the offsite agenda');

    await page.getByRole('button', { name: "Mark 'Send the offsite agenda' done" }).click();
    await expect.poll(() => page.locator('#next-steps').textContent()).toMatch(/done/i);

    // A week later the meeting is history: what was decided there, and that it got done.
    h.clock.set('2026-11-25T09:00:00Z');
    await page.goto(`${phone.url}/a/${pair.links.organizer}`);
    const history = page.locator('#history');
    await expect.poll(() => history.textContent()).toContain('Send the offsite agenda');
    await expect.poll(() => history.textContent()).toMatch(/done/i);
    await expect.poll(() => history.textContent()).toContain('How is the new on-call rota going?');
    await page.screenshot({ path: 'test/e2e/.last-agenda.png', fullPage: true });
  });

  it('keeps what was typed and says what is wrong when a form is rejected', async () => {
    await page.goto(`${phone.url}/a/${pair.links.attendee}`);
    await page.getByLabel('Commitment', { exact: true }).fill('Draft the RFC');
    // Each commitment on the page has its own Edit form with an Owner too: pick the new commitment's.
    await page.locator('#commitment-owner').selectOption('sam@example.com');
    // A date the server refuses (the browser's date input only sends valid dates, so go around it).
    await page.evaluate(() => {
      const due = document.querySelector<HTMLInputElement>('#commitment-due');
      if (due) {
        due.type = 'text';
        due.value = '2026-02-30';
      }
    });
    await page.getByRole('button', { name: 'Record commitment' }).click();
    // Said in words, next to the form, and focused: no field names.
    await expect.poll(() => page.getByRole('alert').first().textContent()).toContain('"2026-02-30" is not a date');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('commitments-error');
    expect(await page.getByLabel('Commitment', { exact: true }).inputValue()).toBe('Draft the RFC');
  });

  it("opens the demo 1:1 on a lived-in agenda, the last meeting's open talking point carried into it", async () => {
    const desktop = await phone.browser.newPage({
      viewport: { width: 1100, height: 1500 },
      timezoneId: 'Europe/Berlin',
    });
    try {
      await desktop.goto(phone.url);
      await desktop.getByRole('button', { name: 'Create a demo 1:1' }).click();
      await expect.poll(() => desktop.title()).toContain('Weekly 1:1');
      const topics = desktop.locator('#topics');
      await expect.poll(() => topics.textContent()).toContain('Onboarding: what is still unclear?');
      expect(await topics.textContent()).toMatch(/carried from/);
      await readmeScreenshot('agenda-page', (path) => desktop.screenshot({ path }));
    } finally {
      await desktop.close();
    }
  });
});
