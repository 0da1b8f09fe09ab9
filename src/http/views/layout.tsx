import { raw } from 'hono/html';
import type { Child } from 'hono/jsx';
import { STYLES } from './styles.ts';
import { TIME_ZONE_SCRIPT } from './time-zone-script.ts';

export interface LayoutProps {
  readonly title: string;
  /** The CSP nonce of this response; the inline style and script carry it or the browser ignores them. */
  readonly nonce?: string | undefined;
  readonly children?: Child;
}

/** The HTML document every page shares: phone-friendly head, the inline stylesheet and the time-zone script. */
export function Layout({ title, nonce, children }: LayoutProps) {
  return (
    <>
      {raw('<!doctype html>')}
      <html lang="en">
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          {/* Agenda URLs carry their access token: never send them on as a Referer (the header says so too). */}
          <meta name="referrer" content="no-referrer" />
          <title>{`${title} · Carryover`}</title>
          {/* Our own constant CSS; JSX would escape its quotes and `>` selectors. */}
          <style nonce={nonce} dangerouslySetInnerHTML={{ __html: STYLES }} />
        </head>
        <body>
          <main>{children}</main>
          {/* Last in the body so it can see whether the page shows a form error (see the script). */}
          <script nonce={nonce} dangerouslySetInnerHTML={{ __html: TIME_ZONE_SCRIPT }} />
        </body>
      </html>
    </>
  );
}
