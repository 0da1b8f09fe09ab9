import type { DateTimeTimeZone, Event, Attendee as GraphAttendee } from '@microsoft/microsoft-graph-types';
import { DateTime } from 'luxon';
import { STORED_LENGTH, storableText } from '../../core/storable-text.ts';
import type { Attendee, ResponseStatus } from '../../core/types.ts';
import type { ProviderOccurrence, ProviderSeries } from '../provider.ts';
import { ianaZone, needsFallback } from './windows-zones.ts';

const RESPONSES: Record<string, ResponseStatus> = {
  accepted: 'accepted',
  organizer: 'accepted',
  declined: 'declined',
  tentativelyAccepted: 'tentative',
  none: 'needsAction',
  notResponded: 'needsAction',
};

// Free text from Graph reaches the database through this file, so it is made storable here: Outlook accepts a NUL
// or a lone surrogate in a subject or name, and Postgres would refuse it and stall the calendar's sync for good.
const storable = (text: string | null | undefined, max: number) => (text == null ? undefined : storableText(text, max));
const email = (address: string | null | undefined) => storableText((address ?? '').toLowerCase(), STORED_LENGTH.email);

function attendeeOf(a: GraphAttendee): Attendee | undefined {
  const address = email(a.emailAddress?.address);
  if (!address) return undefined;
  return {
    email: address,
    name: storable(a.emailAddress?.name, STORED_LENGTH.name),
    resource: a.type === 'resource',
    optional: a.type === 'optional',
    response: RESPONSES[a.status?.response ?? 'none'],
  };
}

/** The attendees in core terms (Graph lists the organizer separately). */
export function attendeesOf(event: Event): Attendee[] {
  return (event.attendees ?? []).map(attendeeOf).filter((a): a is Attendee => a !== undefined);
}

/**
 * An instant from Graph's `{dateTime, timeZone}`: dateTime has no offset and means wall time in timeZone (UTC
 * unless a Prefer: outlook.timezone header asked otherwise; Windows zone names are mapped to IANA). A zone no table
 * knows is read in `fallbackZone` (the mailbox's own); without one the time is unusable.
 */
export function instantOf(time: DateTimeTimeZone | null | undefined, fallbackZone?: string): Date | undefined {
  if (!time?.dateTime) return undefined;
  const zone = ianaZone(time.timeZone ?? 'UTC') ?? fallbackZone;
  if (!zone) return undefined;
  const at = DateTime.fromISO(time.dateTime.replace(/Z$/, ''), { zone });
  return at.isValid ? at.toJSDate() : undefined;
}

/**
 * The zone names an event carries that no table maps (`tzone://Microsoft/Custom`, a name newer than CLDR): when there
 * are any, the mailbox's own zone is needed to read the event.
 */
export function unmappedZones(event: Event): boolean {
  return (
    needsFallback(event.originalStartTimeZone) ||
    needsFallback(event.recurrence?.range?.recurrenceTimeZone) ||
    needsFallback(event.start?.timeZone)
  );
}

/**
 * The last instant a meeting of the series may start: the end of its range's end date, in the recurrence's zone
 * (an `endDate` range, which is how Outlook's "this and following" cuts the old series short); null for `noEnd` and
 * `numbered` ranges.
 */
export function endDateOf(event: Event, fallbackZone?: string): Date | null {
  const range = event.recurrence?.range;
  if (range?.type !== 'endDate' || !range.endDate) return null;
  const zone = ianaZone(range.recurrenceTimeZone ?? event.originalStartTimeZone ?? 'UTC') ?? fallbackZone;
  // No zone to read the end date in: a day's margin each way would still misplace it, so say nothing.
  if (!zone) return null;
  const end = DateTime.fromISO(range.endDate, { zone }).endOf('day');
  return end.isValid ? end.toJSDate() : null;
}

/**
 * A series master as a provider series. `fallbackZone` (the mailbox's own, IANA) stands for a zone Outlook could
 * not name (`tzone://Microsoft/Custom`) or no table knows: the series' zone is never taken to be UTC silently.
 */
export function seriesOf(event: Event, selfEmail: string, fallbackZone?: string): ProviderSeries {
  const organizer = event.organizer?.emailAddress;
  const organizerEmail = email(organizer?.address);
  const named = storable(event.originalStartTimeZone, STORED_LENGTH.timeZone);
  const zone = named ? (ianaZone(named) ?? fallbackZone ?? null) : null;
  return {
    providerSeriesId: event.id ?? '',
    iCalUid: storable(event.iCalUId, STORED_LENGTH.uid) ?? null,
    title: storableText(event.subject ?? '(no title)', STORED_LENGTH.title),
    organizer: { email: organizerEmail, name: storable(organizer?.name, STORED_LENGTH.name) },
    attendees: attendeesOf(event),
    timeZone: zone,
    recurring: event.type === 'seriesMaster' || !!event.recurrence,
    firstStart: instantOf(event.start, fallbackZone) ?? null,
    recurrenceEndsAt: endDateOf(event, fallbackZone),
    cancelled: event.isCancelled === true,
    organizedBySelf: event.isOrganizer === true || organizerEmail === selfEmail.toLowerCase(),
  };
}

/** One occurrence or exception as a provider occurrence. */
export function occurrenceOf(event: Event): ProviderOccurrence | undefined {
  const startsAt = instantOf(event.start);
  const endsAt = instantOf(event.end);
  // originalStart is the occurrence's identity within its series, unchanged when it is moved.
  const originalStart = event.originalStart ? new Date(event.originalStart) : startsAt;
  if (!event.id || !startsAt || !endsAt || !originalStart || Number.isNaN(originalStart.getTime())) return undefined;
  return {
    instanceId: event.id,
    providerSeriesId: event.seriesMasterId ?? event.id,
    originalStart,
    startsAt,
    endsAt,
    cancelled: event.isCancelled === true,
    description: event.body?.content ?? '',
    etag: (event as { '@odata.etag'?: string })['@odata.etag'] ?? '',
    attendees: attendeesOf(event),
  };
}
