import type { DateTimeTimeZone, Event, Attendee as GraphAttendee } from '@microsoft/microsoft-graph-types';
import { DateTime } from 'luxon';
import type { Attendee, ResponseStatus } from '../../core/types.ts';
import type { ProviderOccurrence, ProviderSeries } from '../provider.ts';
import { ianaZone } from './windows-zones.ts';

const RESPONSES: Record<string, ResponseStatus> = {
  accepted: 'accepted',
  organizer: 'accepted',
  declined: 'declined',
  tentativelyAccepted: 'tentative',
  none: 'needsAction',
  notResponded: 'needsAction',
};

function attendeeOf(a: GraphAttendee): Attendee | undefined {
  const email = a.emailAddress?.address?.toLowerCase();
  if (!email) return undefined;
  return {
    email,
    name: a.emailAddress?.name ?? undefined,
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
 * unless a Prefer: outlook.timezone header asked otherwise; Windows zone names are mapped to IANA).
 */
export function instantOf(time: DateTimeTimeZone | null | undefined): Date | undefined {
  if (!time?.dateTime) return undefined;
  const zone = ianaZone(time.timeZone ?? 'UTC');
  const at = DateTime.fromISO(time.dateTime.replace(/Z$/, ''), { zone });
  return at.isValid ? at.toJSDate() : undefined;
}

/** A series master as a provider series. */
export function seriesOf(event: Event, selfEmail: string): ProviderSeries {
  const organizer = event.organizer?.emailAddress;
  const organizerEmail = (organizer?.address ?? '').toLowerCase();
  return {
    providerSeriesId: event.id ?? '',
    iCalUid: event.iCalUId ?? null,
    title: event.subject ?? '(no title)',
    organizer: { email: organizerEmail, name: organizer?.name ?? undefined },
    attendees: attendeesOf(event),
    timeZone: event.originalStartTimeZone ? ianaZone(event.originalStartTimeZone) : null,
    recurring: event.type === 'seriesMaster' || !!event.recurrence,
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
