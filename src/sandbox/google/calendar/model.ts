/**
 * The Calendar emulator's state. An event belongs to its organizer ("shared" fields: times, recurrence, people,
 * text); every calendar that shows it holds a copy with the same id and its own etag, `updated`, change number and
 * private extended properties — Calendar v3's model of one event appearing on the organizer's and each
 * attendee's calendar. Exceptions (modified or cancelled instances) hang off their recurring event and only store
 * what differs from it.
 */
import type { RecurrenceSet } from './rrule.ts';

export type ResponseStatus = 'needsAction' | 'declined' | 'tentative' | 'accepted';

/** An event's start or end: an instant (with the zone it was given in) or an all-day date. */
export type EventTime =
  | { readonly kind: 'dateTime'; readonly instant: number; readonly timeZone?: string }
  | { readonly kind: 'date'; readonly day: number };

/** A guest, stored with a lower-cased email. */
export interface Attendee {
  readonly email: string;
  readonly displayName?: string;
  readonly optional?: boolean;
  /** Rooms and other resources: listed, but no calendar copy. */
  readonly resource?: boolean;
  readonly responseStatus: ResponseStatus;
  readonly comment?: string;
  readonly additionalGuests?: number;
}

/** The fields every copy shares and only the organizer may change. */
export interface EventFields {
  readonly summary?: string;
  readonly description?: string;
  readonly location?: string;
  readonly colorId?: string;
  readonly start: EventTime;
  readonly end: EventTime;
  readonly recurrence?: readonly string[];
  readonly attendees: readonly Attendee[];
  readonly status: 'confirmed' | 'tentative';
  readonly transparency?: string;
  readonly visibility?: string;
  readonly sharedProperties: Readonly<Record<string, string>>;
  readonly guestsCanModify?: boolean;
  readonly guestsCanInviteOthers?: boolean;
  readonly guestsCanSeeOtherGuests?: boolean;
  readonly anyoneCanAddSelf?: boolean;
  readonly source?: { readonly title?: string; readonly url?: string };
}

/** A single event or the master of a recurring one. */
export interface StoredEvent {
  readonly id: string;
  readonly iCalUID: string;
  organizer: string;
  readonly creator: string;
  readonly created: number;
  sequence: number;
  /** Deleted by its organizer: every copy shows `status: cancelled`. */
  cancelled: boolean;
  fields: EventFields;
  /** Parsed `fields.recurrence`, or undefined for a single event. */
  recurrence: RecurrenceSet | undefined;
  /** Modified or cancelled instances, by instance-id suffix (`20241015T080000Z`). */
  readonly exceptions: Map<string, StoredException>;
  /** Attendees who deleted the event from their own calendar. */
  readonly dismissed: Set<string>;
  /** Calendars that have ever held a copy (so a removal can show up in their sync). */
  readonly holders: Set<string>;
}

/** A modified or cancelled instance of a recurring event. */
export interface StoredException {
  readonly stamp: string;
  /** The fields that differ from the recurring event (times included when the instance was moved). */
  overrides: Partial<EventFields>;
  cancelled: boolean;
  sequence: number;
  readonly created: number;
  readonly dismissed: Set<string>;
  readonly holders: Set<string>;
}

/** What one calendar holds of one event or exception. */
export interface CalendarCopy {
  /** The event id, or `{recurringEventId}_{stamp}` for an exception. */
  readonly id: string;
  readonly masterId: string;
  readonly stamp?: string;
  /** No longer on this calendar (uninvited, moved away, dismissed): shown only as a cancelled tombstone. */
  removed: boolean;
  privateProperties: Record<string, string>;
  updated: number;
  etag: string;
  /** The store-wide change number of the last change to this copy: what sync tokens compare against. */
  changeSeq: number;
}

/** A user's primary calendar. */
export interface CalendarState {
  readonly id: string;
  timeZone: string;
  /** Opaque, stable id of this calendar's events collection, as watch channels report it. */
  readonly resourceId: string;
  readonly copies: Map<string, CalendarCopy>;
}
