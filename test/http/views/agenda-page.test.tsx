import { describe, expect, it } from 'vitest';
import { AgendaPage, type AgendaPageProps } from '../../../src/http/views/agenda-page.tsx';
import { agendaView, commitment, historyEntry, manager, occurrence, report, sharedView, topic } from './fixtures.ts';
import { render, section, tagWithId, text } from './render.ts';

const token = 'tok_abc';
const page = (props: Partial<AgendaPageProps> = {}) =>
  render(<AgendaPage view={agendaView()} token={token} nonce="n0nce" {...props} />);

describe('AgendaPage', () => {
  it('shows the sections in the order a 1:1 runs', async () => {
    const html = await page();
    const order = [
      'check-in',
      'progress',
      'topics',
      'deep-dive',
      'next-steps',
      'private-note',
      'history',
      'follow-through',
    ];
    const positions = order.map((id) => html.indexOf(`<section id="${id}"`));
    expect(positions.every((p) => p > 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(text(section(html, 'check-in'))).toContain('How are you doing? Anything on your mind before we start?');
  });

  it('heads the page with the series, both people, the meeting time in the viewer zone, and its phase', async () => {
    const html = await page({
      view: agendaView({ timeZone: 'America/New_York', occurrence: occurrence({ phase: 'in-progress' }) }),
    });
    const header = text(html.slice(html.indexOf('<header'), html.indexOf('</header>')));
    expect(header).toContain('Maya / Rob weekly');
    expect(header).toContain(`${manager.name} and ${report.name}`);
    expect(header).toContain('Mon, Mar 10, 10:00–10:30');
    expect(header).toContain('Times shown in America/New_York');
    expect(header).toContain('in progress');
  });

  it('says a cancelled meeting is cancelled', async () => {
    const html = await page({ view: agendaView({ occurrence: occurrence({ cancelled: true }) }) });
    expect(html).toContain('<span class="badge badge-cancelled">cancelled</span>');
  });

  it('links to the previous and next meetings of this agenda link', async () => {
    const html = await page({
      view: agendaView({
        previous: occurrence({ id: 'occ-prev', when: 'Mon, Mar 3' }),
        next: occurrence({ id: 'occ-next', when: 'Mon, Mar 17' }),
      }),
    });
    expect(html).toContain('href="/a/tok_abc?occurrence=occ-prev"');
    expect(html).toContain('href="/a/tok_abc?occurrence=occ-next"');
    expect(text(html)).toContain('Previous meeting: Mon, Mar 3');
  });

  it('badges an overdue commitment and offers Done and Drop, each naming it for screen readers', async () => {
    const html = await page({
      view: agendaView({ review: { open: [commitment({ overdue: true })], closedSinceLast: [] } }),
    });
    const progress = section(html, 'progress');
    expect(text(progress)).toContain('Ship the RFC — Rob Report, due Mar 7, 2025 overdue');
    expect(progress).toContain('<time datetime="2025-03-07">');
    expect(progress).toContain('action="/a/tok_abc/commitments/c-1"');
    expect(progress).toContain('aria-label="Mark &#39;Ship the RFC&#39; done"');
    expect(progress).toContain('aria-label="Drop &#39;Ship the RFC&#39;"');
    expect(progress).toContain('<input type="hidden" name="status" value="done"/>');
    expect(progress).not.toContain('Reopen');
  });

  it('shows commitments closed since last time with a Reopen button', async () => {
    const done = commitment({ id: 'c-2', text: 'Book the offsite', status: 'done', closedAt: '2025-03-05T10:00:00Z' });
    const html = await page({ view: agendaView({ review: { open: [], closedSinceLast: [done] } }) });
    const progress = section(html, 'progress');
    expect(text(progress)).toContain('Closed since last time');
    expect(text(progress)).toContain('Book the offsite');
    expect(text(progress)).toContain('done ✓');
    expect(progress).toContain('aria-label="Reopen &#39;Book the offsite&#39;"');
    expect(progress).toContain('<input type="hidden" name="status" value="open"/>');
    expect(progress).not.toContain('>Done<');
  });

  it('lists talking points in order with who added them, each movable to any place in one step', async () => {
    const html = await page({
      view: agendaView({
        topics: [
          topic({ id: 't-2', text: 'Team offsite', position: 1, author: null, authorName: null, resolved: true }),
          topic({ id: 't-1', text: 'Career plans', position: 0 }),
        ],
      }),
    });
    const topics = section(html, 'topics');
    expect(topics.indexOf('Career plans')).toBeLessThan(topics.indexOf('Team offsite'));
    expect(text(topics)).toContain('Career plans — added by Rob Report');
    expect(text(topics)).toContain('Team offsite resolved');
    expect(topics).toContain('aria-label="Resolve &#39;Career plans&#39;"');
    expect(topics).toContain('aria-label="Unresolve &#39;Team offsite&#39;"');
    // A labelled choice of every place (shown 1-based, sent 0-based), the topic's own place chosen.
    const teamSelect = topics.slice(topics.indexOf('<select id="topic-t-2-position"'));
    expect(teamSelect).toMatch(/^<select id="topic-t-2-position" name="position"><option value="0">1<\/option>/);
    expect(teamSelect).toContain('<option value="1" selected="">2</option>');
    expect(topics).toContain('<label for="topic-t-2-position">Position<span class="visually-hidden"> of &#39;Team');
    expect(topics).toContain('aria-label="Move &#39;Team offsite&#39; to the chosen position"');
  });

  it('invites the report to bring topics before an upcoming meeting, and not once it has happened', async () => {
    const upcoming = await page();
    expect(text(section(upcoming, 'topics'))).toContain('Rob Report: add what you want to talk about before');
    const asReport = await page({ view: agendaView({ viewer: { role: 'attendee', email: report.email } }) });
    expect(text(section(asReport, 'topics'))).toContain('This is your time: add what you want to talk about');
    const ended = await page({ view: agendaView({ occurrence: occurrence({ phase: 'ended' }) }) });
    expect(text(section(ended, 'topics'))).not.toContain('before the meeting');
  });

  it('gives a personal link its private note and no "I am" question', async () => {
    const html = await page({ view: agendaView({ privateNote: 'Ask about the promotion case' }) });
    const note = section(html, 'private-note');
    expect(text(note)).toContain('Private note (only you see this)');
    expect(note).toContain('action="/a/tok_abc/private-note"');
    expect(note).toContain('Ask about the promotion case</textarea>');
    expect(html).not.toContain('name="as"');
    expect(text(html)).toContain("This is Maya Manager's personal link");
  });

  it('asks "I am" on the shared link wherever something is created, and points to the email for private notes', async () => {
    const html = await render(<AgendaPage view={sharedView()} token={token} />);
    for (const id of ['topic-as', 'commitment-as']) {
      const select = tagWithId(html, id);
      expect(select).toContain('name="as"');
      expect(select).toContain('required');
      expect(html).toContain(`<label for="${id}">I am</label>`);
    }
    expect(section(html, 'topics')).toContain('name="as"');
    expect(section(html, 'next-steps')).toContain('name="as"');
    expect(section(html, 'deep-dive')).not.toContain('name="as"');
    const note = section(html, 'private-note');
    expect(note).not.toContain('<form');
    expect(text(note)).toContain('Private notes need your personal link');
    expect(text(note)).toContain('email');
    // Nobody is picked for the shared link: the owner has to be chosen.
    expect(section(html, 'next-steps')).toContain('<option value="" selected="">Choose…</option>');
  });

  it('records a commitment with text, an owner chosen by name, and an optional date', async () => {
    const html = await page();
    const steps = section(html, 'next-steps');
    expect(steps).toContain('action="/a/tok_abc/commitments"');
    expect(tagWithId(steps, 'commitment-text')).toContain('required');
    expect(tagWithId(steps, 'commitment-due')).toContain('type="date"');
    expect(tagWithId(steps, 'commitment-due')).not.toContain('required');
    expect(steps).toContain(`<option value="${manager.email}" selected="">${manager.name}</option>`);
    expect(steps).toContain(`<option value="${report.email}">${report.name}</option>`);
  });

  it('shows in the history what each earlier 1:1 decided and what became of it', async () => {
    const html = await page({
      view: agendaView({
        review: { open: [commitment({ id: 'c-late', overdue: true })], closedSinceLast: [] },
        history: [
          historyEntry({
            deepDive: 'Growth plan',
            topics: [topic({ text: 'Hiring', resolved: true })],
            nextSteps: [
              commitment({ id: 'c-done', text: 'Draft the plan', status: 'done' }),
              commitment({ id: 'c-drop', text: 'Rewrite the CLI', status: 'dropped' }),
              commitment({ id: 'c-late', text: 'Ship the RFC' }),
              commitment({ id: 'c-open', text: 'Read the book', due: null }),
            ],
          }),
          historyEntry({ occurrence: occurrence({ id: 'occ-old', phase: 'ended', when: 'Mon, Feb 24' }) }),
        ],
      }),
    });
    const history = section(html, 'history');
    expect(history).toContain('href="/a/tok_abc?occurrence=occ-prev"');
    expect(history.indexOf('occ-prev')).toBeLessThan(history.indexOf('occ-old'));
    const words = text(history);
    expect(words).toContain('Deep dive: Growth plan');
    expect(words).toContain('Hiring resolved');
    expect(words).toContain('Draft the plan — Rob Report, due Mar 7, 2025 done ✓');
    expect(words).toContain('Rewrite the CLI — Rob Report, due Mar 7, 2025 dropped');
    expect(words).toContain('Ship the RFC — Rob Report, due Mar 7, 2025 overdue');
    expect(words).toContain('Read the book — Rob Report open');
    expect(words).toContain('Nothing was recorded for this meeting.');
    // The history is a record: changing things happens on the meeting's own page.
    expect(history).not.toContain('<form');
  });

  it('says so when there are no earlier 1:1s', async () => {
    expect(text(section(await page(), 'history'))).toContain('No earlier 1:1s yet.');
  });

  it('shows follow-through as plain counts and an on-time percentage, or a dash before anything came due', async () => {
    const counted = await page({
      view: agendaView({
        followThrough: { total: 9, doneOnTime: 3, doneLate: 1, open: 2, overdue: 2, dropped: 1, onTimeRate: 0.5 },
      }),
    });
    const words = text(section(counted, 'follow-through'));
    expect(words).toContain('Done on time 3 Done late 1 Open, not yet due 2 Overdue 2 Dropped 1 On-time rate 50%');
    expect(text(section(await page(), 'follow-through'))).toContain('On-time rate —');
  });

  it('shows a refused form in its section, marks the field and gives back what was typed', async () => {
    const html = await page({
      formError: {
        section: 'commitments',
        field: 'text',
        message: 'a commitment needs some text',
        values: { text: '   ', owner: report.email, due: '2025-04-01', occurrence: 'occ-now' },
      },
    });
    const steps = section(html, 'next-steps');
    // Focused as the page loads, so the person hears and sees why, next to the form.
    expect(steps).toContain('<div role="alert" id="commitments-error" class="alert" tabindex="-1" autofocus="">');
    expect(text(steps)).toContain('Not saved. a commitment needs some text');
    const input = tagWithId(steps, 'commitment-text');
    expect(input).toContain('aria-invalid="true"');
    expect(input).toContain('aria-describedby="commitments-error"');
    expect(input).toContain('value="   "');
    expect(tagWithId(steps, 'commitment-due')).toContain('value="2025-04-01"');
    expect(steps).toContain(`<option value="${report.email}" selected="">`);
    expect(steps).not.toContain(`<option value="${manager.email}" selected="">`);
    // Only that form is flagged.
    expect(html.match(/<div role="alert"/g)).toHaveLength(1);
    expect(section(html, 'topics')).not.toContain('aria-invalid');
  });

  it('gives back typed notes after a refused agenda save instead of the saved ones', async () => {
    const html = await page({
      view: agendaView({ deepDive: 'old topic', sharedNotes: 'old notes' }),
      formError: {
        section: 'agenda',
        field: 'sharedNotes',
        message: 'keep it under 20000 characters',
        values: { deepDive: 'new topic', sharedNotes: 'new notes' },
      },
    });
    const deepDive = section(html, 'deep-dive');
    expect(tagWithId(deepDive, 'deep-dive-topic')).toContain('value="new topic"');
    expect(tagWithId(deepDive, 'shared-notes')).toContain('aria-invalid="true"');
    expect(deepDive).toContain('new notes</textarea>');
    expect(deepDive).not.toContain('old notes');
  });

  it('keeps a note that starts with a blank line intact', async () => {
    const html = await page({ view: agendaView({ sharedNotes: '\nsecond line' }) });
    // Browsers drop one newline after <textarea>; the page adds one so the note's own survives.
    expect(html).toMatch(/<textarea id="shared-notes"[^>]*>\n\nsecond line<\/textarea>/);
  });

  it('escapes markup people typed, wherever it appears', async () => {
    const evil = '<script>alert(1)</script>';
    const html = await page({
      view: agendaView({
        series: { ...agendaView().series, title: `Weekly ${evil}` },
        topics: [topic({ text: evil })],
        review: { open: [commitment({ text: evil })], closedSinceLast: [] },
        deepDive: `"><img src=x onerror=alert(1)>`,
        privateNote: evil,
        history: [historyEntry({ sharedNotes: evil })],
      }),
      formError: { section: 'topics', field: 'text', message: evil, values: { text: evil } },
    });
    expect(html).not.toContain('<script>alert(1)');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('value="&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"');
  });

  it('shows a confirmation next to what changed, as a focusable polite status the redirect lands on', async () => {
    const view = agendaView({ topics: [topic({ id: 't-1' })] });
    const html = await page({ view, notice: { key: 'saved', at: 'topic-t-1', text: 'Saved.' } });
    const item = html.slice(html.indexOf('<li id="topic-t-1"'), html.indexOf('</li>', html.indexOf('id="topic-t-1"')));
    expect(item).toContain(
      '<p role="status" aria-live="polite" id="topic-t-1-notice" tabindex="-1" class="status">Saved.</p>',
    );
    expect(html.match(/role="status"/g)).toHaveLength(1);
  });

  it('shows a confirmation whose item is no longer on the page at the top, still under the id the URL names', async () => {
    const html = await page({ notice: { key: 'saved', at: 'commitment-gone', text: 'Saved.' } });
    const status = html.indexOf('id="commitment-gone-notice"');
    expect(status).toBeGreaterThan(0);
    expect(status).toBeLessThan(html.indexOf('<header'));
  });

  it('ties every form to the meeting on screen, posts it, and labels every field', async () => {
    const html = await page({
      view: agendaView({
        topics: [topic()],
        review: { open: [commitment()], closedSinceLast: [] },
        nextSteps: [commitment({ id: 'c-9', madeAtOccurrenceId: 'occ-now' })],
      }),
    });
    // The header's search of the 1:1's history (a GET of /a/{token}/search) is about no one meeting.
    const forms = (html.match(/<form[\s\S]*?<\/form>/g) ?? []).filter(
      (form) => !form.startsWith('<form method="get" action="/a/tok_abc/search">'),
    );
    expect(forms.length).toBeGreaterThan(8);
    for (const form of forms) {
      // Delete buttons only open a confirmation page (a GET); every change is a POST.
      expect(form).toMatch(/^<form method="(post" action="\/a\/tok_abc\/|get" action="\/a\/tok_abc\/.*\/delete")/);
      expect(form).toContain('<input type="hidden" name="occurrence" value="occ-now"/>');
    }
    const fields = html.match(/<(input|select|textarea) [^>]*>/g) ?? [];
    for (const field of fields.filter((f) => !f.includes('type="hidden"'))) {
      const id = field.match(/id="([^"]+)"/)?.[1];
      expect(id, field).toBeDefined();
      expect(html).toContain(`<label for="${id}">`);
    }
  });

  it('says when a 1:1 has no meetings yet, and still shows its history and follow-through', async () => {
    const html = await page({ view: agendaView({ occurrence: null, history: [historyEntry()] }) });
    expect(text(html)).toContain('No meetings found for this 1:1 yet');
    // Nothing to change without a meeting; the history can still be searched.
    expect(html.match(/<form /g)).toEqual(['<form ']);
    expect(html).toContain('<form method="get" action="/a/tok_abc/search">');
    expect(section(html, 'topics')).toBe('');
    expect(section(html, 'history')).toContain('occurrence=occ-prev');
    expect(section(html, 'follow-through')).not.toBe('');
  });
});
