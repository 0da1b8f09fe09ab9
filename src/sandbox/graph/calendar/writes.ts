/**
 * Event create, update and delete (Graph "Create event", "Update event", "Delete event"). Updating an occurrence
 * makes it an exception (same id) that stores only what differs from the series; deleting one removes it from
 * the organizer's calendar. Changing a series' times or pattern re-anchors it and drops its exceptions, as Outlook
 * does ("shifting a whole series changes occurrence ids"). An organizer's writes are carried to the attendees'
 * copies; an attendee's writes stay on their own copy — Graph does not forbid them. Every write of a meeting the
 * caller organizes mails its invitees (meeting-messages.ts).
 */
import type { Users } from '../../users.ts';
import { graphErrors } from '../errors.ts';
import { newEventId } from '../ids.ts';
import type { EventInput } from './event-input.ts';
import type { MeetingMessages } from './meeting-messages.ts';
import type { EventFields, ExtendedProperty, Mailbox, StoredEvent, StoredException } from './model.ts';
import { parseRecurrence, type Recurrence } from './patterned-recurrence.ts';
import { firstOccurrence } from './recurrence.ts';
import { newICalUId } from './render.ts';
import { type Instance, inheritedFields, type Target } from './series.ts';
import { cancelMeeting, syncMeeting, syncOccurrence } from './sharing.ts';
import type { GraphStore } from './store.ts';

/** The mailbox a write comes from, on a store. */
export interface WriteContext {
  readonly store: GraphStore;
  readonly users: Users;
  readonly mailbox: Mailbox;
  /** Where the meeting messages an organizer's write causes go (none when absent). */
  readonly messages?: MeetingMessages | undefined;
}

/** Create event: a new item organized by the caller; invitees get their copies. */
export function createEvent(ctx: WriteContext, input: EventInput): StoredEvent {
  const { store, mailbox } = ctx;
  const { start, end } = input.fields;
  if (!start || !end) throw graphErrors.badRequest('An event needs both start and end.');
  let fields: EventFields = {
    subject: '',
    body: { contentType: 'html', content: '' },
    isAllDay: false,
    location: '',
    attendees: [],
    importance: 'normal',
    sensitivity: 'normal',
    isOnlineMeeting: false,
    responseRequested: true,
    allowNewTimeProposals: true,
    hideAttendees: false,
    showAs: 'busy',
    categories: [],
    isReminderOn: true,
    reminderMinutesBeforeStart: 15,
    ...input.fields,
    start,
    end,
  };
  checkTimes(fields);
  const recurrence = input.recurrence ? parseRecurrence(input.recurrence, zoneOf(fields)) : undefined;
  if (recurrence) fields = anchored(fields, recurrence);
  const event: StoredEvent = {
    id: newEventId(),
    owner: mailbox.email,
    iCalUId: newICalUId(store.now()),
    organizer: { address: mailbox.email, name: ctx.users.ensure(mailbox.email).name },
    created: store.now(),
    fields,
    recurrence,
    version: store.newVersion(),
    extended: upsert(new Map(), input.extended),
    response: { response: 'organizer' },
    cancelled: false,
    exceptions: new Map(),
    copies: new Map(),
    ...(input.transactionId !== undefined && { transactionId: input.transactionId }),
  };
  mailbox.events.set(event.id, event);
  store.recordChange(mailbox.email, event.id, 'created');
  syncMeeting(store, event, { fields: 'all', recurrence: true });
  ctx.messages?.({ kind: 'created', event, fields: event.fields });
  return event;
}

/** Update event: a single event, a series master, or one occurrence (which becomes an exception). */
export function updateTarget(ctx: WriteContext, target: Target, input: EventInput): void {
  if (target.kind === 'instance') updateInstance(ctx, target.instance, input);
  else updateEvent(ctx, target.event, input);
}

/** Delete event: the organizer's delete cancels the meeting for everyone; an attendee's removes only their copy. */
export function deleteTarget(ctx: WriteContext, target: Target): void {
  const { store, mailbox } = ctx;
  if (target.kind === 'event') {
    const { event } = target;
    mailbox.events.delete(event.id);
    store.recordChange(mailbox.email, event.id, 'deleted');
    if (isOrganizer(event)) cancelMeeting(store, event);
    ctx.messages?.({ kind: 'deleted', event, fields: event.fields });
    return;
  }
  const { master, originalStart } = target.instance;
  ctx.messages?.({ kind: 'deleted', event: master, fields: target.instance.fields });
  const exception = ensureException(store, master, originalStart);
  exception.deleted = true;
  exception.version = store.newVersion();
  store.recordChange(mailbox.email, target.instance.id, 'deleted');
  store.recordChange(mailbox.email, master.id, 'updated');
  if (isOrganizer(master)) syncOccurrence(store, master, originalStart);
}

/** Whether the mailbox holding an item organizes it. */
export function isOrganizer(event: StoredEvent): boolean {
  return event.owner === event.organizer.address;
}

