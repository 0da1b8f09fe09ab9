import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api, type Harness, type SeededSeries, seedSeries, startHarness } from '../support/harness.ts';
import { type PhoneBrowser, poll, startPhoneBrowser } from '../support/phone-browser.ts';
import { readmeScreenshot, sectionScreenshot } from '../support/screenshots.ts';
import { seriousViolations } from './axe.ts';
import { focusedId, horizontalOverflow, tabTo } from './page-checks.ts';

const LONG_WORD = 'Supercalifragilistic'.repeat(12);

let h: Harness;
let pair: SeededSeries;
let phone: PhoneBrowser;
let page: Page;

beforeAll(async () => {
  // Before the third meeting (24 Nov, 10:00 UTC): with the default cadence (every 4th) it is no check-in.
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

interface GoalJson {
  id: string;
  title: string;
  milestones: { id: string; text: string; done: boolean }[];
}
const goalsOf = async (token: string) =>
  ((await api(h, 'GET', `/a/${token}/goals`)).body as { goals: GoalJson[] }).goals;

describe('development goals in a browser, with the keyboard alone, on a phone', () => {
  it('adds a goal and a milestone, ticks it off, and sees the progress on the agenda', async () => {
    const token = pair.links.attendee;
    await phone.open(`/a/${token}`);
    await tabTo(page, '#goals a[href$="/goals"]');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Goals (0)');
    await page.keyboard.press('Enter');
    await poll(() => page.locator('h1').textContent()).toBe('Development goals');

    await tabTo(page, '#new-goal-title');
    await page.keyboard.type('Give a conference talk');
    await page.keyboard.press('Enter');
    const goal = await (async () => {
      await poll(async () => (await goalsOf(token)).length).toBe(1);
      return (await goalsOf(token))[0]!;
    })();
    await poll(() => focusedId(page)).toBe(`goal-${goal.id}-notice`);
    expect(await page.locator(`#goal-${goal.id}-notice`).textContent()).toBe('Goal added.');

    await tabTo(page, `#goal-${goal.id}-milestone-text`);
    await page.keyboard.type('Submit the abstract');
    await page.keyboard.press('Enter');
    await poll(() => page.locator(`#goal-${goal.id}-notice`).textContent()).toBe('Milestone added.');
    expect(await focusedId(page)).toBe(`goal-${goal.id}-notice`);

    const milestone = (await goalsOf(token))[0]!.milestones[0]!;
    await tabTo(page, `#milestone-${milestone.id}-done`);
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Save');
    await page.keyboard.press('Enter');
    await poll(() => page.locator(`#goal-${goal.id}-notice`).textContent()).toBe('Saved.');
    expect(await page.locator(`#milestone-${milestone.id}-done`).isChecked()).toBe(true);
    expect(await page.locator(`#goal-${goal.id} .goal-facts`).textContent()).toContain('1 of 1 milestones done');
    expect(await horizontalOverflow(page)).toBe(0);

    await tabTo(page, 'nav a');
    await page.keyboard.press('Enter');
    await poll(() => page.locator('#goals').textContent()).toContain('Give a conference talk');
    expect(await page.locator('#goals').textContent()).toContain('1 of 1 milestones done');
    expect(await page.locator('#goals .goals-check-in').count()).toBe(0);
  });

  it('proposes a goals check-in once the cadence makes this meeting one, listing progress and the next step', async () => {
    const token = pair.links.organizer;
    const [goal] = await goalsOf(token);
    await api(h, 'POST', `/a/${token}/goals/${goal!.id}/milestones`, { text: 'Rehearse with the team' });
    await phone.open(`/a/${token}/goals`);
    await tabTo(page, '#goals-every');
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.type('3');
    await page.keyboard.press('Enter');
    await poll(() => focusedId(page)).toBe('goals-cadence-notice');
    await readmeScreenshot('goals-page', (path) => page.screenshot({ path, type: 'png', fullPage: true }));

    await phone.open(`/a/${token}`);
    const box = page.locator('#goals .goals-check-in');
    await poll(() => box.count()).toBe(1);
    expect(await box.locator('h3').textContent()).toBe('Goals check-in');
    const text = (await box.textContent()) ?? '';
    expect(text).toContain('Give a conference talk');
    expect(text).toContain('1 of 2 milestones done');
    expect(text).toContain('Next: Rehearse with the team');
    await readmeScreenshot('goals-check-in', (path) => sectionScreenshot(page.locator('#goals'), path));
  });
});

describe('the goals pages, looked at closely', () => {
  it('have no serious or critical accessibility violations and no sideways scrolling, with long text', async () => {
    const token = pair.links.attendee;
    const made = await api(h, 'POST', `/a/${token}/goals`, { title: LONG_WORD, description: LONG_WORD });
    await api(h, 'POST', `/a/${token}/goals/${(made.body as { id: string }).id}/milestones`, {
      text: LONG_WORD,
      due: '2026-11-01',
    });
    const closed = await api(h, 'POST', `/a/${token}/goals`, { title: 'Learn to juggle' });
    await api(h, 'PATCH', `/a/${token}/goals/${(closed.body as { id: string }).id}`, { status: 'achieved' });

    await phone.open(`/a/${token}/goals`);
    for (const summary of await page.locator('details > summary').all()) await summary.click();
    expect(await seriousViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);

    // The agenda with its check-in box (the cadence is 3 and this is the third meeting).
    await phone.open(`/a/${token}`);
    expect(await page.locator('#goals .goals-check-in').count()).toBe(1);
    expect(await seriousViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBe(0);

    // A refused form, given back in place.
    await phone.open(`/a/${token}/goals`);
    await page.locator('#new-goal-title').fill('   ');
    await page.getByRole('button', { name: 'Add goal' }).click();
    await poll(() => page.locator('#goal-add-error').textContent()).toContain('Name the goal before adding it.');
    expect(await focusedId(page)).toBe('goal-add-error');
    expect(await seriousViolations(page)).toEqual([]);
  }, 90_000);
});
