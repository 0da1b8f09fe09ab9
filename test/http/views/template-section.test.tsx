import { describe, expect, it } from 'vitest';
import type { AgendaView } from '../../../src/agenda/agenda-view.ts';
import { templateView } from '../../../src/agenda/template-part.ts';
import { builtInTemplate, templateOf } from '../../../src/core/templates.ts';
import { AgendaPage } from '../../../src/http/views/agenda-page.tsx';
import { agendaView, report, sharedView } from './fixtures.ts';
import { render, section, text } from './render.ts';

const token = 'tok_abc';
const page = (view: AgendaView) => render(<AgendaPage view={view} token={token} nonce="n0nce" />);
const weekly = templateView(builtInTemplate('weekly'));
const career = templateView(builtInTemplate('career'));

describe('the agenda page with a template', () => {
  it.each([
    ['the manager', agendaView()],
    ['the report', agendaView({ viewer: { role: 'attendee', email: report.email } })],
    ['the shared link', sharedView()],
  ])('reads, for %s, exactly as before templates when the template is weekly', async (_, view) => {
    const before = await page(view);
    const after = await page({ ...view, template: weekly });
    for (const id of ['check-in', 'topics', 'deep-dive', 'next-steps']) {
      expect(section(after, id)).toBe(section(before, id));
    }
  });

  it("asks the template's questions as a list and shows its prompts as each section's guide", async () => {
    const html = await page(agendaView({ template: career }));
    const checkIn = section(html, 'check-in');
    expect(checkIn).toContain('<ul class="guide questions"><li>What has energised you lately');
    expect(checkIn.match(/<li>/g)).toHaveLength(3);
    expect(text(section(html, 'topics'))).toContain(
      "Rob Report: add what you want to explore about your work and your growth before the meeting. It's your time.",
    );
    expect(text(section(html, 'deep-dive'))).toContain('Pick one development area and go deep');
    expect(text(section(html, 'next-steps'))).toContain('Agree one concrete step towards that development area');
  });

  it('offers the built-ins and custom as one labelled radio group, the one in use chosen', async () => {
    const settings = section(await page(agendaView({ template: career })), 'template');
    expect(settings).toContain('<h2 id="template-title">Meeting template</h2>');
    expect(settings).toContain('action="/a/tok_abc/template"');
    expect(settings).toContain('<legend>Template</legend>');
    for (const key of ['weekly', 'career', 'skip-level', 'custom']) {
      expect(settings).toContain(`<label for="template-${key}">`);
    }
    expect(settings).toMatch(/id="template-career" name="template" value="career" checked=""/);
    expect(settings).not.toMatch(/id="template-weekly" name="template" value="weekly" checked/);
    // The custom fields start from the template in use, one question per line.
    expect(settings).toContain(
      `<textarea id="template-check-in" name="checkIn" rows="7">\n${career.checkIn.join('\n')}`,
    );
    expect(settings).toContain('<label for="template-deepDive">');
  });

  it('only says which template is used on the shared link, and shows nothing without a template', async () => {
    const shared = section(
      await page(sharedView({ template: templateView(templateOf('custom', undefined)) })),
      'template',
    );
    expect(text(shared)).toContain('This 1:1 uses the Weekly 1:1 template.');
    expect(shared).not.toContain('<form');
    expect(section(await page(agendaView()), 'template')).toBe('');
  });
});
