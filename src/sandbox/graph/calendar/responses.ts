/**
 * Answering a meeting (Graph "event: accept", "event: tentativelyAccept", "event: decline"): the invitee's copy
 * records their response and, when `sendResponse` is not false, the organizer's item shows it on that attendee.
 * Declining removes the meeting from the invitee's calendar, as Outlook does; the organizer's later updates do not
 * bring it back unless they invite the person again.
 *
 * The actions take any event id, an occurrence's included, and Outlook lets an invitee answer one occurrence of a
 * series ("calling accept on an instance of recurring series", microsoftgraph/msgraph-sdk-java#215: only that
 * instance changes). The docs say nothing of what the two calendars then show; the sandbox answers the one
 * occurrence: the invitee's copy records the answer on it (a decline takes that occurrence off their calendar,
 * the rest of the series stays), and the organizer's matching occurrence (same original start) becomes an
 * exception showing the attendee's answer — a change to that occurrence like any other the organizer sees.
 */
import type { ResponseType } from '@microsoft/microsoft-graph-types';
import { graphErrors } from '../errors.ts';
import { occurrenceId } from '../ids.ts';
import type { Attendee, StoredEvent } from './model.ts';
import { type Instance, instanceAt, type Target } from './series.ts';
import type { GraphStore } from './store.ts';
import { ensureException, isOrganizer, type WriteContext } from './writes.ts';

/** The three answers, by the action's name in the URL. */
export const RESPONSES: Readonly<Record<string, ResponseType>> = {
  accept: 'accepted',
  tentativelyAccept: 'tentativelyAccepted',
  decline: 'declined',
};

/**
 * Records an invitee's answer to a meeting, a series or one occurrence on their copy and, unless `sendResponse` is
 * false, on the organizer's item (or on the organizer's matching occurrence).
 */
export function respond(ctx: WriteContext, target: Target, response: ResponseType, sendResponse: boolean): void {
  const event = target.kind === 'event' ? target.event : target.instance.master;
  if (isOrganizer(event)) {
    throw graphErrors.invalidRequest("Your request can't be completed. You can't respond to a meeting you organized.");
  }
  if (target.kind === 'instance') {
    respondToOccurrence(ctx, target.instance, response, sendResponse);
    return;
  }
  const { store, mailbox } = ctx;
  const now = store.now();
  event.response = { response, time: now };
  event.fields = { ...event.fields, showAs: showAsFor(response) };
  event.version = store.newVersion();
  if (response === 'declined') {
    mailbox.events.delete(event.id);
    store.recordChange(mailbox.email, event.id, 'deleted');
  } else {
    store.recordChange(mailbox.email, event.id, 'updated');
  }
  if (sendResponse) recordOnOrganizer(store, event, response, now);
}

/** One occurrence answered on the invitee's copy: an exception holding the answer (deleted from view on decline). */
function respondToOccurrence(ctx: WriteContext, instance: Instance, response: ResponseType, sendResponse: boolean) {
  const { store, mailbox } = ctx;
  const { master: copy, originalStart } = instance;
  const now = store.now();
  const exception = ensureException(store, copy, originalStart);
  exception.response = { response, time: now };
  exception.overrides = { ...exception.overrides, showAs: showAsFor(response) };
  if (response === 'declined') exception.deleted = true;
  exception.version = store.newVersion();
  store.recordChange(mailbox.email, instance.id, response === 'declined' ? 'deleted' : 'updated');
  store.recordChange(mailbox.email, copy.id, 'updated');
  if (sendResponse) recordOnOrganizerOccurrence(store, copy, originalStart, response, now);
}

function recordOnOrganizer(store: GraphStore, copy: StoredEvent, response: ResponseType, now: number): void {
  const event = organizersItem(store, copy);
  if (!event) return;
  event.fields = { ...event.fields, attendees: answered(event.fields.attendees, copy.owner, response, now) };
  if (response === 'declined') event.copies.delete(copy.owner);
  event.version = store.newVersion();
  store.recordChange(event.owner, event.id, 'updated');
}

/**
 * The organizer's occurrence with the same original start shows the answer: it becomes (or stays) an exception,
 * with a new version, reported like the organizer's own occurrence edits (the occurrence and its master). The
 * other invitees' copies are not touched — Outlook sends an answer to the organizer only.
 */
function recordOnOrganizerOccurrence(
  store: GraphStore,
  copy: StoredEvent,
  originalStart: number,
  response: ResponseType,
  now: number,
): void {
  const event = organizersItem(store, copy);
  const instance = event && instanceAt(event, originalStart);
  // The organizer deleted that occurrence (or the series no longer has it): there is nothing to show the answer on.
  if (!event || !instance || instance.exception?.deleted) return;
  const exception = ensureException(store, event, originalStart);
  exception.overrides = {
    ...exception.overrides,
    attendees: answered(instance.fields.attendees, copy.owner, response, now),
  };
  exception.version = store.newVersion();
  store.recordChange(event.owner, occurrenceId(event.id, originalStart), 'updated');
  store.recordChange(event.owner, event.id, 'updated');
}

/** The organizer's item of the meeting an invitee's copy belongs to. */
function organizersItem(store: GraphStore, copy: StoredEvent): StoredEvent | undefined {
  const organizer = store.mailbox(copy.organizer.address);
  return [...organizer.events.values()].find((e) => e.iCalUId === copy.iCalUId && isOrganizer(e));
}

function answered(attendees: readonly Attendee[], who: string, response: ResponseType, now: number): Attendee[] {
  return attendees.map((a) => (a.address === who ? { ...a, response, responseTime: now } : a));
}

// Outlook shows an accepted meeting as busy, one tentatively accepted (or declined) as tentative.
function showAsFor(response: ResponseType): 'busy' | 'tentative' {
  return response === 'accepted' ? 'busy' : 'tentative';
}
