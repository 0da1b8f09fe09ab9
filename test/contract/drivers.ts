import type { ServiceHarness } from '../support/service.ts';

/** A meeting as a person sees it in their calendar. */
export interface SeenOccurrence {
  readonly id: string;
  readonly start: Date;
  readonly description: string;
}

export interface WeeklyMeeting {
  readonly organizer: string;
  readonly attendees: readonly string[];
  /** Local wall time of the first meeting, e.g. 2026-11-24T11:00:00, in `timeZone`. */
  readonly firstStart: string;
  readonly timeZone: string;
  readonly minutes: number;
  readonly count: number;
  /** What the organizer typed (HTML), e.g. a Teams or Meet join blob. */
  readonly description: string;
}

/**
 * How a person uses one provider's calendar (through the sandbox's API, as their calendar app would): the same
 * operations for Google and Outlook, so one contract suite runs against both providers.
 */
export interface ProviderDriver {
  readonly name: 'google' | 'microsoft';
  /** A join blob of this provider's kind, kept byte for byte outside Carryover's block. */
  readonly joinBlob: string;
  createWeekly(h: ServiceHarness, meeting: WeeklyMeeting): Promise<string>;
  /** The organizer's upcoming meetings of a series, earliest first (cancelled ones left out). */
  upcoming(h: ServiceHarness, email: string, seriesId: string): Promise<SeenOccurrence[]>;
  cancel(h: ServiceHarness, email: string, occurrenceId: string): Promise<void>;
  /** Moves one meeting to another time (UTC instants). */
  move(h: ServiceHarness, email: string, occurrenceId: string, start: Date, end: Date): Promise<void>;
  /** Invites one more person to the whole series. */
  invite(h: ServiceHarness, email: string, seriesId: string, attendees: readonly string[]): Promise<void>;
  revokeGrants(h: ServiceHarness, email: string): Promise<void>;
  /** Push notifications for this user are lost until resumed. */
  pauseNotifications(h: ServiceHarness, email: string): Promise<void>;
  /** Every sync/delta token of this user expires (410 next time). */
  expireSyncTokens(h: ServiceHarness, email: string): Promise<void>;
}

async function control(h: ServiceHarness, path: string): Promise<void> {
  const response = await fetch(`${h.url}/sandbox/control/${path}`, { method: 'POST' });
  if (!response.ok) throw new Error(`control ${path}: ${response.status}`);
}

const utc = (at: Date) => at.toISOString().slice(0, 19);

const bearer = (email: string) => ({ Authorization: `Bearer sandbox:${email}` });

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

export const googleDriver: ProviderDriver = {
  name: 'google',
  joinBlob: 'Join with Google Meet: <a href="https://meet.google.com/abc-defg-hij">meet.google.com/abc-defg-hij</a>',
  async createWeekly(h, m) {
    const end = new Date(`${m.firstStart}Z`).getTime() + m.minutes * 60_000;
    const created = await json<{ id: string }>(
      await fetch(`${h.url}/sandbox/google/calendar/v3/calendars/primary/events?sendUpdates=none`, {
        method: 'POST',
        headers: { ...bearer(m.organizer), 'content-type': 'application/json' },
        body: JSON.stringify({
          summary: '1:1',
          description: m.description,
          start: { dateTime: m.firstStart, timeZone: m.timeZone },
          end: { dateTime: new Date(end).toISOString().slice(0, 19), timeZone: m.timeZone },
          recurrence: [`RRULE:FREQ=WEEKLY;COUNT=${m.count}`],
          attendees: [m.organizer, ...m.attendees].map((email) => ({ email })),
        }),
      }),
    );
    return created.id;
  },
  async upcoming(h, email, seriesId) {
    const list = await json<{ items?: { id: string; start: { dateTime: string }; description?: string }[] }>(
      await fetch(
        `${h.url}/sandbox/google/calendar/v3/calendars/primary/events/${seriesId}/instances?timeMin=${h.clock().toISOString()}`,
        { headers: bearer(email) },
      ),
    );
    return (list.items ?? []).map((e) => ({
      id: e.id,
      start: new Date(e.start.dateTime),
      description: e.description ?? '',
    }));
  },
  async cancel(h, email, occurrenceId) {
    const response = await fetch(`${h.url}/sandbox/google/calendar/v3/calendars/primary/events/${occurrenceId}`, {
      method: 'DELETE',
      headers: bearer(email),
    });
    if (!response.ok) throw new Error(`cancel: ${response.status}`);
  },
  async move(h, email, occurrenceId, start, end) {
    await json(
      await fetch(`${h.url}/sandbox/google/calendar/v3/calendars/primary/events/${occurrenceId}`, {
        method: 'PATCH',
        headers: { ...bearer(email), 'content-type': 'application/json' },
        body: JSON.stringify({ start: { dateTime: start.toISOString() }, end: { dateTime: end.toISOString() } }),
      }),
    );
  },
  async invite(h, email, seriesId, attendees) {
    await json(
      await fetch(`${h.url}/sandbox/google/calendar/v3/calendars/primary/events/${seriesId}`, {
        method: 'PATCH',
        headers: { ...bearer(email), 'content-type': 'application/json' },
        body: JSON.stringify({ attendees: [email, ...attendees].map((address) => ({ email: address })) }),
      }),
    );
  },
  revokeGrants: (h, email) => control(h, `google/revoke-grants?email=${encodeURIComponent(email)}`),
  pauseNotifications: (h, email) =>
    control(h, `google/pause-notifications?email=${encodeURIComponent(email)}&paused=true`),
  expireSyncTokens: (h, email) => control(h, `google/expire-sync-tokens?email=${encodeURIComponent(email)}`),
};

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

