import { DateTime } from 'luxon';
import type { ServiceHarness } from '../support/service.ts';

/** Where the sandbox answers (a service serving it in-process, or a standalone sandbox) and what time it is there. */
export type SandboxSide = Pick<ServiceHarness, 'url' | 'clock'>;

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
  /** Default '1:1'. */
  readonly title?: string;
  /** Display names the calendar shows, by email (default: none). */
  readonly names?: Readonly<Record<string, string>>;
}

/**
 * The weekly 1:1 the scenarios start from: Maya organizes, Sam attends, Tuesdays 11:00 Berlin from 24 November
 * 2026, eight meetings of 30 minutes, with the provider's join blob in the description.
 */
export function weeklyOneOnOne(driver: Pick<ProviderDriver, 'joinBlob'>, extra: Partial<WeeklyMeeting> = {}) {
  return {
    organizer: 'maya@example.com',
    attendees: ['sam@example.com'],
    firstStart: '2026-11-24T11:00:00',
    timeZone: 'Europe/Berlin',
    minutes: 30,
    count: 8,
    description: `<p>Agenda below.</p>${driver.joinBlob}`,
    ...extra,
  } satisfies WeeklyMeeting;
}

/**
 * How a person uses one provider's calendar (through the sandbox's API, as their calendar app would): the same
 * operations for Google and Outlook, so one contract suite runs against both providers.
 */
export interface ProviderDriver {
  readonly name: 'google' | 'microsoft';
  /** A join blob of this provider's kind, kept byte for byte outside Carryover's block. */
  readonly joinBlob: string;
  createWeekly(h: SandboxSide, meeting: WeeklyMeeting): Promise<string>;
  /** The organizer's upcoming meetings of a series, earliest first (cancelled ones left out). */
  upcoming(h: SandboxSide, email: string, seriesId: string): Promise<SeenOccurrence[]>;
  cancel(h: SandboxSide, email: string, occurrenceId: string): Promise<void>;
  /** Moves one meeting to another time (UTC instants). */
  move(h: SandboxSide, email: string, occurrenceId: string, start: Date, end: Date): Promise<void>;
  /** Invites one more person to the whole series. */
  invite(h: SandboxSide, email: string, seriesId: string, attendees: readonly string[]): Promise<void>;
  /** Ends a series before `before` (a UTC instant): no meeting starts then or later ("this and following"'s cut). */
  endBefore(h: SandboxSide, email: string, seriesId: string, before: Date): Promise<void>;
  /**
   * Hands a series over to another organizer from its meeting at `from` on, as each calendar allows: Google moves the
   * event to the new organizer's calendar (events.move) and they replace the old organizer by the attendee; Outlook
   * cannot change an organizer, so the old organizer ends the series and the new one creates it again. Returns the
   * series' id in the new organizer's calendar.
   */
  handOver(h: SandboxSide, meeting: WeeklyMeeting, seriesId: string, from: Date, to: string): Promise<string>;
  /** The organizer replaces one meeting's description (as typed in their calendar app). */
  setDescription(h: SandboxSide, email: string, occurrenceId: string, description: string): Promise<void>;
  /** The attendee declines the one occurrence that starts at `start` (a UTC instant), as their calendar app would. */
  decline(h: SandboxSide, attendeeEmail: string, start: Date): Promise<void>;
  revokeGrants(h: SandboxSide, email: string): Promise<void>;
  /** Push notifications for this user are lost until resumed. */
  pauseNotifications(h: SandboxSide, email: string): Promise<void>;
  /** Every sync/delta token of this user expires (410 next time). */
  expireSyncTokens(h: SandboxSide, email: string): Promise<void>;
}

async function control(h: SandboxSide, path: string): Promise<void> {
  const response = await fetch(`${h.url}/sandbox/control/${path}`, { method: 'POST' });
  if (!response.ok) throw new Error(`control ${path}: ${response.status}`);
}

const utc = (at: Date) => at.toISOString().slice(0, 19);

