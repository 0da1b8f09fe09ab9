import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Harness, type SeededSeries, seedSeries, startHarness } from '../support/harness.ts';
import { type PhoneBrowser, poll, startPhoneBrowser } from '../support/phone-browser.ts';
import { readmeScreenshot, sectionScreenshot } from '../support/screenshots.ts';
import { seriousViolations } from './axe.ts';
import { focusedId, horizontalOverflow, tabTo } from './page-checks.ts';

let h: Harness;
let pair: SeededSeries;
let phone: PhoneBrowser;
let page: Page;

beforeAll(async () => {
  h = await startHarness({ now: '2026-11-24T09:00:00Z' });
  pair = await seedSeries(h);
  // A phone, and axe's script allowed past the page's CSP.
  phone = await startPhoneBrowser(h, { bypassCSP: true });
  page = phone.page;
}, 60_000);

afterAll(async () => {
  await phone?.close();
  await h?.close();
});

const open = (token: string) => phone.open(`/a/${token}`);
const checkIn = () => page.locator('#check-in').textContent();
const checked = () => page.evaluate(() => document.querySelector<HTMLInputElement>('#template input:checked')?.id);

/** Opens "Change the template" with the keyboard and lands on the chosen radio button, as Tab does. */
async function openTemplateForm(): Promise<void> {
  await tabTo(page, '#template summary');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await poll(() => focusedId(page)).toMatch(/^template-/);
}

/** Moves through the radio group with the arrow keys until `id` is chosen. */
async function arrowTo(id: string): Promise<void> {
  for (let i = 0; i < 4 && (await checked()) !== id; i++) await page.keyboard.press('ArrowDown');
  expect(await checked()).toBe(id);
}

async function save(): Promise<void> {
  await tabTo(page, '#template button[type="submit"]');
  await page.keyboard.press('Enter');
  await poll(() => focusedId(page)).toBe('template-notice');
  expect(await page.locator('#template-notice').textContent()).toBe('Template saved.');
}

describe('choosing a meeting template in a browser', () => {
  it('switches to "Career conversation" with the keyboard alone, and the check-in asks its questions', async () => {
    await open(pair.links.attendee);
    expect(await checkIn()).toContain('How are you doing?');
    await openTemplateForm();
    await arrowTo('template-career');
    await save();
    await poll(checkIn).toContain('Where would you like to be in a year or two?');
    expect(await checkIn()).not.toContain('How are you doing?');
    expect(await checked()).toBe('template-career');
    await readmeScreenshot('template', async (path) => {
      await page.locator('#template summary').click();
      await sectionScreenshot(page.locator('#template'), path);
    });
  });

  it('writes a custom template of two questions with the keyboard alone', async () => {
    await open(pair.links.organizer);
    await openTemplateForm();
    await arrowTo('template-custom');
    await tabTo(page, '#template-check-in');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('What went well this week?');
    await page.keyboard.press('Enter');
    await page.keyboard.type('What would you change?');
    await save();
    await poll(() => page.locator('#check-in li').allInnerTexts()).toEqual([
      'What went well this week?',
      'What would you change?',
    ]);
    const template = ((await api(h, 'GET', `/a/${pair.links.attendee}`)).body as { template: { key: string } })
      .template;
    expect(template.key).toBe('custom');
  });

  it('has no serious accessibility violations and no sideways scrolling with the template form open', async () => {
    await open(pair.links.attendee);
    await openTemplateForm();
    expect(await page.locator('#template details').getAttribute('open')).not.toBeNull();
    expect(await seriousViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);
    await open(pair.links.shared);
    expect(await page.locator('#template').textContent()).toContain('This 1:1 uses the Custom template.');
    expect(await page.locator('#template form').count()).toBe(0);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);
  }, 60_000);
});
