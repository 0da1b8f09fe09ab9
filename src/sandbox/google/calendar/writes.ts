/**
 * events.insert, events.update and events.patch (Calendar v3). The organizer's copy may change everything; an
 * attendee's copy may change only its own response and its private extended properties — anything else is 403
 * `forbiddenForNonOrganizer`. Writing an instance id makes (or edits) an exception that stores only what differs
 * from the series; changing a series' times or rule drops exceptions that are no longer occurrences of it, which
 * is how a "this and following" split (an UNTIL on the old series) ends the old series' edited instances.
 */
import { googleErrors } from '../errors.ts';
import { bodyOf, type EventBody, type EventInput, mergePatch, toEventInput } from './event-input.ts';
import { isValidEventId, newEventId } from './ids.ts';
import type { Attendee, CalendarState, EventFields, StoredEvent } from './model.ts';
import { parseRecurrence } from './rrule.ts';
import { inheritedFields, isLiveStamp } from './series.ts';
import { dropException, publishEvent, publishException } from './sharing.ts';
import type { CalendarStore } from './store.ts';
import {
  ensureException,
  isGone,
  scheduleChanged,
  sharedFieldsDiffer,
  stableStringify,
  type Target,
} from './targets.ts';

/** The calendar a write comes from, on a store. */
export interface WriteContext {
  readonly store: CalendarStore;
  readonly calendar: CalendarState;
}

/** events.insert: a new event organized by the calling calendar. */
export function insertEvent(ctx: WriteContext, body: EventBody): StoredEvent {
  const { store, calendar } = ctx;
  const input = toEventInput(body, { instance: false });
  const id = body.id ?? newEventId();
  if (!isValidEventId(id)) throw googleErrors.invalid('Invalid resource id value.', 'id');
  if (store.event(id)) throw googleErrors.duplicate();
  const fields = { ...input.fields, attendees: withOrganizer(input.fields.attendees, calendar.id) };
  const event: StoredEvent = {
    id,
    iCalUID: body.iCalUID ?? `${id}@google.com`,
    organizer: calendar.id,
    creator: calendar.id,
    created: store.now(),
    sequence: 0,
    cancelled: false,
    fields,
    recurrence: fields.recurrence ? parseRecurrence(fields.recurrence) : undefined,
    exceptions: new Map(),
    dismissed: new Set(),
    holders: new Set(),
  };
  store.addEvent(event);
  // The private properties go on the organizer's copy before the first change is published, so even the first
  // sync of the organizer's calendar sees them.
  store.touch(calendar.id, id, id).privateProperties = input.privateProperties;
  publishEvent(store, event, { exceptions: false });
  return event;
}

/** What guests were shown of an organizer's write: the event's (or instance's) fields now, or its cancellation. */
export interface GuestChange {
  readonly fields: EventFields;
  readonly cancelled: boolean;
}

/**
 * events.patch (`mode: 'patch'`) or events.update (`mode: 'update'`) of an event or an instance. Returns what changed
 * for the guests — an organizer's change to the shared fields — or undefined (an attendee's own answer, private
 * properties, nothing at all), for `sendUpdates` to tell them.
 */
export function writeTarget(
  ctx: WriteContext,
  target: Target,
  body: EventBody,
  mode: 'patch' | 'update',
): GuestChange | undefined {
  if (isGone(target)) throw googleErrors.deleted();
  const self = ctx.calendar.id;
  const isOrganizer = target.event.organizer === self;
  if (target.kind === 'event') {
    const current = bodyOf(target.event.fields, target.copy.privateProperties);
    const input = toEventInput(mode === 'patch' ? mergePatch(current, body) : body, { instance: false });
    if (isOrganizer) return organizerWritesEvent(ctx, target.event, input);
    attendeeWritesEvent(ctx, target.event, input);
    return undefined;
  }
  const { event, instance } = target;
  const current = { ...bodyOf(instance.fields, target.copy?.privateProperties ?? {}), recurrence: null };
  const input = toEventInput(mode === 'patch' ? mergePatch(current, body) : body, { instance: true });
  if (!isOrganizer && (input.cancelled || sharedFieldsDiffer(instance.fields, input.fields, self))) {
    throw googleErrors.forbiddenForNonOrganizer();
  }
  const exception = ensureException(event, instance.stamp, ctx.store.now());
  let change: GuestChange | undefined;
  if (isOrganizer) {
    if (input.cancelled) exception.cancelled = true;
    const next = { ...input.fields, attendees: withOrganizer(input.fields.attendees, event.organizer) };
    if (scheduleChanged(instance.fields, next)) exception.sequence += 1;
    exception.overrides = overridesBetween(inheritedFields(event, instance.original), next);
    if (input.cancelled || sharedFieldsDiffer(instance.fields, next, undefined)) {
      change = { fields: next, cancelled: input.cancelled };
    }
  } else {
    const attendees = withOwnResponse(instance.fields.attendees, input.fields.attendees, self);
    if (attendees) exception.overrides = { ...exception.overrides, attendees };
  }
  publishException(ctx.store, event, exception);
  ctx.store.touch(self, instance.id, event.id, instance.stamp).privateProperties = input.privateProperties;
  return change;
}

