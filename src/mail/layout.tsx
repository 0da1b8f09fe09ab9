/**
 * The building blocks every Carryover email shares, written for the mail clients people read 1:1 email in (sources
 * in FIDELITY.md, "Email rendering"):
 * - styles inline on each element: Gmail drops a <style> block in some of its clients, and every client keeps
 *   `style` attributes;
 * - layout in tables (`role="presentation"`): Outlook for Windows renders with Word, which ignores max-width, floats
 *   and most box styling on <div>s, but lays out tables; a fixed 600 px table inside an `[if mso]` comment gives it
 *   the width other clients get from max-width;
 * - a system sans-serif stack and no web fonts, images, external CSS or scripts: clients block or strip them;
 * - every text people wrote is escaped (hono/jsx escapes children and attributes) and may break anywhere
 *   (overflow-wrap / word-break, and `table-layout: fixed` so one long word cannot widen the table).
 */
import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';

/** The system sans-serif stack: each platform's own UI font, with sans-serif last for anything else. */
export const FONT_STACK = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";

const TEXT = '#1f2328';
const MUTED = '#59636e';
const ACCENT = '#1a56db';
/** Lets text people wrote wrap, however long its words. */
const WRAP = 'word-break: break-word; overflow-wrap: anywhere;';
const BASE = `font-family: ${FONT_STACK}; color: ${TEXT}; ${WRAP}`;

export interface EmailLayoutProps {
  readonly title: string;
  /** The line inbox lists show after the subject (hidden in the message itself). */
  readonly preheader: string;
  readonly children?: Child;
}