const bearer = (email: string) => ({ Authorization: `Bearer sandbox:${email}` });

async function json<T>(response: Response): Promise<T> {
  if (!response.ok) throw new Error(`${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** An instance as events.instances lists it (the fields `decline` reads and sends back). */
interface GoogleInstance {
  readonly id: string;
  readonly start: { readonly dateTime: string };
  readonly attendees?: readonly { readonly email: string; readonly responseStatus?: string }[];
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
          summary: m.title ?? '1:1',
          description: m.description,
          start: { dateTime: m.firstStart, timeZone: m.timeZone },
          end: { dateTime: new Date(end).toISOString().slice(0, 19), timeZone: m.timeZone },
          recurrence: [`RRULE:FREQ=WEEKLY;COUNT=${m.count}`],
          attendees: [m.organizer, ...m.attendees].map((email) =>
            m.names?.[email] ? { email, displayName: m.names[email] } : { email },
          ),
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
  async decline(h, attendeeEmail, start) {
    // The attendee's own copies: find the series, then its instance starting at `start` (Calendar "Recurring events").
    const events = `${h.url}/sandbox/google/calendar/v3/calendars/primary/events`;
    const listed = await json<{ items?: { id: string; recurrence?: string[] }[] }>(
      await fetch(events, { headers: bearer(attendeeEmail) }),
    );
    const window = `timeMin=${start.toISOString()}&timeMax=${new Date(start.getTime() + 60_000).toISOString()}`;
    for (const series of (listed.items ?? []).filter((item) => item.recurrence)) {
      const instances = await json<{ items?: GoogleInstance[] }>(
        await fetch(`${events}/${series.id}/instances?${window}`, { headers: bearer(attendeeEmail) }),
      );
      const instance = instances.items?.find((item) => new Date(item.start.dateTime).getTime() === start.getTime());
      if (!instance) continue;
      // The attendee list as listed, only their own entry changed: what a calendar app sends to answer.
      const attendees = (instance.attendees ?? []).map((a) =>
        a.email === attendeeEmail ? { ...a, responseStatus: 'declined' } : a,
      );
      await json(
        await fetch(`${events}/${instance.id}`, {
          method: 'PATCH',
          headers: { ...bearer(attendeeEmail), 'content-type': 'application/json' },
          body: JSON.stringify({ attendees }),
        }),
      );
      return;
    }
    throw new Error(`decline: ${attendeeEmail} has no occurrence at ${start.toISOString()}`);
  },
  async endBefore(h, email, seriesId, before) {
    const events = `${h.url}/sandbox/google/calendar/v3/calendars/primary/events`;
    const master = await json<{ recurrence: string[] }>(
      await fetch(`${events}/${seriesId}`, { headers: bearer(email) }),
    );
    // The "Recurring events" guide's way: trim the old series with an UNTIL just before the cut.
    const until = new Date(before.getTime() - 1000)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d{3}/, '');
    const recurrence = master.recurrence.map((line) =>
      line.startsWith('RRULE:')
        ? `RRULE:${line
            .slice(6)
            .split(';')
            .filter((part) => !/^(COUNT|UNTIL)=/.test(part))
            .concat(`UNTIL=${until}`)
            .join(';')}`
        : line,
    );
    await json(
      await fetch(`${events}/${seriesId}`, {
        method: 'PATCH',
        headers: { ...bearer(email), 'content-type': 'application/json' },
        body: JSON.stringify({ recurrence }),
      }),
    );
  },
  async handOver(h, meeting, seriesId, _from, to) {
    const events = `${h.url}/sandbox/google/calendar/v3/calendars/primary/events`;
    await json(
      await fetch(`${events}/${seriesId}/move?destination=${encodeURIComponent(to)}`, {
        method: 'POST',
        headers: bearer(meeting.organizer),
      }),
    );
    await this.invite(h, to, seriesId, meeting.attendees);
    return seriesId;
  },
  async setDescription(h, email, occurrenceId, description) {
    await json(
      await fetch(`${h.url}/sandbox/google/calendar/v3/calendars/primary/events/${occurrenceId}`, {
        method: 'PATCH',
        headers: { ...bearer(email), 'content-type': 'application/json' },
        body: JSON.stringify({ description }),
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
          subject: m.title ?? '1:1',
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
          attendees: m.attendees.map((address) => ({
            emailAddress: m.names?.[address] ? { address, name: m.names[address] } : { address },
            type: 'required',
          })),
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
  async decline(h, attendeeEmail, start) {
    // The attendee's copy has its own ids: find their occurrence in their calendarView around `start`.
    const window = `startDateTime=${start.toISOString()}&endDateTime=${new Date(start.getTime() + 60_000).toISOString()}`;
    const view = await json<{ value?: { id: string; type: string; start: { dateTime: string } }[] }>(
      await fetch(`${h.url}/sandbox/graph/v1.0/me/calendarView?${window}`, {
        headers: { ...bearer(attendeeEmail), Prefer: 'outlook.timezone="UTC"' },
      }),
    );
    const occurrence = view.value?.find(
      (e) =>
        (e.type === 'occurrence' || e.type === 'exception') &&
        new Date(`${e.start.dateTime.replace(/Z$/, '')}Z`).getTime() === start.getTime(),
    );
    if (!occurrence) throw new Error(`decline: ${attendeeEmail} has no occurrence at ${start.toISOString()}`);
    const response = await fetch(`${h.url}/sandbox/graph/v1.0/me/events/${encodeURIComponent(occurrence.id)}/decline`, {
      method: 'POST',
      headers: { ...bearer(attendeeEmail), 'content-type': 'application/json' },
      body: JSON.stringify({ sendResponse: true }),
    });
    if (!response.ok) throw new Error(`decline: ${response.status} ${await response.text()}`);
  },
  async endBefore(h, email, seriesId, before) {
    const url = `${h.url}/sandbox/graph/v1.0/me/events/${encodeURIComponent(seriesId)}`;
    const master = await json<{
      recurrence: { pattern: unknown; range: { startDate: string; recurrenceTimeZone?: string } };
    }>(await fetch(url, { headers: bearer(email) }));
    // Outlook's "this and following" cut: the old series' range ends on the day before the cut.
    const endDate = new Date(before.getTime() - 86_400_000).toISOString().slice(0, 10);
    await json(
      await fetch(url, {
        method: 'PATCH',
        headers: { ...bearer(email), 'content-type': 'application/json' },
        body: JSON.stringify({
          recurrence: {
            pattern: master.recurrence.pattern,
            range: { ...master.recurrence.range, type: 'endDate', endDate },
          },
        }),
      }),
    );
  },
  async handOver(h, meeting, seriesId, from, to) {
    await this.endBefore(h, meeting.organizer, seriesId, from);
    // The same meetings from `from` on, at the same wall time, organized by the new organizer.
    const firstStart = DateTime.fromJSDate(from, { zone: meeting.timeZone }).toFormat("yyyy-MM-dd'T'HH:mm:ss");
    return this.createWeekly(h, { ...meeting, organizer: to, firstStart });
  },
  async setDescription(h, email, occurrenceId, description) {
    await json(
      await fetch(`${h.url}/sandbox/graph/v1.0/me/events/${encodeURIComponent(occurrenceId)}`, {
        method: 'PATCH',
        headers: { ...bearer(email), 'content-type': 'application/json' },
        body: JSON.stringify({ body: { contentType: 'html', content: description } }),
      }),
    );
  },
  revokeGrants: (h, email) => control(h, `microsoft/revoke-grants?email=${encodeURIComponent(email)}`),
  pauseNotifications: (h, email) =>
    control(h, `microsoft/pause-notifications?email=${encodeURIComponent(email)}&paused=true`),
  expireSyncTokens: (h, email) => control(h, `microsoft/expire-delta-tokens?email=${encodeURIComponent(email)}`),
};
