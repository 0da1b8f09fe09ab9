/**
 * events.delete and events.move (Calendar v3). The organizer deleting an event cancels it for everyone; deleting
 * an instance cancels just that instance (an exception with status `cancelled`). An attendee deleting it only
 * takes it off their own calendar and declines, which the organizer's copy shows. Deleting what is already gone
 * answers 410 `deleted`, as Google does. `move` hands the event to another calendar, which becomes its organizer.
 */
import { googleErrors } from '../errors.ts';
import type { Attendee, StoredEvent } from './model.ts';
import { publishEvent, publishException } from './sharing.ts';
import { ensureException, isGone, type Target } from './targets.ts';
import { cancelEvent, type WriteContext, withOrganizer } from './writes.ts';

/** events.delete of an event or instance on the calling calendar. */
export function deleteTarget(ctx: WriteContext, target: Target): void {
  if (isGone(target)) throw googleErrors.deleted();
  const { store, calendar } = ctx;
  const self = calendar.id;
  const { event } = target;
  const isOrganizer = event.organizer === self;
  if (target.kind === 'event') {
    if (isOrganizer) {
      cancelEvent(store, event);
    } else {
      event.dismissed.add(self);
      event.fields = { ...event.fields, attendees: declined(event.fields.attendees, self) };
      publishEvent(store, event, { exceptions: true });
    }
    return;
  }
  const exception = ensureException(event, target.instance.stamp, store.now());
  if (isOrganizer) {
    exception.cancelled = true;
  } else {
    // The attendee's calendar showed this instance through the series even when it was no exception yet: it holds
    // it, so publishing leaves a cancelled tombstone there (gone from their instances, reported by their sync).
    exception.holders.add(self);
    exception.dismissed.add(self);
    exception.overrides = { ...exception.overrides, attendees: declined(target.instance.fields.attendees, self) };
  }
  publishException(store, event, exception);
}

/** events.move: the destination calendar becomes the organizer; the source calendar's copy goes away. */
export function moveEvent(ctx: WriteContext, target: Target, destination: string): StoredEvent {
  if (target.kind === 'instance') throw googleErrors.invalid('Cannot change the organizer of an instance.', 'eventId');
  if (isGone(target)) throw googleErrors.deleted();
  const { event } = target;
  if (event.organizer !== ctx.calendar.id)
    throw googleErrors.forbidden('You need to be the organizer to move this event.');
  if (destination === event.organizer) return event;
  const previous = event.organizer;
  ctx.store.calendar(destination);
  event.organizer = destination;
  event.dismissed.delete(destination);
  event.fields = {
    ...event.fields,
    attendees: withOrganizer(
      event.fields.attendees.filter((a) => a.email !== previous),
      destination,
    ),
  };
  event.sequence += 1;
  publishEvent(ctx.store, event, { exceptions: true });
  return event;
}

function declined(attendees: readonly Attendee[], self: string): Attendee[] {
  return attendees.map((a) => (a.email === self ? { ...a, responseStatus: 'declined' } : a));
}
