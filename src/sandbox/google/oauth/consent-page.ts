/**
 * Google's look for the shared consent screen, and the page Google shows when the authorization request itself is
 * malformed.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { type ConsentBranding, type ConsentPage, renderConsentPage } from '../../consent-page.ts';

const GOOGLE_CONSENT: ConsentBranding = {
  title: 'Sign in – Google sandbox',
  note: 'Google sandbox — no real Google account is involved.',
  heading: 'Allow access?',
  asks: 'wants to',
  allowLabel: 'Allow',
  cancelFirst: false,
  style: {
    fontFamily: 'system-ui, sans-serif',
    maxWidth: '34rem',
    text: '#202124',
    muted: '#5f6368',
    buttonPadding: '0.55rem 1.4rem',
    buttonRadius: '4px',
    buttonBorder: '#dadce0',
    accent: '#1a73e8',
  },
};

/** Renders the consent screen as Google's. */
export function consentPage(page: ConsentPage): HtmlEscapedString | Promise<HtmlEscapedString> {
  return renderConsentPage(GOOGLE_CONSENT, page);
}

/** The page Google shows when the request itself is malformed (no redirect is safe then). */
export function errorPage(error: string, description: string): HtmlEscapedString | Promise<HtmlEscapedString> {
  return html`<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Error 400: ${error}</title></head>
  <body style="font-family: system-ui, sans-serif; max-width: 34rem; margin: 3rem auto">
    <h1>Access blocked: authorization error</h1>
    <p><strong>Error 400: ${error}</strong></p>
    <p>${description}</p>
  </body>
</html>`;
}
