/**
 * Occurrences of series masters and what an event id names. An occurrence is identified by its master and original
 * start (its id is derived from both, so it is stable while the series keeps that occurrence); an exception is an
 * occurrence with stored changes, keeping the same id; a deleted one is gone from this calendar.
 */
import { graphErrors } from '../errors.ts';
import { occurrenceId, parseOccurrenceId } from '../ids.ts';
import type { EventFields, Mailbox, StoredEvent, StoredException } from './model.ts';
import { expandRecurrence, hasOccurrence } from './recurrence.ts';

/** One occurrence of a series as it currently stands. */
export interface Instance {
  readonly id: string;
  readonly master: StoredEvent;
  readonly originalStart: number;
  readonly exception: StoredException | undefined;
  /** The master's fields at the occurrence's time, then the exception's overrides. */
  readonly fields: EventFields;
}

/** What an id in a request names in a mailbox. */
export type Target =
  | { readonly kind: 'event'; readonly event: StoredEvent }
  | { readonly kind: 'instance'; readonly instance: Instance };

/** What an occurrence shows when nothing was changed on it: the series' fields at its original start. */
export function inheritedFields(master: StoredEvent, originalStart: number): EventFields {
  const { start, end } = master.fields;
  return {
    ...master.fields,
    start: { ...start, instant: originalStart },
    end: { ...end, instant: originalStart + end.instant - start.instant },
  };
}

/** The occurrence of `master` at `originalStart` (exception or not), or undefined when the series has none. */
export function instanceAt(master: StoredEvent, originalStart: number): Instance | undefined {
  if (!master.recurrence) return undefined;
  const exception = master.exceptions.get(originalStart);
  const exists =
    exception !== undefined ||
    hasOccurrence(master.recurrence, master.fields.start.instant, master.fields.start.zone, originalStart);
  return exists ? makeInstance(master, originalStart, exception) : undefined;
}

/**
 * The occurrences whose original start is before `horizon`, plus every exception wherever it was moved, without
 * those deleted from this calendar, ordered by their current start.
 */
export function instancesOf(master: StoredEvent, horizon: number): Instance[] {
  if (!master.recurrence) return [];
  const byStart = new Map<number, Instance>();
  const { instant, zone } = master.fields.start;
  for (const originalStart of expandRecurrence(master.recurrence, instant, zone, horizon)) {
    byStart.set(originalStart, makeInstance(master, originalStart, master.exceptions.get(originalStart)));
  }
  for (const [originalStart, exception] of master.exceptions) {
    if (!byStart.has(originalStart)) byStart.set(originalStart, makeInstance(master, originalStart, exception));
  }
  return [...byStart.values()]
    .filter((instance) => !instance.exception?.deleted)
    .sort((a, b) => a.fields.start.instant - b.fields.start.instant);
}

/** Resolves an event or occurrence id in a mailbox; 404 `ErrorItemNotFound` when it is not there (any more). */
export function resolveTarget(mailbox: Mailbox, id: string): Target {
  const event = mailbox.events.get(id);
  if (event) return { kind: 'event', event };
  const parsed = parseOccurrenceId(id);
  const master = parsed && mailbox.events.get(parsed.masterId);
  const instance = master && parsed && instanceAt(master, parsed.originalStart);
  if (!instance || instance.exception?.deleted) throw graphErrors.itemNotFound();
  return { kind: 'instance', instance };
}

/** The master of a series in a mailbox; 404 when there is none, 400 when the id is not a series master. */
export function seriesMaster(mailbox: Mailbox, id: string): StoredEvent {
  const target = resolveTarget(mailbox, id);
  if (target.kind !== 'event') throw graphErrors.invalidRequest('The specified id is not a series master.');
  return target.event;
}

/** Whether an instance is an exception: the organizer or this person changed it, or it was cancelled. */
export function isException(instance: Instance): boolean {
  return instance.exception !== undefined;
}

function makeInstance(master: StoredEvent, originalStart: number, exception: StoredException | undefined): Instance {
  return {
    id: occurrenceId(master.id, originalStart),
    master,
    originalStart,
    exception,
    fields: { ...inheritedFields(master, originalStart), ...exception?.overrides },
  };
}
