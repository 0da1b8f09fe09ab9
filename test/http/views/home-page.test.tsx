import { describe, expect, it } from 'vitest';
import { HomePage } from '../../../src/http/views/home-page.tsx';
import { render, section, text } from './render.ts';

/** Providers as `deps.providers` holds them: the page reads only which are set up. */
const both = { google: {}, microsoft: {} } as const;

const links = (html: string) =>
  [...html.matchAll(/<a href="([^"]+)">([^<]*)<\/a>/g)].map(([, href, label]) => ({ href, label }));

describe('HomePage', () => {
  it('says what Carryover is', async () => {
    const words = text(await render(<HomePage sandbox={false} providers={both} />));
    expect(words).toContain('Carryover puts a living agenda into the calendar invite');
    expect(words).toContain('carries into the next 1:1');
  });

  it('leads to connecting each provider this deployment has set up, and to the connected calendars', async () => {
    const html = await render(<HomePage sandbox={false} providers={both} />);
    expect(links(html)).toEqual([
      { href: '/connect/google', label: 'Connect Google Calendar' },
      { href: '/connect/microsoft', label: 'Connect Outlook' },
      { href: '/account', label: 'Your connected calendars' },
    ]);
  });

  it('offers only the providers that are set up', async () => {
    const google = links(await render(<HomePage sandbox={false} providers={{ google: {} }} />));
    expect(google.map((l) => l.href)).toEqual(['/connect/google', '/account']);
    const outlook = links(await render(<HomePage sandbox={false} providers={{ microsoft: {} }} />));
    expect(outlook.map((l) => l.label)).toEqual(['Connect Outlook', 'Your connected calendars']);
  });

  it('says so, rather than offering a dead button, when no provider is set up', async () => {
    const html = await render(<HomePage sandbox={false} />);
    expect(html).not.toContain('/connect/');
    expect(text(html)).toContain('No calendar provider is set up on this Carryover yet');
  });

  it('says what happens once connected: the invite, the emails, and who sees what', async () => {
    const words = text(section(await render(<HomePage sandbox={false} providers={both} />), 'next'));
    expect(words).toContain('What happens next');
    expect(words).toContain('one short block to the next meeting of each 1:1');
    expect(words).toContain('changes nothing else in the invite');
    expect(words).toContain('Before each meeting, both of you get a reminder with the agenda so far.');
    expect(words).toContain("After each meeting, both of you get an email, sent from the organizer's mailbox");
    expect(words).toContain('opens the shared agenda to anyone who can see the invite');
    expect(words).toContain('private notes, which only you ever see');
  });

  it('offers a demo 1:1 in sandbox mode beside connecting, and says no real calendar is connected', async () => {
    const html = await render(<HomePage sandbox={true} providers={both} nonce="n" />);
    expect(html).toMatch(
      /<form method="post" action="\/demo"><button type="submit" class="primary">Create a demo 1:1<\/button><\/form>/,
    );
    expect(html).toContain('href="/connect/google"');
    const words = text(html);
    expect(words).toContain('sample weekly 1:1 between a manager and a report');
    expect(words).toContain("opens the manager's agenda");
    expect(words).toContain('no real calendar or inbox is connected');
    expect(words).toContain('connecting signs in to an emulated account');
  });

  it('has no demo outside the sandbox', async () => {
    const html = await render(<HomePage sandbox={false} providers={both} />);
    expect(html).not.toContain('/demo');
    expect(html).not.toContain('emulated');
  });

  it('is one h1 then labelled sections, each named by its own heading', async () => {
    for (const sandbox of [false, true]) {
      const html = await render(<HomePage sandbox={sandbox} providers={both} />);
      expect(html.match(/<h1[ >]/g)).toHaveLength(1);
      const labelled = [...html.matchAll(/<section id="[^"]+" aria-labelledby="([^"]+)"/g)].map(([, id]) => id!);
      expect(labelled.length).toBe(sandbox ? 3 : 2);
      for (const id of labelled) expect(html).toContain(`<h2 id="${id}">`);
      expect(links(html).every((l) => (l.label ?? '').trim().length > 0)).toBe(true);
    }
  });
});
