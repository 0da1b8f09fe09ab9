/**
 * Meetings across mailboxes, as Exchange keeps them: each invited person (not a resource, not someone who declined)
 * gets their own copy of the organizer's item — own id, same iCalUId, `isOrganizer: false` — and the organizer's
 * changes are carried to every copy (only the properties that changed, so an attendee's own edits to other
 * properties stay). Cancelling the meeting, or uninviting someone, leaves their copy on their calendar marked
 * `isCancelled` with Outlook's "Canceled: " subject prefix, until they delete it.
 */
import { newEventId, occurrenceId } from '../ids.ts';
import type { Attendee, EventFields, Mailbox, StoredEvent, StoredException } from './model.ts';
import { SHARED_FIELDS } from './model.ts';
import type { GraphStore } from './store.ts';

type SharedKey = (typeof SHARED_FIELDS)[number];

/** What an organizer's change touched: some shared fields, and whether the recurrence (and so exceptions) reset. */
export interface MeetingChange {
  readonly fields: ReadonlySet<keyof EventFields> | 'all';
  readonly recurrence: boolean;
}

const CANCELED_PREFIX = 'Canceled: ';

/** Brings every invitee's copy of an organizer's item in step with it (creating, updating or cancelling copies). */
export function syncMeeting(store: GraphStore, event: StoredEvent, change: MeetingChange): void {
  const invitees = inviteesOf(event);
  const meaningful =
    change.fields === 'all' ||
    change.recurrence ||
    SHARED_FIELDS.some((key) => change.fields !== 'all' && change.fields.has(key));
  for (const attendee of invitees) {
    const mailbox = store.mailbox(attendee.address);
    const existing = mailbox.events.get(event.copies.get(attendee.address) ?? '');
    if (!existing) {
      // An invitee who deleted their copy gets the meeting again with the organizer's next update, as a new request.
      if (event.copies.has(attendee.address) && !meaningful) continue;
      const copy = newCopy(store, event, mailbox);
      event.copies.set(attendee.address, copy.id);
      continue;
    }
    const before = fingerprint(existing);
    const fields: Record<string, unknown> = { ...existing.fields };
    for (const key of SHARED_FIELDS) {
      if (change.fields === 'all' || change.fields.has(key)) fields[key] = sharedValue(event.fields, key);
    }
    existing.fields = fields as unknown as EventFields;
    if (change.recurrence || change.fields === 'all') {
      existing.recurrence = event.recurrence;
      existing.exceptions.clear();
      for (const originalStart of event.exceptions.keys()) mirrorException(store, event, existing, originalStart);
    }
    if (existing.cancelled) {
      // Invited again after being uninvited: the copy is a live meeting again.
      existing.cancelled = false;
      existing.fields = { ...existing.fields, subject: event.fields.subject };
    }
    if (fingerprint(existing) !== before) touch(store, existing);
  }
  const invited = new Set(invitees.map((a) => a.address));
  for (const [address, copyId] of event.copies) {
    if (invited.has(address)) continue;
    event.copies.delete(address);
    const copy = store.mailbox(address).events.get(copyId);
    if (copy) cancelCopy(store, copy);
  }
}

/** Cancels every copy of a meeting its organizer deleted. */
export function cancelMeeting(store: GraphStore, event: StoredEvent): void {
  for (const [address, copyId] of event.copies) {
    const copy = store.mailbox(address).events.get(copyId);
    if (copy) cancelCopy(store, copy);
  }
  event.copies.clear();
}

/** Carries one occurrence's change (edit, move, or cancellation) to every copy. */
export function syncOccurrence(store: GraphStore, event: StoredEvent, originalStart: number): void {
  for (const [address, copyId] of event.copies) {
    const copy = store.mailbox(address).events.get(copyId);
    if (!copy?.recurrence) continue;
    mirrorException(store, event, copy, originalStart);
    store.recordChange(address, occurrenceId(copy.id, originalStart), 'updated');
  }
}

