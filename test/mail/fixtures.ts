import type { RecapEmailInput } from '../../src/mail/recap-email.tsx';
import type { ReminderEmailInput } from '../../src/mail/reminder-email.tsx';

/** Text people could type: markup, entities, quotes, and one word longer than any screen. */
export const HOSTILE = `<script>alert("x")</script> & 'quoted' <img src=x onerror=alert(1)>`;
export const LONG_WORD = 'W'.repeat(300);

const LINK = 'https://carryover.example.com/a/tok_TOKEN-for-sam-0123456789abcdefghijklmnopqrs?occurrence=occ-1';
const FEEDBACK_LINK =
  'https://carryover.example.com/a/tok_TOKEN-for-sam-0123456789abcdefghijklmnopqrs/feedback?occurrence=occ-1';

/** A reminder to the report with a little of everything on the agenda. */
export function reminderInput(overrides: Partial<ReminderEmailInput> = {}): ReminderEmailInput {
  return {
    title: 'Maya / Sam weekly',
    recipient: { email: 'sam@example.com', name: 'Sam Lee' },
    other: { name: 'Maya Lind' },
    recipientIsReport: true,
    startsAt: new Date('2026-12-01T10:00:00Z'),
    endsAt: new Date('2026-12-01T10:30:00Z'),
    timeZone: 'Europe/Berlin',
    now: new Date('2026-11-30T10:00:00Z'),
    link: LINK,
    carried: [
      { text: 'Draft the hiring plan', ownerName: 'Sam Lee', due: 'Fri 4 Dec', overdue: false },
      { text: `Fix ${HOSTILE}`, ownerName: 'Maya Lind', due: null, overdue: true },
    ],
    topics: [
      { text: `Conference budget ${LONG_WORD}`, authorName: 'Sam Lee', resolved: false },
      { text: 'Team offsite', authorName: null, resolved: true },
    ],
    ...overrides,
  };
}

/** A recap of a meeting where everything was written down. */
export function recapInput(overrides: Partial<RecapEmailInput> = {}): RecapEmailInput {
  return {
    title: 'Maya / Sam weekly',
    recipient: { email: 'sam@example.com', name: 'Sam Lee' },
    other: { name: 'Maya Lind' },
    startsAt: new Date('2026-11-24T10:00:00Z'),
    endsAt: new Date('2026-11-24T10:30:00Z'),
    timeZone: 'Europe/Berlin',
    link: LINK,
    topics: [
      { text: `Raise ${HOSTILE}`, authorName: 'Sam Lee', resolved: true },
      { text: `Career path ${LONG_WORD}`, authorName: 'Maya Lind', resolved: false },
    ],
    deepDive: 'Growing into a lead role',
    sharedNotes: `Line one\nLine two with ${LONG_WORD}`,
    decisions: 'Ship in January',
    nextSteps: [{ text: 'Book the venue', ownerName: 'Maya Lind', due: 'Fri 4 Dec', overdue: false }],
    stillOpen: [{ text: 'Read the onboarding doc', ownerName: 'Sam Lee', due: 'Mon 23 Nov', overdue: true }],
    feedbackLink: FEEDBACK_LINK,
    ...overrides,
  };
}
