/**
 * The sandbox's consent screen: who is signing in (pre-filled from `login_hint`), which scopes the app asks for,
 * and Allow / Cancel buttons that post back to the authorization endpoint.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** What the page shows and carries through. */
export interface ConsentPage {
  readonly action: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly loginHint: string | undefined;
  /** The original query parameters, echoed as hidden fields so the post carries the same request. */
  readonly params: readonly (readonly [string, string])[];
}

/** Renders the consent screen. */
export function consentPage(page: ConsentPage): HtmlEscapedString | Promise<HtmlEscapedString> {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Sign in – Google sandbox</title>
    <style>
      body { font-family: system-ui, sans-serif; max-width: 34rem; margin: 3rem auto; padding: 0 1rem; color: #202124; }
      .note { color: #5f6368; font-size: 0.9rem; }
      ul { padding-left: 1.2rem; } li { margin: 0.3rem 0; word-break: break-all; }
      label { display: block; margin: 1rem 0 0.3rem; }
      input[type="email"] { width: 100%; padding: 0.5rem; font-size: 1rem; box-sizing: border-box; }
      .buttons { display: flex; gap: 0.75rem; margin-top: 1.5rem; }
      button { padding: 0.55rem 1.4rem; font-size: 1rem; border-radius: 4px; border: 1px solid #dadce0; background: #fff; }
      button[value="allow"] { background: #1a73e8; color: #fff; border-color: #1a73e8; }
    </style>
  </head>
  <body>
    <p class="note">Google sandbox — no real Google account is involved.</p>
    <h1>Allow access?</h1>
    <p><strong>${page.clientId}</strong> wants to:</p>
    <ul>
      ${page.scopes.map((scope) => html`<li>${scope}</li>`)}
    </ul>
    <form method="post" action="${page.action}">
      ${page.params.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
      <label for="email">Account</label>
      <input id="email" name="email" type="email" required value="${page.loginHint ?? ''}" placeholder="you@example.com" />
      <div class="buttons">
        <button type="submit" name="decision" value="allow">Allow</button>
        <button type="submit" name="decision" value="deny" formnovalidate>Cancel</button>
      </div>
    </form>
  </body>
</html>`;
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
