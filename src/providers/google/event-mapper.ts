import type { calendar_v3 } from '@googleapis/calendar';
import { DateTime } from 'luxon';
import { STORED_LENGTH, storableText } from '../../core/storable-text.ts';
import type { Attendee, ResponseStatus } from '../../core/types.ts';
import type { ProviderOccurrence, ProviderSeries } from '../provider.ts';

type GoogleEvent = calendar_v3.Schema$Event;
type GoogleTime = calendar_v3.Schema$EventDateTime;

const RESPONSES: readonly ResponseStatus[] = ['accepted', 'declined', 'tentative', 'needsAction'];

// Free text from Google reaches the database through this file, so it is made storable here: Google accepts a NUL
// or a lone surrogate in a title or name, and Postgres would refuse it and stall the calendar's sync for good.
const storable = (text: string | null | undefined, max: number) => (text == null ? undefined : storableText(text, max));
const email = (address: string | null | undefined) => storableText((address ?? '').toLowerCase(), STORED_LENGTH.email);

/** Google flags booked rooms with `resource: true`; their addresses end in resource.calendar.google.com. */
function isResource(attendee: calendar_v3.Schema$EventAttendee): boolean {
  return attendee.resource === true || (attendee.email ?? '').endsWith('@resource.calendar.google.com');
}

/** The attendee list in core terms. */
export function attendeesOf(event: GoogleEvent): Attendee[] {
  return (event.attendees ?? [])
    .map((a) => ({ a, address: email(a.email) }))
    .filter(({ address }) => address.length > 0)
    .map(({ a, address }) => ({
      email: address,
      name: storable(a.displayName, STORED_LENGTH.name),
      resource: isResource(a),
      organizer: a.organizer ?? undefined,
      self: a.self ?? undefined,
      optional: a.optional ?? undefined,
      response: RESPONSES.includes(a.responseStatus as ResponseStatus)
        ? (a.responseStatus as ResponseStatus)
        : undefined,
    }));
}

/**
 * An instant from Google's start/end. Timed events carry an RFC 3339 dateTime; all-day events carry a date, which
 * means midnight in the calendar's zone (the end date is exclusive).
 */
export function instantOf(time: GoogleTime | undefined, fallbackZone: string): Date | undefined {
  if (!time) return undefined;
  if (time.dateTime) {
    const at = new Date(time.dateTime);
    return Number.isNaN(at.getTime()) ? undefined : at;
  }
  if (time.date) {
    const midnight = DateTime.fromISO(time.date, { zone: time.timeZone ?? fallbackZone });
    return midnight.isValid ? midnight.toJSDate() : undefined;
  }
  return undefined;
}

const UNTIL = /^RRULE:.*\bUNTIL=(\d{8})(T\d{6}Z?)?/i;

/**
 * The last instant a meeting of the series may start, from its RRULE's UNTIL (RFC 5545: a UTC date-time, a floating
 * local date-time, or a date, all inclusive); null without one. Google's "this and following" split sets it on the
 * old series ("Recurring events" guide: trim the old series, then create a new one).
 */
export function untilOf(recurrence: readonly string[], zone: string): Date | null {
  for (const line of recurrence) {
    const match = UNTIL.exec(line.trim());
    if (!match) continue;
    const [, date, time] = match as unknown as [string, string, string | undefined];
    const at = !time
      ? DateTime.fromFormat(date, 'yyyyMMdd', { zone }).endOf('day')
      : time.toUpperCase().endsWith('Z')
        ? DateTime.fromFormat(`${date}${time.toUpperCase()}`, "yyyyMMdd'T'HHmmss'Z'", { zone: 'UTC' })
        : DateTime.fromFormat(`${date}${time.toUpperCase()}`, "yyyyMMdd'T'HHmmss", { zone });
    return at.isValid ? at.toJSDate() : null;
  }
  return null;
}

/** A recurring master (or a deleted event we may have known as one) as a provider series. */
export function seriesOf(event: GoogleEvent, selfEmail: string): ProviderSeries {
  const organizerEmail = email(event.organizer?.email);
  return {
    providerSeriesId: event.id ?? '',
    iCalUid: storable(event.iCalUID, STORED_LENGTH.uid) ?? null,
    title: storableText(event.summary ?? '(no title)', STORED_LENGTH.title),
    organizer: { email: organizerEmail, name: storable(event.organizer?.displayName, STORED_LENGTH.name) },
    attendees: attendeesOf(event),
    timeZone: storable(event.start?.timeZone, STORED_LENGTH.timeZone) ?? null,
    recurring: (event.recurrence?.length ?? 0) > 0,
    firstStart: instantOf(event.start, event.start?.timeZone ?? 'UTC') ?? null,
    recurrenceEndsAt: untilOf(event.recurrence ?? [], event.start?.timeZone ?? 'UTC'),
    cancelled: event.status === 'cancelled',
    // Google marks the organizer's own copy with organizer.self; fall back to comparing addresses.
    organizedBySelf: event.organizer?.self === true || organizerEmail === selfEmail.toLowerCase(),
  };
}

/** One expanded instance as a provider occurrence; undefined when Google sent no usable times. */
export function occurrenceOf(event: GoogleEvent, fallbackZone: string): ProviderOccurrence | undefined {
  // An instance is identified by recurringEventId + originalStartTime, which stays put when it is moved.
  const original = instantOf(event.originalStartTime, fallbackZone);
  // A cancelled instance guarantees only id, recurringEventId and originalStartTime.
  const startsAt = instantOf(event.start, fallbackZone) ?? (event.status === 'cancelled' ? original : undefined);
  const endsAt = instantOf(event.end, fallbackZone) ?? (event.status === 'cancelled' ? startsAt : undefined);
  const originalStart = original ?? startsAt;
  if (!startsAt || !endsAt || !originalStart || !event.id) return undefined;
  return {
    instanceId: event.id,
    providerSeriesId: event.recurringEventId ?? event.id,
    originalStart,
    startsAt,
    endsAt,
    cancelled: event.status === 'cancelled',
    description: event.description ?? '',
    etag: event.etag ?? '',
    attendees: attendeesOf(event),
  };
}
