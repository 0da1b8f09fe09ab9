import { describe, expect, it } from 'vitest';
import { Layout } from '../../../src/http/views/layout.tsx';
import { render } from './render.ts';

describe('Layout', () => {
  it('is a complete English document sized for phones', async () => {
    const html = await render(<Layout title="Agenda">body</Layout>);
    expect(html).toMatch(/^<!doctype html><html lang="en">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1"/>');
    expect(html).toContain('<title>Agenda · Carryover</title>');
    expect(html).toContain('<main>body</main>');
  });

  it('puts the CSP nonce on its inline style and script, and loads nothing from elsewhere', async () => {
    const html = await render(
      <Layout title="Agenda" nonce="r4nd0m">
        x
      </Layout>,
    );
    expect(html).toContain('<style nonce="r4nd0m">');
    expect(html).toContain('<script nonce="r4nd0m">');
    expect(html).not.toMatch(/<link|\ssrc=|@import|url\(/);
    // The stylesheet is ours and constant: it must reach the browser unescaped.
    expect(html).toContain("input[type='text']");
  });

  it('remembers the browser time zone in a year-long tz cookie and reloads only when it changed', async () => {
    const html = await render(<Layout title="Agenda">x</Layout>);
    const script = html.slice(html.indexOf('<script'), html.indexOf('</script>'));
    expect(script).toContain('Intl.DateTimeFormat().resolvedOptions().timeZone');
    expect(script).toContain("'tz=' + encodeURIComponent(zone) + '; path=/; SameSite=Lax; max-age=31536000'");
    expect(script).toContain('if (read() === zone) return;');
    expect(script).toContain('location.reload()');
  });

  it('escapes the title', async () => {
    const html = await render(<Layout title={'<b>x</b>'}>x</Layout>);
    expect(html).toContain('<title>&lt;b&gt;x&lt;/b&gt; · Carryover</title>');
  });
});
