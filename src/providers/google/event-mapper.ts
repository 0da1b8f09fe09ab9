import type { calendar_v3 } from '@googleapis/calendar';
import { DateTime } from 'luxon';
import type { Attendee, ResponseStatus } from '../../core/types.ts';
import type { ProviderOccurrence, ProviderSeries } from '../provider.ts';

type GoogleEvent = calendar_v3.Schema$Event;
type GoogleTime = calendar_v3.Schema$EventDateTime;

const RESPONSES: readonly ResponseStatus[] = ['accepted', 'declined', 'tentative', 'needsAction'];

/** Google flags booked rooms with `resource: true`; their addresses end in resource.calendar.google.com. */
function isResource(attendee: calendar_v3.Schema$EventAttendee): boolean {
  return attendee.resource === true || (attendee.email ?? '').endsWith('@resource.calendar.google.com');
}

/** The attendee list in core terms. */
export function attendeesOf(event: GoogleEvent): Attendee[] {
  return (event.attendees ?? [])
    .filter((a) => typeof a.email === 'string' && a.email.length > 0)
    .map((a) => ({
      email: a.email!.toLowerCase(),
      name: a.displayName ?? undefined,
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

/** A recurring master (or a deleted event we may have known as one) as a provider series. */
export function seriesOf(event: GoogleEvent, selfEmail: string): ProviderSeries {
  const organizerEmail = (event.organizer?.email ?? '').toLowerCase();
  return {
    providerSeriesId: event.id ?? '',
    iCalUid: event.iCalUID ?? null,
    title: event.summary ?? '(no title)',
    organizer: { email: organizerEmail, name: event.organizer?.displayName ?? undefined },
    attendees: attendeesOf(event),
    timeZone: event.start?.timeZone ?? null,
    recurring: (event.recurrence?.length ?? 0) > 0,
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
