/**
 * Microsoft's look for the shared consent screen ("Permissions requested", Cancel before Accept), and the page shown
 * when the authorization request itself is malformed.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { type ConsentBranding, type ConsentPage, renderConsentPage } from '../../consent-page.ts';

const MICROSOFT_CONSENT: ConsentBranding = {
  title: 'Permissions requested – Microsoft sandbox',
  note: 'Microsoft sandbox — no real Microsoft account is involved.',
  heading: 'Permissions requested',
  asks: 'would like to',
  allowLabel: 'Accept',
  cancelFirst: true,
  style: {
    fontFamily: "'Segoe UI', system-ui, sans-serif",
    maxWidth: '30rem',
    text: '#1b1b1b',
    muted: '#605e5c',
    buttonPadding: '0.5rem 1.4rem',
    buttonBorder: '#8a8886',
    accent: '#0067b8',
  },
};

/** Renders the consent screen as Microsoft's. */
export function consentPage(page: ConsentPage): HtmlEscapedString | Promise<HtmlEscapedString> {
  return renderConsentPage(MICROSOFT_CONSENT, page);
}

/** The page shown when the request itself is malformed (redirecting would be unsafe). */
export function errorPage(code: string, description: string): HtmlEscapedString | Promise<HtmlEscapedString> {
  return html`<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>Sign in – ${code}</title></head>
  <body style="font-family: system-ui, sans-serif; max-width: 30rem; margin: 3rem auto">
    <h1>Sorry, but we're having trouble signing you in.</h1>
    <p><strong>${code}</strong>: ${description}</p>
  </body>
</html>`;
}