/** The people who get a copy: not resources, not the organizer, not those who declined. */
function inviteesOf(event: StoredEvent): Attendee[] {
  if (event.owner !== event.organizer.address) return [];
  return event.fields.attendees.filter(
    (a) => a.type !== 'resource' && a.address !== event.organizer.address && a.response !== 'declined',
  );
}

function newCopy(store: GraphStore, event: StoredEvent, mailbox: Mailbox): StoredEvent {
  const shared: Record<string, unknown> = {};
  for (const key of SHARED_FIELDS) shared[key] = sharedValue(event.fields, key);
  const copy: StoredEvent = {
    id: newEventId(),
    owner: mailbox.email,
    iCalUId: event.iCalUId,
    organizer: event.organizer,
    created: store.now(),
    // Until the invitee answers, Outlook shows the meeting as tentative on their calendar.
    fields: { ...event.fields, ...(shared as Partial<EventFields>), showAs: 'tentative', categories: [] },
    recurrence: event.recurrence,
    version: store.newVersion(),
    extended: new Map(),
    response: { response: 'notResponded' },
    cancelled: false,
    exceptions: new Map(),
    copies: new Map(),
  };
  for (const originalStart of event.exceptions.keys()) mirrorException(store, event, copy, originalStart);
  mailbox.events.set(copy.id, copy);
  store.recordChange(mailbox.email, copy.id, 'created');
  return copy;
}

/** Sets a copy's exception for one occurrence from the organizer's. */
function mirrorException(store: GraphStore, event: StoredEvent, copy: StoredEvent, originalStart: number): void {
  const source = event.exceptions.get(originalStart);
  const existing = copy.exceptions.get(originalStart);
  if (!source) {
    copy.exceptions.delete(originalStart);
    return;
  }
  const overrides: Record<string, unknown> = {};
  for (const key of SHARED_FIELDS) {
    if (key in source.overrides) overrides[key] = sharedValue(source.overrides as EventFields, key);
  }
  const exception: StoredException = existing ?? {
    originalStart,
    overrides: {},
    cancelled: false,
    deleted: false,
    version: store.newVersion(),
    created: store.now(),
    extended: new Map(),
  };
  // The organizer deleting an occurrence cancels it on attendees' calendars; it stays there, marked.
  exception.cancelled = source.deleted;
  const own = Object.fromEntries(
    Object.entries(exception.overrides).filter(([key]) => !(SHARED_FIELDS as readonly string[]).includes(key)),
  );
  exception.overrides = {
    ...own,
    ...overrides,
    ...(source.deleted && { subject: prefixed(source.overrides.subject ?? event.fields.subject) }),
  };
  exception.version = store.newVersion();
  copy.exceptions.set(originalStart, exception);
}

function cancelCopy(store: GraphStore, copy: StoredEvent): void {
  if (copy.cancelled) return;
  copy.cancelled = true;
  copy.fields = { ...copy.fields, subject: prefixed(copy.fields.subject) };
  touch(store, copy);
}

function touch(store: GraphStore, copy: StoredEvent): void {
  copy.version = store.newVersion();
  store.recordChange(copy.owner, copy.id, 'updated');
}

/** A shared field as a copy holds it: attendees' responses are the organizer's business, so copies show `none`. */
function sharedValue(fields: EventFields, key: SharedKey): unknown {
  if (key !== 'attendees') return fields[key];
  return fields.attendees.map(({ responseTime: _time, ...a }) => ({ ...a, response: 'none' as const }));
}

function prefixed(subject: string): string {
  return subject.startsWith(CANCELED_PREFIX) ? subject : `${CANCELED_PREFIX}${subject}`;
}

function fingerprint(event: StoredEvent): string {
  const exceptions = [...event.exceptions.values()].map((e) => [e.originalStart, e.overrides, e.cancelled, e.deleted]);
  return JSON.stringify([event.fields, event.recurrence ?? null, exceptions, event.cancelled]);
}
