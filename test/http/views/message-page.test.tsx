import { describe, expect, it } from 'vitest';
import { MessagePage } from '../../../src/http/views/message-page.tsx';
import { render, text } from './render.ts';

describe('MessagePage', () => {
  it('explains a link that does not work and where to find the current one', async () => {
    const html = await render(
      <MessagePage
        title="Agenda not found"
        message="This agenda link doesn't work — it may be mistyped or revoked."
        status={404}
        nonce="n"
      />,
    );
    const words = text(html);
    expect(words).toContain('Agenda not found');
    expect(words).toContain("This agenda link doesn't work — it may be mistyped or revoked.");
    expect(words).toContain('latest Carryover email or from the calendar invite');
    expect(html).toContain('<style nonce="n">');
  });

  it('shows other errors without the link advice, escaping the message', async () => {
    const html = await render(<MessagePage title="Something went wrong" message="<i>nothing</i> was changed" />);
    expect(html).toContain('&lt;i&gt;nothing&lt;/i&gt; was changed');
    expect(text(html)).not.toContain('calendar invite');
  });
});
