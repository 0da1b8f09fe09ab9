/**
 * Renders stored state as Calendar v3 resources, typed with the client library's own `calendar_v3` types so a
 * shape Google would not send fails typecheck. `dateTime`s are written in the response time zone (the request's
 * `timeZone` parameter, else the calendar's) — Calendar v3 "timeZone: Time zone used in the response" — while
 * `start.timeZone` keeps the zone the event was created in.
 */
import type { calendar_v3 } from '@googleapis/calendar';
import type { Attendee, CalendarCopy, CalendarState, EventFields, EventTime, StoredEvent } from './model.ts';
import { parseOccurrenceStamp } from './recurrence.ts';
import { type Instance, occurrenceTime } from './series.ts';
import { formatDateTime, formatDay, formatTimestamp } from './time.ts';

/** Who is looking, and in which zone times are written. */
export interface View {
  readonly calendar: CalendarState;
  readonly timeZone: string;
}

/** An event time as `{dateTime, timeZone}` or `{date}`. */
function renderTime(time: EventTime, view: View): calendar_v3.Schema$EventDateTime {
  if (time.kind === 'date') return { date: formatDay(time.day) };
  return { dateTime: formatDateTime(time.instant, view.timeZone), ...(time.timeZone && { timeZone: time.timeZone }) };
}

/** A single event or recurring master as the viewing calendar's copy shows it. */
export function renderEvent(view: View, event: StoredEvent, copy: CalendarCopy): calendar_v3.Schema$Event {
  return {
    ...common(view, event, copy, event.fields, event.id),
    status: event.cancelled || copy.removed ? 'cancelled' : event.fields.status,
    sequence: event.sequence,
    ...(event.fields.recurrence && { recurrence: [...event.fields.recurrence] }),
  };
}

/** One instance of a recurring event; `copy` is the exception's copy when there is one on this calendar. */
export function renderInstance(
  view: View,
  event: StoredEvent,
  instance: Instance,
  copy: CalendarCopy | undefined,
  masterCopy: CalendarCopy | undefined,
): calendar_v3.Schema$Event {
  const base = copy ?? masterCopy;
  const etag = instanceEtag(instance.stamp, copy, masterCopy);
  const removed = copy ? copy.removed : (masterCopy?.removed ?? false);
  const stateCopy = {
    updated: base?.updated ?? event.created,
    privateProperties: copy?.privateProperties ?? {},
    etag,
  };
  return {
    ...common(view, event, stateCopy, instance.fields, instance.id),
    status: event.cancelled || removed || instance.cancelled ? 'cancelled' : instance.fields.status,
    sequence: event.sequence + (instance.exception?.sequence ?? 0),
    recurringEventId: event.id,
    originalStartTime: renderTime(occurrenceTime(event, instance.original), view),
  };
}

/** An instance's etag: its exception copy's, or derived from the master copy's so it changes with the series. */
export function instanceEtag(
  stamp: string,
  copy: CalendarCopy | undefined,
  masterCopy: CalendarCopy | undefined,
): string {
  if (copy) return copy.etag;
  return `"${(masterCopy?.etag ?? '"0"').replaceAll('"', '')}${stamp.replace(/\D/g, '')}"`;
}

/**
 * A deleted event or cancelled instance as lists and sync report it. Calendar v3 guarantees only `id` (and for
 * instances `recurringEventId` and `originalStartTime`) on cancelled items, so that is all the sandbox sends:
 * a client that needs more would break on Google too.
 */
export function renderTombstone(
  view: View,
  copy: CalendarCopy,
  event: StoredEvent | undefined,
): calendar_v3.Schema$Event {
  const original = copy.stamp === undefined ? undefined : parseOccurrenceStamp(copy.stamp);
  return {
    kind: 'calendar#event',
    etag: copy.etag,
    id: copy.id,
    status: 'cancelled',
    ...(original && { recurringEventId: copy.masterId }),
    ...(original && event && { originalStartTime: renderTime(occurrenceTime(event, original), view) }),
  };
}

function common(
  view: View,
  event: StoredEvent,
  copy: Pick<CalendarCopy, 'updated' | 'etag' | 'privateProperties'>,
  fields: EventFields,
  id: string,
): calendar_v3.Schema$Event {
  const self = view.calendar.id;
  const shared = fields.sharedProperties;
  const privateProperties = copy.privateProperties;
  const hasShared = Object.keys(shared).length > 0;
  const hasPrivate = Object.keys(privateProperties).length > 0;
  return {
    kind: 'calendar#event',
    etag: copy.etag,
    id,
    htmlLink: `https://www.google.com/calendar/event?eid=${eid(id, self)}`,
    created: formatTimestamp(event.created),
    updated: formatTimestamp(copy.updated),
    ...(fields.summary !== undefined && { summary: fields.summary }),
    ...(fields.description !== undefined && { description: fields.description }),
    ...(fields.location !== undefined && { location: fields.location }),
    ...(fields.colorId !== undefined && { colorId: fields.colorId }),
    creator: { email: event.creator, ...(event.creator === self && { self: true }) },
    organizer: { email: event.organizer, ...(event.organizer === self && { self: true }) },
    start: renderTime(fields.start, view),
    end: renderTime(fields.end, view),
    ...(fields.transparency !== undefined && { transparency: fields.transparency }),
    ...(fields.visibility !== undefined && { visibility: fields.visibility }),
    iCalUID: event.iCalUID,
    ...(fields.attendees.length > 0 && {
      attendees: fields.attendees.map((attendee) => renderAttendee(attendee, event.organizer, self)),
    }),
    ...((hasShared || hasPrivate) && {
      extendedProperties: {
        ...(hasPrivate && { private: { ...privateProperties } }),
        ...(hasShared && { shared: { ...shared } }),
      },
    }),
    ...(fields.guestsCanModify !== undefined && { guestsCanModify: fields.guestsCanModify }),
    ...(fields.guestsCanInviteOthers !== undefined && { guestsCanInviteOthers: fields.guestsCanInviteOthers }),
    ...(fields.guestsCanSeeOtherGuests !== undefined && { guestsCanSeeOtherGuests: fields.guestsCanSeeOtherGuests }),
    ...(fields.anyoneCanAddSelf !== undefined && { anyoneCanAddSelf: fields.anyoneCanAddSelf }),
    ...(fields.source && { source: { ...fields.source } }),
    reminders: { useDefault: true },
    eventType: 'default',
  };
}

function renderAttendee(attendee: Attendee, organizer: string, self: string): calendar_v3.Schema$EventAttendee {
  return {
    email: attendee.email,
    ...(attendee.displayName !== undefined && { displayName: attendee.displayName }),
    ...(attendee.email === organizer && { organizer: true }),
    ...(attendee.email === self && { self: true }),
    ...(attendee.resource && { resource: true }),
    ...(attendee.optional && { optional: true }),
    responseStatus: attendee.responseStatus,
    ...(attendee.comment !== undefined && { comment: attendee.comment }),
    ...(attendee.additionalGuests && { additionalGuests: attendee.additionalGuests }),
  };
}

// Google's eid is base64 of "{eventId} {calendarId}"; encoded through UTF-8 so any address survives btoa.
function eid(id: string, calendarId: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(`${id} ${calendarId}`)) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/=+$/, '');
}