/** Cancels a whole event for everyone (the organizer deleted it). */
export function cancelEvent(store: CalendarStore, event: StoredEvent): void {
  event.cancelled = true;
  event.sequence += 1;
  publishEvent(store, event, { exceptions: true });
}

/** The attendee list with the organizer on it, as Google lists the organizer among the guests of a meeting. */
export function withOrganizer(attendees: readonly Attendee[], organizer: string): Attendee[] {
  if (attendees.length === 0) return [];
  const listed = attendees.find((a) => a.email === organizer);
  if (!listed) return [{ email: organizer, responseStatus: 'accepted' }, ...attendees];
  return attendees.map((a) =>
    a.email === organizer && a.responseStatus === 'needsAction' ? { ...a, responseStatus: 'accepted' } : a,
  );
}

/** The attendee list with `self`'s response taken from `sent`, or undefined when their response did not change. */
function withOwnResponse(
  current: readonly Attendee[],
  sent: readonly Attendee[],
  self: string,
): Attendee[] | undefined {
  const mine = sent.find((a) => a.email === self);
  const before = current.find((a) => a.email === self);
  if (!mine || !before) return undefined;
  const same =
    mine.responseStatus === before.responseStatus &&
    mine.comment === before.comment &&
    (mine.additionalGuests ?? 0) === (before.additionalGuests ?? 0);
  if (same) return undefined;
  return current.map((a) => {
    if (a.email !== self) return a;
    const { comment: _comment, additionalGuests: _guests, ...rest } = a;
    return {
      ...rest,
      responseStatus: mine.responseStatus,
      ...(mine.comment !== undefined && { comment: mine.comment }),
      ...(mine.additionalGuests !== undefined && { additionalGuests: mine.additionalGuests }),
    };
  });
}

function organizerWritesEvent(ctx: WriteContext, event: StoredEvent, input: EventInput): GuestChange | undefined {
  const { store, calendar } = ctx;
  store.touch(calendar.id, event.id, event.id).privateProperties = input.privateProperties;
  if (input.cancelled) {
    cancelEvent(store, event);
    return { fields: event.fields, cancelled: true };
  }
  const before = event.fields;
  const after: EventFields = { ...input.fields, attendees: withOrganizer(input.fields.attendees, event.organizer) };
  // Someone the organizer invites afresh (after they deleted the event or were removed) gets it back.
  for (const attendee of after.attendees) {
    if (!before.attendees.some((a) => a.email === attendee.email)) event.dismissed.delete(attendee.email);
  }
  event.fields = after;
  event.recurrence = after.recurrence ? parseRecurrence(after.recurrence) : undefined;
  if (scheduleChanged(before, after)) {
    event.sequence += 1;
    for (const exception of [...event.exceptions.values()]) {
      if (!isLiveStamp(event, exception.stamp)) dropException(store, event, exception);
    }
  }
  if (!sharedFieldsDiffer(before, after, undefined)) return undefined;
  publishEvent(store, event, { exceptions: true });
  return { fields: after, cancelled: false };
}

function attendeeWritesEvent(ctx: WriteContext, event: StoredEvent, input: EventInput): void {
  const self = ctx.calendar.id;
  if (input.cancelled || sharedFieldsDiffer(event.fields, input.fields, self))
    throw googleErrors.forbiddenForNonOrganizer();
  const attendees = withOwnResponse(event.fields.attendees, input.fields.attendees, self);
  if (attendees) {
    event.fields = { ...event.fields, attendees };
    publishEvent(ctx.store, event, { exceptions: true });
  }
  ctx.store.touch(self, event.id, event.id).privateProperties = input.privateProperties;
}

const OVERRIDABLE: readonly (keyof EventFields)[] = [
  'summary',
  'description',
  'location',
  'colorId',
  'start',
  'end',
  'attendees',
  'status',
  'transparency',
  'visibility',
  'sharedProperties',
  'guestsCanModify',
  'guestsCanInviteOthers',
  'guestsCanSeeOtherGuests',
  'anyoneCanAddSelf',
  'source',
];
const TEXT_FIELDS: readonly (keyof EventFields)[] = ['summary', 'description', 'location'];

/** The fields of `next` that differ from what the instance inherits (a cleared text field overrides with ''). */
function overridesBetween(inherited: EventFields, next: EventFields): Partial<EventFields> {
  const overrides: Record<string, unknown> = {};
  for (const key of OVERRIDABLE) {
    if (stableStringify(inherited[key]) === stableStringify(next[key])) continue;
    const value = next[key] ?? (TEXT_FIELDS.includes(key) ? '' : undefined);
    if (value !== undefined) overrides[key] = value;
  }
  return overrides as Partial<EventFields>;
}
