import { describe, expect, it } from 'vitest';
import { HomePage } from '../../../src/http/views/home-page.tsx';
import { render, text } from './render.ts';

describe('HomePage', () => {
  it('says what Carryover is', async () => {
    const words = text(await render(<HomePage sandbox={false} />));
    expect(words).toContain('Carryover puts a living agenda into the calendar invite');
    expect(words).toContain('carries into the next 1:1');
  });

  it('offers a demo 1:1 in sandbox mode and says no real calendar is connected', async () => {
    const html = await render(<HomePage sandbox={true} nonce="n" />);
    expect(html).toMatch(
      /<form method="post" action="\/demo"><button type="submit" class="primary">Create a demo 1:1<\/button><\/form>/,
    );
    const words = text(html);
    expect(words).toContain('sample weekly 1:1 between a manager and a report');
    expect(words).toContain("opens the manager's agenda");
    expect(words).toContain('no real calendar or inbox is connected');
  });

  it('has no demo outside the sandbox', async () => {
    const html = await render(<HomePage sandbox={false} />);
    expect(html).not.toContain('/demo');
  });
});
