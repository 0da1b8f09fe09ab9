import { describe, expect, it } from 'vitest';
import { recapEmail } from '../../src/mail/recap-email.tsx';
import { reminderEmail } from '../../src/mail/reminder-email.tsx';
import { HOSTILE, recapInput, reminderInput } from './fixtures.ts';

describe('the reminder email', () => {
  it('invites the report to add talking points, and tells the manager they were invited', async () => {
    const toReport = await reminderEmail(reminderInput());
    expect(toReport.subject).toBe('Tomorrow at 11:00: your 1:1 with Maya Lind — add your talking points');
    expect(toReport.text).toContain('Add your talking points before the meeting: Maya Lind sees them');
    const toManager = await reminderEmail(
      reminderInput({
        recipientIsReport: false,
        recipient: { email: 'maya@example.com', name: 'Maya Lind' },
        other: { name: 'Sam Lee' },
      }),
    );
    expect(toManager.subject).toBe('Tomorrow at 11:00: your 1:1 with Sam Lee — the agenda so far');
    expect(toManager.text).toContain('Sam Lee was invited to add their talking points too');
  });

  it('says the day as people do: today, tomorrow, or its date further ahead', async () => {
    const at = (now: string) => reminderEmail(reminderInput({ now: new Date(now) }));
    expect((await at('2026-12-01T06:00:00Z')).subject).toMatch(/^Today at 11:00:/);
    expect((await at('2026-11-28T10:00:00Z')).subject).toMatch(/^Tue 1 Dec at 11:00:/);
  });

  it('says the same in both parts, escaping only the HTML one', async () => {
    const mail = await reminderEmail(reminderInput());
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('Tue 1 Dec 2026, 11:00–11:30 (Europe/Berlin)');
      expect(part).toContain('Draft the hiring plan');
      expect(part).toContain('Team offsite');
      expect(part).toContain('overdue');
    }
    expect(mail.text).toContain(`Fix ${HOSTILE}`);
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(mail.to).toEqual([{ email: 'sam@example.com', name: 'Sam Lee' }]);
  });

  it('says there are no talking points yet rather than showing an empty list', async () => {
    const mail = await reminderEmail(reminderInput({ topics: [], carried: [] }));
    expect(mail.text).toContain('No talking points yet.');
    expect(mail.text).not.toContain('Carried into this meeting');
    expect(mail.html).not.toContain('Carried into this meeting');
  });
});

describe('the recap email', () => {
  it('leaves out what was not written down, and says when no next step was recorded yet', async () => {
    const mail = await recapEmail(
      recapInput({ topics: [], deepDive: '', sharedNotes: ' ', decisions: '', nextSteps: [], stillOpen: [] }),
    );
    for (const part of [mail.text, mail.html]) {
      for (const heading of ['Talking points', 'Deep dive', 'Shared notes', 'Decisions', 'Still open']) {
        expect(part).not.toContain(heading);
      }
      expect(part).toContain('None yet.');
      expect(part).toContain('Record next steps');
    }
  });

  it('cuts very long notes with a pointer to the agenda, keeping the message small', async () => {
    const mail = await recapEmail(recapInput({ sharedNotes: 'n'.repeat(50_000) }));
    expect(mail.text).toContain('… (continued on the agenda page)');
    expect(mail.html.length).toBeLessThan(30_000);
  });

  it('has exactly one action button, to the person’s own link', async () => {
    const mail = await recapEmail(recapInput());
    expect(mail.html.match(/>Record next steps</g)).toHaveLength(1);
    expect(mail.html).toContain(`href="${recapInput().link.replace('&', '&amp;')}"`);
  });

  it('asks how the 1:1 was, with five links to the person’s own rating page, in both parts', async () => {
    const input = recapInput();
    const mail = await recapEmail(input);
    const labels = ['1 — poor', '2 — fair', '3 — okay', '4 — good', '5 — great'];
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('How was this 1:1?');
      expect(part).toContain('yours alone unless you share it with Maya');
    }
    for (const [i, label] of labels.entries()) {
      const href = `${input.feedbackLink}&rating=${i + 1}`;
      expect(mail.text).toContain(`${label}: ${href}`);
      expect(mail.html).toContain(`href="${href.replaceAll('&', '&amp;')}"`);
      expect(mail.html).toMatch(new RegExp(`>\\s*${label}\\s*</a>`));
    }
    // Still one button: the rating links are a row of their own, not a second call to action.
    expect(mail.html.match(/>Record next steps</g)).toHaveLength(1);
  });
});
