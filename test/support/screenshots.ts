import { mkdir } from 'node:fs/promises';
import type { Locator } from 'playwright-core';

/** Where the README's pictures live. */
const FOLDER = 'docs/screenshots';

/**
 * With SCREENSHOTS=1, has `take` save the README's picture `name` (docs/screenshots/{name}.png); otherwise does
 * nothing, so the tests that reach a page worth showing can take its picture without a test of their own.
 *
 * @example
 * await readmeScreenshot('search', (path) => page.screenshot({ path, type: 'png', fullPage: true }));
 */
export async function readmeScreenshot(name: string, take: (path: string) => Promise<unknown>): Promise<void> {
  if (process.env.SCREENSHOTS !== '1') return;
  await mkdir(FOLDER, { recursive: true });
  await take(`${FOLDER}/${name}.png`);
}

/**
 * Saves a picture of one part of the page with `margin` pixels of the page around it, so its border and the text
 * at its edge are not cut as they are by `locator.screenshot()`.
 */
export async function sectionScreenshot(section: Locator, path: string, margin = 16): Promise<void> {
  // In the document's coordinates, which a full-page screenshot's clip is given in.
  const box = await section.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    return { x: rect.left + window.scrollX, y: rect.top + window.scrollY, width: rect.width, height: rect.height };
  });
  const x = Math.max(0, box.x - margin);
  const y = Math.max(0, box.y - margin);
  await section.page().screenshot({
    path,
    type: 'png',
    fullPage: true,
    clip: { x, y, width: box.x + box.width + margin - x, height: box.y + box.height + margin - y },
  });
}
