import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Harness, type SeededSeries, seedSeries, startHarness } from '../support/harness.ts';
import { PHONE, type PhoneBrowser, poll, startPhoneBrowser } from '../support/phone-browser.ts';
import { focusedId, tabTo } from './page-checks.ts';

let h: Harness;
let pair: SeededSeries;
let phone: PhoneBrowser;
let page: Page;

beforeAll(async () => {
  h = await startHarness({ now: '2026-11-24T09:00:00Z' });
  pair = await seedSeries(h);
  phone = await startPhoneBrowser(h);
  page = phone.page;
}, 60_000);

afterAll(async () => {
  await phone?.close();
  await h?.close();
});

const open = (token: string) => phone.open(`/a/${token}`);
const topicsOf = async (token: string) =>
  ((await api(h, 'GET', `/a/${token}`)).body as { topics: { id: string; text: string; author: string | null }[] })
    .topics;

describe('editing the agenda in a browser', () => {
  it('adds and then edits a talking point with the keyboard alone, landing on "Saved." each time', async () => {
    await open(pair.links.attendee);
    await tabTo(page, '#topic-text');
    await page.keyboard.type('Hiring plan for Q1');
    await page.keyboard.press('Enter');
    await poll(() => focusedId(page)).toBe('topics-notice');
    expect(await page.locator('#topics-notice').textContent()).toBe('Talking point added.');

    const topic = (await topicsOf(pair.links.attendee)).find((t) => t.text === 'Hiring plan for Q1')!;
    await tabTo(page, `#topic-${topic.id} summary`);
    await page.keyboard.press('Enter');
    await tabTo(page, `#topic-${topic.id}-text`);
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('Hiring plan for Q1 and Q2');
    await page.keyboard.press('Enter');
    await poll(() => focusedId(page)).toBe(`topic-${topic.id}-notice`);
    expect(await page.locator(`#topic-${topic.id} .item-text`).textContent()).toBe('Hiring plan for Q1 and Q2');
  });

  it('moves the last talking point to the top in one step', async () => {
    for (const text of ['Second', 'Third']) await api(h, 'POST', `/a/${pair.links.attendee}/topics`, { text });
    await open(pair.links.attendee);
    const third = (await topicsOf(pair.links.attendee)).find((t) => t.text === 'Third')!;
    await page.getByLabel("Position of 'Third'").selectOption('0');
    await page.getByRole('button', { name: "Move 'Third' to the chosen position" }).click();
    await poll(async () => (await topicsOf(pair.links.attendee))[0]?.id).toBe(third.id);
    await poll(() => page.locator('#topics li .item-text').first().textContent()).toBe('Third');
  });

  it('deletes a talking point only after the confirmation page, and says so where the list is', async () => {
    await open(pair.links.attendee);
    await page.getByRole('button', { name: "Delete 'Second'" }).click();
    await poll(() => page.locator('h1').textContent()).toBe('Delete this talking point?');
    expect((await topicsOf(pair.links.attendee)).map((t) => t.text)).toContain('Second');
    await page.getByRole('button', { name: 'Delete talking point' }).click();
    await poll(() => focusedId(page)).toBe('topics-notice');
    expect(await page.locator('#topics-notice').textContent()).toBe('Talking point deleted.');
    expect((await topicsOf(pair.links.attendee)).map((t) => t.text)).not.toContain('Second');
  });

  it('warns before saving a due date that has passed, keeps what was typed, and saves it on "Save anyway"', async () => {
    await open(pair.links.organizer);
    await page.locator('#commitment-text').fill('Send the board deck');
    await page.locator('#commitment-owner').selectOption('sam@example.com');
    await page.locator('#commitment-due').fill('2026-11-20');
    await page.getByRole('button', { name: 'Record commitment' }).click();
    await poll(() => focusedId(page)).toBe('commitments-error');
    expect(await page.locator('#commitments-error').textContent()).toContain('has already passed');
    expect(await page.locator('#commitment-text').inputValue()).toBe('Send the board deck');
    await page.getByRole('button', { name: 'Save anyway' }).click();
    await poll(() => focusedId(page)).toBe('next-steps-notice');
    expect(await page.locator('#next-steps').textContent()).toContain('Send the board deck');
  });

  it('edits the owner and due date of a commitment from its Edit form', async () => {
    await open(pair.links.organizer);
    const item = page.locator('#next-steps li', { hasText: 'Send the board deck' });
    await item.locator('summary').click();
    await item.getByLabel('Owner').selectOption('maya@example.com');
    await item.getByLabel(/Due date/).fill('2026-12-11');
    await item.getByRole('button', { name: 'Save commitment' }).click();
    await expect
      .poll(() => page.locator('#next-steps').textContent())
      .toMatch(/Send the board deck — Maya, due Dec 11/);
  });

  it('remembers "I am" on the shared link, so the next post needs no choice', async () => {
    await open(pair.links.shared);
    await page.locator('#topic-as').selectOption('sam@example.com');
    await page.locator('#topic-text').fill('From the invite');
    await page.getByRole('button', { name: 'Add talking point' }).click();
    await poll(() => focusedId(page)).toBe('topics-notice');
    await open(pair.links.shared);
    expect(await page.locator('#topic-as').inputValue()).toBe('sam@example.com');
    expect(await page.locator('header').textContent()).toContain('On this device you are Sam');
    await page.locator('#topic-text').fill('Again from the invite');
    await page.getByRole('button', { name: 'Add talking point' }).click();
    await poll(() => focusedId(page)).toBe('topics-notice');
    const authors = (await topicsOf(pair.links.organizer)).filter((t) => /from the invite/i.test(t.text));
    expect(authors.map((t) => t.author)).toEqual(['sam@example.com', 'sam@example.com']);
  });
});

describe('without JavaScript', () => {
  it('adds, edits and deletes a talking point through forms and redirects alone', async () => {
    const noScript = await phone.browser.newContext({ javaScriptEnabled: false, viewport: PHONE });
    try {
      const plain = await noScript.newPage();
      await plain.goto(`${phone.url}/a/${pair.links.organizer}`);
      await plain.locator('#topic-text').fill('No script needed');
      await plain.getByRole('button', { name: 'Add talking point' }).click();
      await poll(() => plain.url()).toContain('#topics-notice');
      const item = plain.locator('#topics li', { hasText: 'No script needed' });
      await item.locator('summary').click();
      await item.getByLabel('Text').fill('No script needed at all');
      await item.getByRole('button', { name: 'Save talking point' }).click();
      await poll(() => plain.locator('#topics').textContent()).toContain('No script needed at all');
      await plain.getByRole('button', { name: "Delete 'No script needed at all'" }).click();
      await plain.getByRole('button', { name: 'Delete talking point' }).click();
      await poll(() => plain.locator('#topics-notice').textContent()).toBe('Talking point deleted.');
    } finally {
      await noScript.close();
    }
  });
});
