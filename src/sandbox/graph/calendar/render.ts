/**
 * Renders stored items as Graph `event` resources, typed with `@microsoft/microsoft-graph-types` so a shape Graph
 * would not send fails typecheck. Times are written in UTC unless the request preferred a zone
 * (`Prefer: outlook.timezone`); `originalStartTimeZone` keeps the Windows name of the zone the event was created in.
 * Extended properties appear only when `$expand`ed, as on Graph.
 */
import type { Event, Attendee as GraphAttendee, Location, ResponseStatus } from '@microsoft/microsoft-graph-types';
import { formatEventTime, formatUtc, type OutputZone } from './date-time.ts';
import type { Attendee, EventFields, ExtendedProperty, OwnResponse, StoredEvent, Version } from './model.ts';
import { renderRecurrence } from './patterned-recurrence.ts';
import { type Instance, isException } from './series.ts';
import { windowsZoneOf } from './zones.ts';

/** An event as a response carries it: Graph's `event` plus its OData annotations. */
export type GraphEvent = Event & { '@odata.etag': string; '@odata.type'?: string };

/**
 * How a response is written: its zone, the body format (Graph "Get event": bodies come back as HTML unless
 * `Prefer: outlook.body-content-type="text"`), and which extended properties were asked for with `$expand`.
 */
export interface View {
  readonly output: OutputZone;
  readonly bodyType: 'html' | 'text';
  /** Lower-cased extended property ids to include; undefined when not expanded. */
  readonly extendedIds: ReadonlySet<string> | undefined;
}

/** Graph's "no time": the `time` of a response that was never sent. */
const NEVER = '0001-01-01T00:00:00Z';

/** A single event or series master. */
export function renderEvent(view: View, event: StoredEvent): GraphEvent {
  return {
    ...common(view, event, event.fields, event.version, event.extended, event.id),
    type: event.recurrence ? 'seriesMaster' : 'singleInstance',
    iCalUId: event.iCalUId,
    isCancelled: event.cancelled,
    seriesMasterId: null,
    recurrence: event.recurrence ? renderRecurrence(event.recurrence) : null,
  };
}

/** One occurrence or exception of a series master. */
export function renderInstance(view: View, instance: Instance): GraphEvent {
  const { master, exception } = instance;
  return {
    ...common(
      view,
      master,
      instance.fields,
      exception?.version ?? master.version,
      exception?.extended ?? new Map(),
      instance.id,
    ),
    // An invitee who answered this occurrence alone sees that answer on it; the others show the series' answer.
    ...(exception?.response && !isOrganizerOf(master) && { responseStatus: responseStatusOf(exception.response) }),
    type: isException(instance) ? 'exception' : 'occurrence',
    // "This ID is different for each occurrence in a recurring series": the series id with the occurrence's date.
    iCalUId: occurrenceUid(master.iCalUId, instance.originalStart),
    isCancelled: master.cancelled || (exception?.cancelled ?? false),
    seriesMasterId: master.id,
    originalStart: formatUtc(instance.originalStart),
    recurrence: null,
  };
}

/** The etag an item's current version carries. */
export function etagOf(version: Version): string {
  return `W/"${version.changeKey}"`;
}

/**
 * A new iCalUId in Outlook's GlobalObjectId hex form: the fixed class id, four zero date bytes (a master),
 * a creation stamp, and random bytes.
 */
export function newICalUId(now: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const random = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  const stamp = BigInt(now).toString(16).padStart(16, '0');
  return `040000008200E00074C5B7101A82E00800000000${stamp}000000000000000010000000${random}`.toUpperCase();
}

/** An occurrence's uid: the series' with the occurrence's date in the date bytes, as Outlook's ids for instances. */
function occurrenceUid(seriesUid: string, originalStart: number): string {
  const date = new Date(originalStart);
  const hex = (value: number, width: number) => value.toString(16).padStart(width, '0').toUpperCase();
  const bytes = `${hex(date.getUTCFullYear(), 4)}${hex(date.getUTCMonth() + 1, 2)}${hex(date.getUTCDate(), 2)}`;
  return seriesUid.length >= 40 ? `${seriesUid.slice(0, 32)}${bytes}${seriesUid.slice(40)}` : seriesUid;
}

function isOrganizerOf(event: StoredEvent): boolean {
  return event.owner === event.organizer.address;
}

