/**
 * Answering a meeting (Graph "event: accept", "event: tentativelyAccept", "event: decline"): the invitee's copy
 * records their response and, when `sendResponse` is not false, the organizer's item shows it on that attendee.
 * Declining removes the meeting from the invitee's calendar, as Outlook does; the organizer's later updates do not
 * bring it back unless they invite the person again.
 */
import type { ResponseType } from '@microsoft/microsoft-graph-types';
import { graphErrors } from '../errors.ts';
import type { StoredEvent } from './model.ts';
import type { Target } from './series.ts';
import type { GraphStore } from './store.ts';
import { isOrganizer, type WriteContext } from './writes.ts';

/** The three answers, by the action's name in the URL. */
export const RESPONSES: Readonly<Record<string, ResponseType>> = {
  accept: 'accepted',
  tentativelyAccept: 'tentativelyAccepted',
  decline: 'declined',
};

/** Records an invitee's answer on their copy and, unless `sendResponse` is false, on the organizer's item. */
export function respond(ctx: WriteContext, target: Target, response: ResponseType, sendResponse: boolean): void {
  if (target.kind !== 'event') {
    throw graphErrors.invalidRequest('The sandbox answers a whole meeting or series, not a single occurrence.');
  }
  const { event } = target;
  if (isOrganizer(event)) {
    throw graphErrors.invalidRequest("Your request can't be completed. You can't respond to a meeting you organized.");
  }
  const { store, mailbox } = ctx;
  const now = store.now();
  event.response = { response, time: now };
  event.fields = { ...event.fields, showAs: response === 'accepted' ? 'busy' : 'tentative' };
  event.version = store.newVersion();
  if (response === 'declined') {
    mailbox.events.delete(event.id);
    store.recordChange(mailbox.email, event.id, 'deleted');
  } else {
    store.recordChange(mailbox.email, event.id, 'updated');
  }
  if (sendResponse) recordOnOrganizer(store, event, response, now);
}

function recordOnOrganizer(store: GraphStore, copy: StoredEvent, response: ResponseType, now: number): void {
  const organizer = store.mailbox(copy.organizer.address);
  const event = [...organizer.events.values()].find((e) => e.iCalUId === copy.iCalUId && isOrganizer(e));
  if (!event) return;
  event.fields = {
    ...event.fields,
    attendees: event.fields.attendees.map((a) =>
      a.address === copy.owner ? { ...a, response, responseTime: now } : a,
    ),
  };
  if (response === 'declined') event.copies.delete(copy.owner);
  event.version = store.newVersion();
  store.recordChange(organizer.email, event.id, 'updated');
}
