/**
 * The sandbox's Microsoft consent screen: who signs in (pre-filled from `login_hint`), the permissions the app asks
 * for, and Accept / Cancel buttons that post back to the authorization endpoint.
 */
import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** What the page shows and carries through. */
export interface ConsentPage {
  readonly action: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  readonly loginHint: string | undefined;
  /** The original query, echoed as hidden fields so the post carries the same request. */
  readonly params: readonly (readonly [string, string])[];
}

/** Renders the consent screen. */
export function consentPage(page: ConsentPage): HtmlEscapedString | Promise<HtmlEscapedString> {
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Permissions requested – Microsoft sandbox</title>
    <style>
      body { font-family: 'Segoe UI', system-ui, sans-serif; max-width: 30rem; margin: 3rem auto; padding: 0 1rem; color: #1b1b1b; }
      .note { color: #605e5c; font-size: 0.9rem; }
      ul { padding-left: 1.2rem; } li { margin: 0.3rem 0; word-break: break-all; }
      label { display: block; margin: 1rem 0 0.3rem; }
      input[type="email"] { width: 100%; padding: 0.5rem; font-size: 1rem; box-sizing: border-box; }
      .buttons { display: flex; gap: 0.75rem; margin-top: 1.5rem; }
      button { padding: 0.5rem 1.4rem; font-size: 1rem; border: 1px solid #8a8886; background: #fff; }
      button[value="allow"] { background: #0067b8; color: #fff; border-color: #0067b8; }
    </style>
  </head>
  <body>
    <p class="note">Microsoft sandbox — no real Microsoft account is involved.</p>
    <h1>Permissions requested</h1>
    <p><strong>${page.clientId}</strong> would like to:</p>
    <ul>
      ${page.scopes.map((scope) => html`<li>${scope}</li>`)}
    </ul>
    <form method="post" action="${page.action}">
      ${page.params.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
      <label for="email">Account</label>
      <input id="email" name="email" type="email" required value="${page.loginHint ?? ''}" placeholder="you@example.com" />
      <div class="buttons">
        <button type="submit" name="decision" value="deny" formnovalidate>Cancel</button>
        <button type="submit" name="decision" value="allow">Accept</button>
      </div>
    </form>
  </body>
</html>`;
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