function responseStatusOf(response: OwnResponse): ResponseStatus {
  return { response: response.response, time: response.time ? formatUtc(response.time) : NEVER };
}

function common(
  view: View,
  event: StoredEvent,
  fields: EventFields,
  version: Version,
  extended: ReadonlyMap<string, ExtendedProperty>,
  id: string,
): GraphEvent {
  const isOrganizer = isOrganizerOf(event);
  const location: Location = {
    displayName: fields.location,
    locationType: 'default',
    uniqueIdType: fields.location === '' ? 'unknown' : 'private',
    address: {},
    coordinates: {},
  };
  return {
    '@odata.etag': etagOf(version),
    id,
    createdDateTime: new Date(event.created).toISOString(),
    lastModifiedDateTime: new Date(version.modified).toISOString(),
    changeKey: version.changeKey,
    categories: [...fields.categories],
    transactionId: event.transactionId ?? null,
    originalStartTimeZone: windowsZoneOf(fields.start.zoneName),
    originalEndTimeZone: windowsZoneOf(fields.end.zoneName),
    reminderMinutesBeforeStart: fields.reminderMinutesBeforeStart,
    isReminderOn: fields.isReminderOn,
    hasAttachments: false,
    subject: fields.subject,
    bodyPreview: preview(fields.body.contentType, fields.body.content),
    importance: fields.importance,
    sensitivity: fields.sensitivity,
    isAllDay: fields.isAllDay,
    isOrganizer,
    responseRequested: fields.responseRequested,
    showAs: fields.showAs,
    webLink: `https://outlook.office365.com/owa/?itemid=${encodeURIComponent(id)}&exvsurl=1&path=/calendar/item`,
    onlineMeetingUrl: null,
    isOnlineMeeting: fields.isOnlineMeeting,
    onlineMeetingProvider: fields.isOnlineMeeting ? 'teamsForBusiness' : 'unknown',
    allowNewTimeProposals: fields.allowNewTimeProposals,
    isDraft: false,
    hideAttendees: fields.hideAttendees,
    onlineMeeting: null,
    responseStatus: isOrganizer ? { response: 'organizer', time: NEVER } : responseStatusOf(event.response),
    body: bodyAs(view.bodyType, fields.body),
    start: formatEventTime(fields.start.instant, view.output),
    end: formatEventTime(fields.end.instant, view.output),
    location,
    locations: fields.location === '' ? [] : [location],
    attendees: fields.attendees.map(renderAttendee),
    organizer: { emailAddress: { name: event.organizer.name, address: event.organizer.address } },
    ...(view.extendedIds && {
      singleValueExtendedProperties: [...extended.entries()]
        .filter(([key]) => view.extendedIds?.has(key))
        .map(([, property]) => ({ id: property.id, value: property.value })),
    }),
  };
}

function renderAttendee(attendee: Attendee): GraphAttendee {
  return {
    type: attendee.type,
    status: {
      response: attendee.response,
      time: attendee.responseTime === undefined ? NEVER : formatUtc(attendee.responseTime),
    },
    emailAddress: { name: attendee.name, address: attendee.address },
  };
}

/**
 * A body in the format the response asks for. Bodies are stored as the HTML documents Exchange makes of them
 * (exchange-html.ts); `Prefer: outlook.body-content-type="text"` gets the text Outlook extracts from them.
 */
function bodyAs(type: 'html' | 'text', body: EventFields['body']): { contentType: 'html' | 'text'; content: string } {
  if (type === 'text' && body.contentType === 'html') return { contentType: 'text', content: htmlToText(body.content) };
  return { contentType: body.contentType, content: body.content };
}

function htmlToText(html: string): string {
  return (
    html
      .replace(/<(style|script|head)[^>]*>[\s\S]*?<\/\1>/gi, '')
      // Whitespace in HTML source (Exchange's CRLFs and folded lines among it) shows as one space.
      .replace(/\s+/g, ' ')
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<\/(p|div|li|tr|h\d)>/gi, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/[ \t]*\n[ \t]*/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim()
  );
}

// bodyPreview: "The preview of the message associated with the event. It's in text format" (first 255 characters).
function preview(contentType: string, content: string): string {
  const text = contentType === 'html' ? htmlToText(content) : content;
  return text.replace(/\s+/g, ' ').trim().slice(0, 255);
}
