/**
 * The Graph emulator's calendar state, modelled on Exchange: every mailbox holds its own items. A meeting is the
 * organizer's item plus one copy per invited person (own ids, same iCalUId, `isOrganizer: false`), which the
 * organizer's changes update. A recurring item (series master) keeps its modified and cancelled occurrences inside
 * it, storing only what differs from the series.
 */
import type { BodyType, FreeBusyStatus, Importance, ResponseType, Sensitivity } from '@microsoft/microsoft-graph-types';
import type { EventTime } from './date-time.ts';
import type { Recurrence } from './patterned-recurrence.ts';

/** One version of an item: `changeKey` changes on every change, `@odata.etag` is `W/"{changeKey}"`. */
export interface Version {
  readonly changeKey: string;
  readonly modified: number;
}

/** An attendee as the organizer's item records them. */
export interface Attendee {
  readonly address: string;
  readonly name: string;
  readonly type: 'required' | 'optional' | 'resource';
  readonly response: ResponseType;
  readonly responseTime?: number;
}

/** What an event says; a meeting update carries the shared ones to every copy. */
export interface EventFields {
  readonly subject: string;
  readonly body: { readonly contentType: BodyType; readonly content: string };
  readonly start: EventTime;
  readonly end: EventTime;
  readonly isAllDay: boolean;
  readonly location: string;
  readonly attendees: readonly Attendee[];
  readonly importance: Importance;
  readonly sensitivity: Sensitivity;
  readonly isOnlineMeeting: boolean;
  readonly responseRequested: boolean;
  readonly allowNewTimeProposals: boolean;
  readonly hideAttendees: boolean;
  /** Per mailbox (never sent to attendees). */
  readonly showAs: FreeBusyStatus;
  readonly categories: readonly string[];
  readonly isReminderOn: boolean;
  readonly reminderMinutesBeforeStart: number;
}

/** The fields an organizer's change carries to attendees' copies. */
export const SHARED_FIELDS = [
  'subject',
  'body',
  'start',
  'end',
  'isAllDay',
  'location',
  'attendees',
  'importance',
  'sensitivity',
  'isOnlineMeeting',
  'responseRequested',
  'allowNewTimeProposals',
  'hideAttendees',
] as const satisfies readonly (keyof EventFields)[];

/** A single-value extended property, keyed in the item by its lower-cased id. */
export interface ExtendedProperty {
  readonly id: string;
  readonly value: string;
}

/** A person's own reply to a meeting. */
export interface OwnResponse {
  readonly response: ResponseType;
  readonly time?: number;
}

/** One mailbox's single event or series master. */
export interface StoredEvent {
  readonly id: string;
  readonly owner: string;
  readonly iCalUId: string;
  readonly organizer: { readonly address: string; readonly name: string };
  readonly created: number;
  fields: EventFields;
  recurrence: Recurrence | undefined;
  version: Version;
  readonly extended: Map<string, ExtendedProperty>;
  response: OwnResponse;
  /** The organizer cancelled the meeting (or uninvited this person): the copy stays, marked, until deleted. */
  cancelled: boolean;
  /** Modified, cancelled or deleted occurrences, by original start (epoch ms). */
  readonly exceptions: Map<number, StoredException>;
  /** On an organizer's meeting: each invitee's copy, by email. */
  readonly copies: Map<string, string>;
  readonly transactionId?: string;
}

/** A modified occurrence, or one cancelled by the organizer, or one deleted from this calendar. */
export interface StoredException {
  readonly originalStart: number;
  /** The fields that differ from the series. */
  overrides: Partial<EventFields>;
  cancelled: boolean;
  /** Gone from this calendar: the organizer deleted the occurrence, or an attendee deleted or declined it. */
  deleted: boolean;
  /** On an invitee's copy: their answer to this occurrence alone (accept / decline of an occurrence id). */
  response?: OwnResponse;
  version: Version;
  readonly created: number;
  readonly extended: Map<string, ExtendedProperty>;
}

/** A user's mailbox. */
export interface Mailbox {
  readonly email: string;
  /** The user's Graph id (a GUID), as in notification `resource` paths. */
  readonly userId: string;
  readonly events: Map<string, StoredEvent>;
  /** Bumped by `expire-delta-tokens`: tokens from an older generation answer 410. */
  deltaGeneration: number;
  /** The code those tokens answer with (`syncStateNotFound` unless the control asked for `resyncRequired`). */
  deltaResetCode: 'syncStateNotFound' | 'resyncRequired';
  /** Their status: 410 Gone, or 400 ("a 40X-series error", delta query overview) when the control asked for it. */
  deltaResetStatus: 400 | 410;
  /** The mailbox's own time zone (`mailboxSettings.timeZone`): a Windows name unless set as IANA. */
  timeZone: string;
}