function updateEvent(ctx: WriteContext, event: StoredEvent, input: EventInput): void {
  const { store } = ctx;
  const before = event.fields;
  let fields: EventFields = { ...before, ...withResponses(input.fields, before) };
  checkTimes(fields);
  let recurrence = event.recurrence;
  if (input.recurrence === null && event.recurrence) {
    throw graphErrors.invalidRequest('The recurrence of a series master cannot be removed; delete the series.');
  }
  if (input.recurrence) recurrence = parseRecurrence(input.recurrence, zoneOf(fields));
  const scheduleChanged =
    JSON.stringify(recurrence ?? null) !== JSON.stringify(event.recurrence ?? null) ||
    fields.start.instant !== before.start.instant ||
    fields.end.instant !== before.end.instant ||
    fields.start.zone !== before.start.zone;
  if (recurrence && scheduleChanged) fields = anchored(fields, recurrence);
  event.fields = fields;
  event.recurrence = recurrence;
  // Outlook discards a series' exceptions when its times or pattern change.
  if (scheduleChanged) event.exceptions.clear();
  upsert(event.extended, input.extended);
  event.version = store.newVersion();
  store.recordChange(event.owner, event.id, 'updated');
  if (isOrganizer(event)) {
    const changed = new Set(
      (Object.keys(fields) as (keyof EventFields)[]).filter(
        (key) => JSON.stringify(fields[key]) !== JSON.stringify(before[key]),
      ),
    );
    syncMeeting(store, event, { fields: changed, recurrence: scheduleChanged });
  }
  ctx.messages?.({ kind: 'updated', event, before: before.attendees, fields });
}

function updateInstance(ctx: WriteContext, instance: Instance, input: EventInput): void {
  const { store } = ctx;
  if (input.recurrence !== undefined) throw graphErrors.invalidRequest('An occurrence cannot have a recurrence.');
  const { master, originalStart } = instance;
  const next: EventFields = { ...instance.fields, ...withResponses(input.fields, instance.fields) };
  checkTimes(next);
  const inherited = inheritedFields(master, originalStart);
  const overrides: Record<string, unknown> = {};
  for (const key of Object.keys(next) as (keyof EventFields)[]) {
    if (JSON.stringify(next[key]) !== JSON.stringify(inherited[key])) overrides[key] = next[key];
  }
  const exception = ensureException(store, master, originalStart);
  exception.overrides = overrides as Partial<EventFields>;
  upsert(exception.extended, input.extended);
  exception.version = store.newVersion();
  store.recordChange(master.owner, instance.id, 'updated');
  store.recordChange(master.owner, master.id, 'updated');
  if (isOrganizer(master)) syncOccurrence(store, master, originalStart);
  ctx.messages?.({ kind: 'updated', event: master, before: instance.fields.attendees, fields: next });
}

/** The exception for an occurrence, created empty when it had none. */
export function ensureException(store: GraphStore, master: StoredEvent, originalStart: number): StoredException {
  let exception = master.exceptions.get(originalStart);
  if (!exception) {
    exception = {
      originalStart,
      overrides: {},
      cancelled: false,
      deleted: false,
      version: store.newVersion(),
      created: store.now(),
      extended: new Map(),
    };
    master.exceptions.set(originalStart, exception);
  }
  return exception;
}

/** A series' start moved to its first occurrence (Outlook keeps the master's start on the first occurrence). */
function anchored(fields: EventFields, recurrence: Recurrence): EventFields {
  const first = firstOccurrence(recurrence, fields.start.instant, fields.start.zone);
  if (first === undefined) throw graphErrors.badRequest('The recurrence range leaves no occurrence.');
  const duration = fields.end.instant - fields.start.instant;
  return { ...fields, start: { ...fields.start, instant: first }, end: { ...fields.end, instant: first + duration } };
}

/** A new attendee list keeps the responses already recorded for people on it (responses are read-only). */
function withResponses(fields: Partial<EventFields>, current: EventFields): Partial<EventFields> {
  if (!fields.attendees) return fields;
  const known = new Map(current.attendees.map((a) => [a.address, a]));
  return {
    ...fields,
    attendees: fields.attendees.map((a) => {
      const seen = known.get(a.address);
      return seen
        ? { ...a, response: seen.response, ...(seen.responseTime !== undefined && { responseTime: seen.responseTime }) }
        : a;
    }),
  };
}

function checkTimes(fields: EventFields): void {
  if (fields.end.instant < fields.start.instant) {
    throw graphErrors.badRequest('The end time of the event must be after its start time.');
  }
}

function zoneOf(fields: EventFields): { zone: string; name: string } {
  return { zone: fields.start.zone, name: fields.start.zoneName };
}

function upsert(
  map: Map<string, ExtendedProperty>,
  properties: readonly ExtendedProperty[],
): Map<string, ExtendedProperty> {
  for (const property of properties) map.set(property.id.trim().toLowerCase(), property);
  return map;
}