/** The whole HTML document: a centred card of at most 600 px on a grey background. */
export function EmailLayout({ title, preheader, children }: EmailLayoutProps) {
  return (
    <>
      {raw('<!DOCTYPE html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <meta name="x-apple-disable-message-reformatting" />
          <title>{title}</title>
        </head>
        <body style="margin: 0; padding: 0; background-color: #f3f4f6;">
          <div style="display: none; max-height: 0; overflow: hidden; opacity: 0;">{preheader}</div>
          <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border={0} style="width: 100%;">
            <tr>
              <td align="center" style="padding: 16px 8px; background-color: #f3f4f6;">
                {raw(
                  '<!--[if mso]><table role="presentation" width="600" cellpadding="0" cellspacing="0"><tr><td><![endif]-->',
                )}
                <table
                  role="presentation"
                  width="100%"
                  cellpadding="0"
                  cellspacing="0"
                  border={0}
                  style="width: 100%; max-width: 600px; table-layout: fixed; background-color: #ffffff; border: 1px solid #d9dce1; border-radius: 8px;"
                >
                  <tr>
                    <td style={`padding: 24px 20px; ${BASE} font-size: 16px; line-height: 1.5;`}>{children}</td>
                  </tr>
                </table>
                {raw('<!--[if mso]></td></tr></table><![endif]-->')}
              </td>
            </tr>
          </table>
        </body>
      </html>
    </>
  );
}

/** A paragraph of our own words (or a person's text, escaped). */
export function Paragraph({ children, muted = false }: { readonly children?: Child; readonly muted?: boolean }) {
  const color = muted ? `color: ${MUTED}; font-size: 14px;` : '';
  return <p style={`margin: 0 0 16px 0; ${BASE} ${color}`}>{children}</p>;
}

/** A section heading. */
export function Heading({ children }: { readonly children?: Child }) {
  return (
    <h2 style={`margin: 24px 0 8px 0; ${BASE} font-size: 17px; line-height: 1.3; font-weight: 600;`}>{children}</h2>
  );
}

/** A bulleted list; each item is one line of its own. */
export function List({ items }: { readonly items: readonly Child[] }) {
  return (
    <ul style={`margin: 0 0 16px 0; padding: 0 0 0 20px; ${BASE}`}>
      {items.map((item) => (
        <li style={`margin: 0 0 6px 0; ${BASE}`}>{item}</li>
      ))}
    </ul>
  );
}

/** Text a person wrote over several lines: each line kept (Word ignores `white-space: pre-wrap`, a <br> it keeps). */
export function Lines({ text }: { readonly text: string }) {
  const lines = text.split(/\r?\n/);
  return (
    <p style={`margin: 0 0 16px 0; ${BASE}`}>
      {lines.map((line, i) => (
        <>
          {line}
          {i < lines.length - 1 ? <br /> : null}
        </>
      ))}
    </p>
  );
}

/** Quiet text inside a line (an owner, a due date). */
export function Muted({ children }: { readonly children?: Child }) {
  return <span style={`color: ${MUTED};`}>{children}</span>;
}

/**
 * The one action of an email, as a "bulletproof" button: the colour sits on the table cell (Word ignores padding and
 * backgrounds on links) and the link fills it, so every client shows a clickable block.
 */
export function Button({ href, children }: { readonly href: string; readonly children?: Child }) {
  return (
    <table role="presentation" cellpadding="0" cellspacing="0" border={0} style="margin: 8px 0 24px 0;">
      <tr>
        <td bgcolor={ACCENT} style={`background-color: ${ACCENT}; border-radius: 6px;`}>
          <a
            href={href}
            style={`display: inline-block; padding: 12px 22px; font-family: ${FONT_STACK}; font-size: 16px; font-weight: 600; line-height: 1.2; color: #ffffff; text-decoration: none; border-radius: 6px;`}
          >
            {children}
          </a>
        </td>
      </tr>
    </table>
  );
}

/** One choice of a row of them: where it goes, and what it says. */
export interface ChoiceLink {
  readonly href: string;
  readonly label: string;
}

/**
 * A row of small choices, each its own link (the recap's 1–5 rating): bordered boxes of at least 24 px each way that
 * wrap onto the next line on a narrow screen rather than widen the email. Word ignores their padding, but each still
 * reads as its own link.
 */
export function ChoiceLinks({ links }: { readonly links: readonly ChoiceLink[] }) {
  return (
    <p style={`margin: 0 0 16px 0; ${BASE}`}>
      {links.map(({ href, label }) => (
        <>
          <a
            href={href}
            style={`display: inline-block; min-width: 24px; min-height: 24px; padding: 8px 12px; margin: 0 4px 4px 0; border: 1px solid ${ACCENT}; border-radius: 6px; font-family: ${FONT_STACK}; font-size: 15px; line-height: 1.2; color: ${ACCENT}; text-decoration: none; white-space: nowrap;`}
          >
            {label}
          </a>{' '}
        </>
      ))}
    </p>
  );
}

/** Said under every link of a person's own: it opens their private notes too, so it is not one to forward. */
export const OWN_LINK_WARNING = 'This link is yours: it also holds your private notes. Please do not forward it.';

/** The end of every email about a meeting: the recipient's own link spelled out, and why it stays theirs. */
export function OwnLinkFooter({ href }: { readonly href: string }) {
  return (
    <>
      <LinkLine href={href} />
      <Paragraph muted>{OWN_LINK_WARNING}</Paragraph>
    </>
  );
}

/** A link shown in full under the button, for clients that block the button or readers who copy it. */
export function LinkLine({ href }: { readonly href: string }) {
  return (
    <p style={`margin: 0 0 16px 0; ${BASE} color: ${MUTED}; font-size: 13px;`}>
      Or open:{' '}
      <a href={href} style={`color: ${ACCENT}; ${WRAP}`}>
        {href}
      </a>
    </p>
  );
}

/** Renders an email's JSX to the HTML string a message carries. */
export async function renderEmail(node: string | Promise<string>): Promise<string> {
  // A JSX tree stringifies itself; to a Promise when a component in it is async (none of ours is, but it may be).
  return String(await (await node).toString());
}
