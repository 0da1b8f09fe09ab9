import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recapEmail } from '../../src/mail/recap-email.tsx';
import { reminderEmail } from '../../src/mail/reminder-email.tsx';
import { launchChromium } from '../support/browser.ts';
import { readmeScreenshot } from '../support/screenshots.ts';
import { recapInput, reminderInput } from './fixtures.ts';

/**
 * The emails as a browser engine lays them out (Chromium, close to Gmail's and Apple Mail's web rendering): no
 * sideways scrolling on a phone or a desktop even with a 300-character word, the one action visible and linked, and
 * a sans-serif font. With SCREENSHOTS=1 it saves docs/screenshots/{reminder,recap}-email.png for the README.
 */
let browser: Browser;
beforeAll(async () => {
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

// The README's pictures show what people would write; the checks run on the hostile fixtures.
const readableReminder = () =>
  reminderEmail(
    reminderInput({
      carried: [
        { text: 'Draft the hiring plan for Q1', ownerName: 'Sam Lee', due: 'Fri 4 Dec', overdue: false },
        { text: 'Share the on-call rota feedback', ownerName: 'Maya Lind', due: 'Mon 30 Nov', overdue: true },
      ],
      topics: [
        { text: 'Conference budget for next year', authorName: 'Sam Lee', resolved: false },
        { text: 'How the new team rituals are going', authorName: 'Maya Lind', resolved: false },
      ],
    }),
  );
const readableRecap = () =>
  recapEmail(
    recapInput({
      topics: [
        { text: 'Conference budget for next year', authorName: 'Sam Lee', resolved: true },
        { text: 'Career path: what a lead role asks for', authorName: 'Maya Lind', resolved: false },
      ],
      sharedNotes: 'Sam leads the January design review.\nMaya pairs with him on the first two.',
    }),
  );
const emails = [
  {
    name: 'reminder',
    action: 'Add your talking points',
    make: () => reminderEmail(reminderInput()),
    readable: readableReminder,
  },
  { name: 'recap', action: 'Record next steps', make: () => recapEmail(recapInput()), readable: readableRecap },
] as const;

describe.each(emails)('the $name email in a browser', ({ name, action, make, readable }) => {
  it.each([375, 800])('fits %ipx without sideways scrolling, with its action visible and linked', async (width) => {
    const mail = await make();
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    try {
      // No network: everything the email needs is inline.
      await page.route('**/*', (route) => route.abort());
      await page.setContent(mail.html);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      const button = page.getByRole('link', { name: action });
      expect(await button.isVisible()).toBe(true);
      expect(await button.getAttribute('href')).toBe(reminderInput().link);
      const box = await button.boundingBox();
      expect(box!.x + box!.width).toBeLessThanOrEqual(width);
      const font = await page.evaluate(() => getComputedStyle(document.querySelector('p')!).fontFamily);
      expect(font.endsWith('sans-serif')).toBe(true);
      if (width === 800) {
        await readmeScreenshot(`${name}-email`, async (path) => {
          await page.setContent((await readable()).html);
          await page.screenshot({ path, fullPage: true });
        });
      }
    } finally {
      await page.close();
    }
  });
});

describe('the recap’s rating row in a browser', () => {
  it.each([375, 800])('offers five rating links of at least 24px each that fit %ipx', async (width) => {
    const mail = await recapEmail(recapInput());
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    try {
      await page.route('**/*', (route) => route.abort());
      await page.setContent(mail.html);
      for (const [i, label] of ['1 — poor', '2 — fair', '3 — okay', '4 — good', '5 — great'].entries()) {
        const link = page.getByRole('link', { name: label, exact: true });
        expect(await link.getAttribute('href')).toBe(`${recapInput().feedbackLink}&rating=${i + 1}`);
        const box = (await link.boundingBox())!;
        expect(box.width).toBeGreaterThanOrEqual(24);
        expect(box.height).toBeGreaterThanOrEqual(24);
        expect(box.x + box.width).toBeLessThanOrEqual(width);
      }
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(overflow).toBeLessThanOrEqual(0);
    } finally {
      await page.close();
    }
  });
});
