import type {
  AgendaView,
  CommitmentView,
  HistoryEntry,
  OccurrenceView,
  TopicView,
} from '../../../src/agenda/agenda-view.ts';

/** Two people of the fixture 1:1. */
export const manager = { email: 'maya@example.com', name: 'Maya Manager' } as const;
export const report = { email: 'rob@example.com', name: 'Rob Report' } as const;

/** A meeting; upcoming by default. */
export function occurrence(overrides: Partial<OccurrenceView> = {}): OccurrenceView {
  return {
    id: 'occ-now',
    startsAt: '2025-03-10T09:00:00.000Z',
    endsAt: '2025-03-10T09:30:00.000Z',
    cancelled: false,
    declinedBy: null,
    phase: 'upcoming',
    when: 'Mon, Mar 10, 10:00–10:30',
    ...overrides,
  };
}

/** An open commitment of the report's, recorded at last week's meeting. */
export function commitment(overrides: Partial<CommitmentView> = {}): CommitmentView {
  return {
    id: 'c-1',
    text: 'Ship the RFC',
    owner: report.email,
    ownerName: report.name,
    due: '2025-03-07',
    status: 'open',
    overdue: false,
    madeAtOccurrenceId: 'occ-prev',
    createdAt: '2025-03-03T09:30:00.000Z',
    closedAt: null,
    changes: [],
    deletable: true,
    ...overrides,
  };
}

/** A talking point the report added. */
export function topic(overrides: Partial<TopicView> = {}): TopicView {
  return {
    id: 't-1',
    text: 'Career plans',
    author: report.email,
    authorName: report.name,
    position: 0,
    resolved: false,
    carriedFrom: null,
    carriedOn: false,
    ...overrides,
  };
}

/** A past meeting with nothing recorded. */
export function historyEntry(overrides: Partial<HistoryEntry> = {}): HistoryEntry {
  return {
    occurrence: occurrence({ id: 'occ-prev', phase: 'ended', when: 'Mon, Mar 3, 10:00–10:30' }),
    deepDive: '',
    sharedNotes: '',
    decisions: '',
    topics: [],
    nextSteps: [],
    ...overrides,
  };
}

/** An agenda as the manager's personal link shows it: an upcoming meeting, nothing on it yet, no history. */
export function agendaView(overrides: Partial<AgendaView> = {}): AgendaView {
  return {
    series: {
      id: 'series-1',
      title: 'Maya / Rob weekly',
      status: 'active',
      statusReason: null,
      demo: false,
      reminders: true,
      timeZone: 'Europe/Berlin',
      organizer: manager,
      attendee: report,
    },
    viewer: { role: 'organizer', email: manager.email },
    timeZone: 'Europe/Berlin',
    occurrence: occurrence(),
    previous: null,
    next: null,
    review: { open: [], closedSinceLast: [] },
    topics: [],
    deepDive: '',
    sharedNotes: '',
    decisions: '',
    nextSteps: [],
    privateNote: '',
    history: [],
    later: [],
    followThrough: { total: 0, doneOnTime: 0, doneLate: 0, open: 0, overdue: 0, dropped: 0, onTimeRate: null },
    related: [],
    prompts: [],
    feedback: { visible: false },
    goals: { visible: false },
    template: null,
    ...overrides,
  };
}

/** The same agenda seen through the invite's shared link: nobody known, no private note. */
export function sharedView(overrides: Partial<AgendaView> = {}): AgendaView {
  return agendaView({ viewer: { role: 'shared', email: null }, privateNote: null, ...overrides });
}
