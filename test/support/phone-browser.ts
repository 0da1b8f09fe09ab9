import type { Browser, BrowserContext, Page } from 'playwright-core';
import { expect } from 'vitest';
import { launchChromium } from './browser.ts';
import type { Harness } from './harness.ts';
import { serveHarness } from './server.ts';

/** A phone's screen: the width the browser tests look at the pages in first. */
export const PHONE = { width: 390, height: 844 } as const;

/** Polls with room for a loaded machine (two test files share two cores); the default second is too short. */
export const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 15_000 });

/** Goes to `url` and waits out the page's one reload on a first visit that tells the server the browser's zone. */
export async function settled(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await poll(() => page.evaluate(() => document.cookie.includes('tz='))).toBe(true);
  await page.waitForLoadState('load');
}

/** A harness's app served over real HTTP, and a headless Chromium to look at it with. */
export interface ServedBrowser {
  /** Where the app answers, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  readonly browser: Browser;
  /** Closes the browser, then stops serving. */
  close(): Promise<void>;
}

/** Serves `h`'s app on a free loopback port and launches Chromium; both go with `close()`. */
export async function startServedBrowser(h: Harness): Promise<ServedBrowser> {
  const server = await serveHarness(h);
  try {
    const browser = await launchChromium();
    return {
      url: server.url,
      browser,
      close: async () => {
        await browser.close();
        await server.close();
      },
    };
  } catch (error) {
    await server.close();
    throw error;
  }
}

/** A served app with one phone-sized page open on it, in a context of its own. */
export interface PhoneBrowser extends ServedBrowser {
  readonly context: BrowserContext;
  readonly page: Page;
  /** Opens `path` of the app (`/a/{token}?occurrence=…`) on the page, once it has settled in the browser's zone. */
  open(path: string): Promise<void>;
}

export interface PhoneBrowserOptions {
  /** The browser's zone, which the pages show times in. */
  readonly timezoneId?: string;
  /**
   * Lets a script the test injects (axe-core) past the page's CSP, which allows only the page's own nonce. Off unless
   * asked for, so that a test without axe still fails when the page's own scripts break its CSP.
   */
  readonly bypassCSP?: boolean;
}

/** Serves `h`'s app and opens a phone-sized page on it (Europe/Berlin unless told otherwise). */
export async function startPhoneBrowser(
  h: Harness,
  { timezoneId = 'Europe/Berlin', bypassCSP = false }: PhoneBrowserOptions = {},
): Promise<PhoneBrowser> {
  const served = await startServedBrowser(h);
  try {
    const context = await served.browser.newContext({ viewport: PHONE, timezoneId, bypassCSP });
    const page = await context.newPage();
    return { ...served, context, page, open: (path) => settled(page, `${served.url}${path}`) };
  } catch (error) {
    await served.close();
    throw error;
  }
}
