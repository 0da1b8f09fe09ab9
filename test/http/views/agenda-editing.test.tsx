import { describe, expect, it } from 'vitest';
import { AgendaPage, type AgendaPageProps } from '../../../src/http/views/agenda-page.tsx';
import { ConfirmDeletePage } from '../../../src/http/views/confirm-delete-page.tsx';
import { agendaView, commitment, historyEntry, occurrence, sharedView, topic } from './fixtures.ts';
import { render, section, tagWithId, text } from './render.ts';

const token = 'tok_abc';
const page = (props: Partial<AgendaPageProps> = {}) =>
  render(<AgendaPage view={agendaView()} token={token} nonce="n0nce" {...props} />);

describe('editing on the agenda page', () => {
  it('gives every talking point an Edit form, a labelled position choice and a Delete that only asks', async () => {
    const html = await page({
      view: agendaView({ topics: [topic(), topic({ id: 't-2', text: 'Offsite', position: 1 })] }),
    });
    const topics = section(html, 'topics');
    expect(topics).toContain('<summary>Edit<span class="visually-hidden"> &#39;Career plans&#39;</span></summary>');
    expect(topics).toContain('<label for="topic-t-1-text">Text</label>');
    expect(tagWithId(topics, 'topic-t-1-text')).toContain('value="Career plans"');
    expect(topics).toContain('<form method="get" action="/a/tok_abc/topics/t-1/delete">');
  });

  it('offers Delete for a commitment only while no later meeting has reviewed it', async () => {
    const fresh = commitment({ id: 'c-new', text: 'Fresh', deletable: true });
    const kept = commitment({ id: 'c-old', text: 'Agreed', deletable: false });
    const html = await page({
      view: agendaView({ review: { open: [kept], closedSinceLast: [] }, nextSteps: [fresh] }),
    });
    expect(section(html, 'next-steps')).toContain('action="/a/tok_abc/commitments/c-new/delete"');
    expect(section(html, 'progress')).not.toContain('/delete');
    expect(section(html, 'progress')).toContain('aria-label="Drop &#39;Agreed&#39;"');
    expect(tagWithId(section(html, 'progress'), 'commitment-c-old-due')).toContain('value="2025-03-07"');
  });

  it('opens the Edit form of the one commitment whose past due date needs confirming, with "Save anyway"', async () => {
    const html = await page({
      view: agendaView({ nextSteps: [commitment({ id: 'c-1' }), commitment({ id: 'c-2', text: 'Other' })] }),
      formError: {
        section: 'commitment-edit',
        itemId: 'c-1',
        field: 'due',
        message: 'Fri 7 Mar 2025 has already passed, so this commitment would show as overdue at once.',
        values: { text: 'Ship the RFC', owner: 'rob@example.com', due: '2025-03-01' },
        pastDue: true,
      },
    });
    const steps = section(html, 'next-steps');
    expect(steps.match(/<details class="edit" open="">/g)).toHaveLength(1);
    expect(steps).toContain('<div role="alert" id="commitment-edit-c-1-error" class="alert warn"');
    expect(text(steps)).toContain('Check the date. Fri 7 Mar 2025 has already passed');
    expect(steps).toContain('<button type="submit" name="allowPastDue" value="true">Save anyway</button>');
    expect(tagWithId(steps, 'commitment-c-1-due')).toContain('value="2025-03-01"');
  });

  it('has a Decisions field in the deep-dive form and shows decisions in the history', async () => {
    const html = await page({
      view: agendaView({ decisions: 'Ship Friday', history: [historyEntry({ decisions: 'Hire two' })] }),
    });
    expect(section(html, 'deep-dive')).toContain('<textarea id="decisions" name="decisions"');
    expect(text(section(html, 'deep-dive'))).toContain('Ship Friday');
    expect(text(section(html, 'history'))).toContain('Decisions Hire two');
  });

  it('lists later meetings apart from earlier ones on an old meeting', async () => {
    const later = occurrence({ id: 'occ-later', phase: 'ended', when: 'Mon, Mar 17' });
    const html = await page({ view: agendaView({ later: [later] }) });
    const history = section(html, 'history');
    expect(text(history)).toContain('Later 1:1s Mon, Mar 17');
    expect(history).toContain('href="/a/tok_abc?occurrence=occ-later"');
  });

  it('says on the shared link who this device said it was, and chooses them again', async () => {
    const html = await page({ view: sharedView(), rememberedAs: 'rob@example.com' });
    expect(text(html)).toContain('On this device you are Rob Report');
    expect(section(html, 'topics')).toContain('<option value="rob@example.com" selected="">Rob Report</option>');
  });
});

describe('ConfirmDeletePage', () => {
  const base = {
    what: 'talking point',
    text: 'Career plans',
    action: '/a/tok/topics/t-1/delete',
    occurrenceId: 'occ-now',
    from: 'topics',
    back: '/a/tok?occurrence=occ-now#topic-t-1',
  };

  it('quotes what goes and holds the real, confirmed Delete button and the way back', async () => {
    const html = await render(<ConfirmDeletePage {...base} />);
    expect(text(html)).toContain('Delete this talking point? Career plans');
    expect(html).toContain('<input type="hidden" name="confirm" value="yes"/>');
    expect(html).toContain('href="/a/tok?occurrence=occ-now#topic-t-1"');
  });

  it('offers Drop instead when the commitment is part of the record', async () => {
    const html = await render(
      <ConfirmDeletePage
        {...base}
        what="commitment"
        blocked={{ message: 'Drop it instead.', dropAction: '/a/tok/commitments/c-1' }}
      />,
    );
    expect(html).not.toContain('name="confirm"');
    expect(html).toContain('<form method="post" action="/a/tok/commitments/c-1">');
    expect(html).toContain('<input type="hidden" name="status" value="dropped"/>');
  });
});

describe('talking points carried forward, on the page', () => {
  it('marks a carried point with the meeting it came from, and an old one as carried on', async () => {
    const carried = topic({ carriedFrom: { occurrenceId: 'occ-prev', when: 'Tue 17 Nov, 10:00' } });
    const left = topic({ id: 't-old', text: 'Left open', carriedOn: true });
    const html = await page({
      view: agendaView({ topics: [carried], history: [historyEntry({ topics: [left] })] }),
    });
    expect(text(section(html, 'topics'))).toContain('carried from Tue 17 Nov, 10:00');
    expect(section(html, 'topics')).toContain('href="/a/tok_abc?occurrence=occ-prev"');
    expect(text(section(html, 'history'))).toContain('Left open carried to the next 1:1');
  });
});

describe('reminders on the page', () => {
  it("offers each person their 1:1's reminder switch, with the deployment's lead time", async () => {
    const on = section(await page({ reminderHours: 24 }), 'reminders');
    expect(text(on)).toContain('24 hours before each meeting, both of you get a reminder email');
    expect(on).toContain('<button type="submit">Turn reminders off</button>');
    const off = section(
      await page({ view: agendaView({ series: { ...agendaView().series, reminders: false } }), reminderHours: 0.5 }),
      'reminders',
    );
    expect(text(off)).toContain('Reminders are off');
    expect(off).toContain('Turn reminders on');
  });

  it('shows no switch on the shared link, and says so when the deployment sends no reminders', async () => {
    const shared = await render(<AgendaPage view={sharedView()} token={token} reminderHours={24} />);
    expect(shared).not.toContain('id="reminders"');
    const none = section(await page({ reminderHours: 0 }), 'reminders');
    expect(text(none)).toContain('sends no reminder emails');
    expect(none).not.toContain('<button');
  });
});
