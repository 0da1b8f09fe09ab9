/**
 * The sandbox's consent screen, shared by the provider emulators: who signs in (pre-filled from `login_hint`), what
 * the app asks for, and allow / cancel buttons that post back to the authorization endpoint. Each provider passes
 * its own look and wording, so a demo still shows which sign-in it is walking through.
 */
import { html, raw } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';

/** How a provider's consent screen looks and speaks. */
export interface ConsentBranding {
  readonly title: string;
  /** The line above the heading saying no real account is involved. */
  readonly note: string;
  readonly heading: string;
  /** What follows the client id: `wants to`, `would like to`. */
  readonly asks: string;
  readonly allowLabel: string;
  /** Microsoft puts Cancel before Accept; Google puts Allow first. */
  readonly cancelFirst: boolean;
  readonly style: {
    readonly fontFamily: string;
    readonly maxWidth: string;
    readonly text: string;
    readonly muted: string;
    readonly buttonPadding: string;
    /** `border-radius`, when the provider rounds its buttons. */
    readonly buttonRadius?: string;
    readonly buttonBorder: string;
    readonly accent: string;
  };
}

/** What the page shows and carries through. */
export interface ConsentPage {
  readonly action: string;
  readonly clientId: string;
  readonly scopes: readonly string[];
  /**
   * Permissions the person may allow one by one (Google's granular consent: a checkbox each, unticked until they
   * tick it); posted back as `name=value` for each ticked box. None: the page asks for `scopes` as one bundle.
   */
  readonly choices?: readonly ConsentChoice[];
  readonly loginHint: string | undefined;
  /** The original query parameters, echoed as hidden fields so the post carries the same request. */
  readonly params: readonly (readonly [string, string])[];
}

/** One permission the person may tick or leave out. */
export interface ConsentChoice {
  /** The form field it posts as. */
  readonly name: string;
  /** What it posts when ticked (the scope). */
  readonly value: string;
  /** What the person reads next to the box. */
  readonly label: string;
}

/** Renders a provider's consent screen. */
export function renderConsentPage(
  brand: ConsentBranding,
  page: ConsentPage,
): HtmlEscapedString | Promise<HtmlEscapedString> {
  const allow = html`<button type="submit" name="decision" value="allow">${brand.allowLabel}</button>`;
  const cancel = html`<button type="submit" name="decision" value="deny" formnovalidate>Cancel</button>`;
  const [first, second] = brand.cancelFirst ? [cancel, allow] : [allow, cancel];
  return html`<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${brand.title}</title>
    <style>
${raw(styleSheet(brand.style))}
    </style>
  </head>
  <body>
    <p class="note">${brand.note}</p>
    <h1>${brand.heading}</h1>
    <p><strong>${page.clientId}</strong> ${brand.asks}:</p>
    <ul>
      ${page.scopes.map((scope) => html`<li>${scope}</li>`)}
    </ul>
    <form method="post" action="${page.action}">
      ${page.params.map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}" />`)}
      ${choiceList(page.choices)}
      <label for="email">Account</label>
      <input id="email" name="email" type="email" required value="${page.loginHint ?? ''}" placeholder="you@example.com" />
      <div class="buttons">
        ${first}
        ${second}
      </div>
    </form>
  </body>
</html>`;
}

/** The checkboxes of a granular consent, or nothing. */
function choiceList(choices: readonly ConsentChoice[] | undefined) {
  if (!choices || choices.length === 0) return '';
  return html`<fieldset>
        <legend>Select what it can access</legend>
        ${choices.map(
          (choice, index) =>
            html`<label class="choice"><input type="checkbox" id="choice-${index}" name="${choice.name}" value="${choice.value}" /> ${choice.label}<br /><small>${choice.value}</small></label>`,
        )}
      </fieldset>`;
}

/** The style rules; written raw because HTML escaping would break quoted font names inside `<style>`. */
function styleSheet(style: ConsentBranding['style']): string {
  const radius = style.buttonRadius === undefined ? '' : ` border-radius: ${style.buttonRadius};`;
  return [
    `body { font-family: ${style.fontFamily}; max-width: ${style.maxWidth}; margin: 3rem auto; padding: 0 1rem; color: ${style.text}; }`,
    `.note { color: ${style.muted}; font-size: 0.9rem; }`,
    'ul { padding-left: 1.2rem; } li { margin: 0.3rem 0; word-break: break-all; }',
    'label { display: block; margin: 1rem 0 0.3rem; }',
    'fieldset { border: 1px solid #dadce0; border-radius: 4px; } label.choice { margin: 0.5rem 0; } small { color: #5f6368; word-break: break-all; }',
    'input[type="email"] { width: 100%; padding: 0.5rem; font-size: 1rem; box-sizing: border-box; }',
    '.buttons { display: flex; gap: 0.75rem; margin-top: 1.5rem; }',
    `button { padding: ${style.buttonPadding}; font-size: 1rem;${radius} border: 1px solid ${style.buttonBorder}; background: #fff; }`,
    `button[value="allow"] { background: ${style.accent}; color: #fff; border-color: ${style.accent}; }`,
  ]
    .map((rule) => `      ${rule}`)
    .join('\n');
}