export const microsoftDriver: ProviderDriver = {
  name: 'microsoft',
  joinBlob:
    '<div style="width:100%"><span style="white-space:nowrap;color:#5F5F5F">________________</span><div><a href="https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc" target="_blank"><span style="font-size:14pt">Join the meeting now</span></a></div></div>',
  async createWeekly(h, m) {
    const firstDate = m.firstStart.slice(0, 10);
    const end = new Date(`${m.firstStart}Z`).getTime() + m.minutes * 60_000;
    const created = await json<{ id: string }>(
      await fetch(`${h.url}/sandbox/graph/v1.0/me/events`, {
        method: 'POST',
        headers: { ...bearer(m.organizer), 'content-type': 'application/json' },
        body: JSON.stringify({
          subject: '1:1',
          body: { contentType: 'html', content: m.description },
          start: { dateTime: m.firstStart, timeZone: m.timeZone },
          end: { dateTime: new Date(end).toISOString().slice(0, 19), timeZone: m.timeZone },
          recurrence: {
            pattern: {
              type: 'weekly',
              interval: 1,
              daysOfWeek: [WEEKDAYS[new Date(`${firstDate}T12:00:00Z`).getUTCDay()]],
            },
            range: {
              type: 'numbered',
              startDate: firstDate,
              numberOfOccurrences: m.count,
              recurrenceTimeZone: m.timeZone,
            },
          },
          attendees: m.attendees.map((address) => ({ emailAddress: { address }, type: 'required' })),
        }),
      }),
    );
    return created.id;
  },
  async upcoming(h, email, seriesId) {
    const from = h.clock();
    const to = new Date(from.getTime() + 400 * 86_400_000);
    const list = await json<{ value?: { id: string; start: { dateTime: string }; body?: { content?: string } }[] }>(
      await fetch(
        `${h.url}/sandbox/graph/v1.0/me/events/${encodeURIComponent(seriesId)}/instances?startDateTime=${from.toISOString()}&endDateTime=${to.toISOString()}`,
        { headers: { ...bearer(email), Prefer: 'outlook.timezone="UTC"' } },
      ),
    );
    return (list.value ?? [])
      .map((e) => ({
        id: e.id,
        start: new Date(`${e.start.dateTime.replace(/Z$/, '')}Z`),
        description: e.body?.content ?? '',
      }))
      .sort((a, b) => a.start.getTime() - b.start.getTime());
  },
  async cancel(h, email, occurrenceId) {
    const response = await fetch(`${h.url}/sandbox/graph/v1.0/me/events/${encodeURIComponent(occurrenceId)}`, {
      method: 'DELETE',
      headers: bearer(email),
    });
    if (!response.ok) throw new Error(`cancel: ${response.status}`);
  },
  async move(h, email, occurrenceId, start, end) {
    await json(
      await fetch(`${h.url}/sandbox/graph/v1.0/me/events/${encodeURIComponent(occurrenceId)}`, {
        method: 'PATCH',
        headers: { ...bearer(email), 'content-type': 'application/json' },
        body: JSON.stringify({
          start: { dateTime: utc(start), timeZone: 'UTC' },
          end: { dateTime: utc(end), timeZone: 'UTC' },
        }),
      }),
    );
  },
  async invite(h, email, seriesId, attendees) {
    await json(
      await fetch(`${h.url}/sandbox/graph/v1.0/me/events/${encodeURIComponent(seriesId)}`, {
        method: 'PATCH',
        headers: { ...bearer(email), 'content-type': 'application/json' },
        body: JSON.stringify({
          attendees: attendees.map((address) => ({ emailAddress: { address }, type: 'required' })),
        }),
      }),
    );
  },
  revokeGrants: (h, email) => control(h, `microsoft/revoke-grants?email=${encodeURIComponent(email)}`),
  pauseNotifications: (h, email) =>
    control(h, `microsoft/pause-notifications?email=${encodeURIComponent(email)}&paused=true`),
  expireSyncTokens: (h, email) => control(h, `microsoft/expire-delta-tokens?email=${encodeURIComponent(email)}`),
};
