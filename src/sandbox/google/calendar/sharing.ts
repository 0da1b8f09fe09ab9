/**
 * Invitations (Calendar v3 "Events & invitations"): an event appears, with the same id and iCalUID, on the
 * organizer's calendar and on the calendar of every attendee who is a person on Google Calendar (resources and
 * guests the `guest-calendar` control took off Google get no copy). A change to
 * the shared fields shows on every copy — each gets a new etag and `updated`, and turns up in that calendar's sync
 * and watch notifications. A calendar that stops holding the event (uninvited, moved away, dismissed) keeps a
 * cancelled tombstone, so its next incremental sync reports the removal.
 */
import type { Attendee, StoredEvent, StoredException } from './model.ts';
import { parseOccurrenceStamp } from './recurrence.ts';
import { exceptionFields, instanceId } from './series.ts';
import type { CalendarStore } from './store.ts';

const RESOURCE_DOMAIN = '@resource.calendar.google.com';

/** Whether an attendee is a room or other resource (flagged, or by Google's resource-calendar domain). */
export function isResource(attendee: {
  readonly email: string;
  readonly resource?: boolean | null | undefined;
}): boolean {
  return attendee.resource === true || attendee.email.endsWith(RESOURCE_DOMAIN);
}

/**
 * The calendars that show an event: the organizer's and each attendee's who is a person on Google Calendar, minus
 * dismissals.
 */
function holdersOf(
  store: CalendarStore,
  organizer: string,
  attendees: readonly Attendee[],
  dismissed: ReadonlySet<string>,
): Set<string> {
  const holders = new Set([organizer]);
  for (const attendee of attendees) {
    if (!isResource(attendee) && store.guests.isOnGoogle(attendee.email)) holders.add(attendee.email);
  }
  for (const email of dismissed) if (email !== organizer) holders.delete(email);
  return holders;
}

/** Records a change to an event on every calendar that holds (or held) it; with `exceptions`, to its exceptions too. */
export function publishEvent(store: CalendarStore, event: StoredEvent, options: { exceptions: boolean }): void {
  const visible = event.cancelled
    ? new Set<string>()
    : holdersOf(store, event.organizer, event.fields.attendees, event.dismissed);
  for (const calendarId of new Set([...visible, ...event.holders])) {
    // A calendar that never showed the event (a cancelled event's new attendee) has nothing to hear about.
    if (!visible.has(calendarId) && !store.calendar(calendarId).copies.has(event.id)) continue;
    const copy = store.touch(calendarId, event.id, event.id);
    copy.removed = !visible.has(calendarId);
    event.holders.add(calendarId);
  }
  if (options.exceptions) for (const exception of event.exceptions.values()) publishException(store, event, exception);
}

/** Records a change to one exception on every calendar that holds (or held) it. */
export function publishException(store: CalendarStore, event: StoredEvent, exception: StoredException): void {
  const original = parseOccurrenceStamp(exception.stamp);
  if (!original) return;
  const fields = exceptionFields(event, original, exception);
  const dismissed = new Set([...event.dismissed, ...exception.dismissed]);
  const visible = event.cancelled ? new Set<string>() : holdersOf(store, event.organizer, fields.attendees, dismissed);
  const id = instanceId(event.id, exception.stamp);
  for (const calendarId of new Set([...visible, ...exception.holders])) {
    const copy = store.touch(calendarId, id, event.id, exception.stamp);
    copy.removed = !visible.has(calendarId);
    exception.holders.add(calendarId);
  }
}

/** Drops an exception whose instance no longer exists (the series was cut short), leaving tombstones behind. */
export function dropException(store: CalendarStore, event: StoredEvent, exception: StoredException): void {
  const id = instanceId(event.id, exception.stamp);
  for (const calendarId of exception.holders) {
    const copy = store.touch(calendarId, id, event.id, exception.stamp);
    copy.removed = true;
  }
  event.exceptions.delete(exception.stamp);
}
