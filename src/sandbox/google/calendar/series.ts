/**
 * Instances of recurring events (Calendar v3 "Recurring events"): each occurrence of the master's recurrence,
 * replaced by its exception when there is one. An instance is named by its original start (the id suffix
 * `{masterId}_{20241015T080000Z}`), which never changes, even when the instance is moved.
 */
import type { EventFields, EventTime, StoredEvent, StoredException } from './model.ts';
import {
  expandRecurrence,
  hasOccurrence,
  type Occurrence,
  occurrenceStamp,
  parseOccurrenceStamp,
  type SeriesStart,
} from './recurrence.ts';
import { startOfDay } from './time.ts';

/** One instance of a recurring event as it currently stands. */
export interface Instance {
  readonly id: string;
  readonly stamp: string;
  readonly original: Occurrence;
  readonly exception: StoredException | undefined;
  /** The master's fields with this instance's times, then the exception's overrides. */
  readonly fields: EventFields;
  readonly cancelled: boolean;
}

/** The id of the instance with this stamp. */
export function instanceId(masterId: string, stamp: string): string {
  return `${masterId}_${stamp}`;
}

/** Splits an instance id into master id and stamp, or undefined when it is not shaped like one. */
export function splitInstanceId(id: string): { masterId: string; stamp: string } | undefined {
  const at = id.lastIndexOf('_');
  if (at < 1) return undefined;
  return { masterId: id.slice(0, at), stamp: id.slice(at + 1) };
}

/** Where the series starts, in the zone its recurrence expands in. */
function seriesStart(event: StoredEvent): SeriesStart {
  const start = event.fields.start;
  return start.kind === 'date'
    ? { kind: 'date', day: start.day }
    : { kind: 'dateTime', instant: start.instant, zone: start.timeZone ?? 'UTC' };
}

/** An occurrence as an event time (the `originalStartTime` of its instance). */
export function occurrenceTime(event: StoredEvent, occurrence: Occurrence): EventTime {
  const start = event.fields.start;
  if (occurrence.kind === 'date') return { kind: 'date', day: occurrence.day };
  return {
    kind: 'dateTime',
    instant: occurrence.instant,
    ...(start.kind === 'dateTime' && start.timeZone && { timeZone: start.timeZone }),
  };
}

/** What an instance shows when nothing was changed on it: the master's fields at the occurrence's time. */
export function inheritedFields(event: StoredEvent, occurrence: Occurrence): EventFields {
  const { recurrence: _recurrence, ...rest } = event.fields;
  const { start, end } = rest;
  if (occurrence.kind === 'date' && start.kind === 'date' && end.kind === 'date') {
    return {
      ...rest,
      start: { kind: 'date', day: occurrence.day },
      end: { kind: 'date', day: occurrence.day + end.day - start.day },
    };
  }
  if (occurrence.kind === 'dateTime' && start.kind === 'dateTime' && end.kind === 'dateTime') {
    const instant = occurrence.instant;
    return { ...rest, start: { ...start, instant }, end: { ...end, instant: instant + end.instant - start.instant } };
  }
  // Input validation keeps start, end and occurrences of one kind; anything else keeps the master's own times.
  return rest;
}

/** The instance with this stamp, or undefined when the series has no such occurrence and no exception for it. */
export function instanceAt(event: StoredEvent, stamp: string): Instance | undefined {
  if (!event.recurrence) return undefined;
  const original = parseOccurrenceStamp(stamp);
  if (!original) return undefined;
  const exception = event.exceptions.get(stamp);
  if (!exception && !hasOccurrence(event.recurrence, seriesStart(event), original)) return undefined;
  return makeInstance(event, original, exception);
}

/**
 * The instances that start before `horizon` (by original start), plus every exception wherever it was moved to,
 * ordered by their current start.
 */
export function instancesOf(event: StoredEvent, horizon: number, zone: string): Instance[] {
  if (!event.recurrence) return [];
  const byStamp = new Map<string, Instance>();
  for (const occurrence of expandRecurrence(event.recurrence, seriesStart(event), horizon)) {
    const stamp = occurrenceStamp(occurrence);
    byStamp.set(stamp, makeInstance(event, occurrence, event.exceptions.get(stamp)));
  }
  for (const [stamp, exception] of event.exceptions) {
    const original = parseOccurrenceStamp(stamp);
    if (original && !byStamp.has(stamp)) byStamp.set(stamp, makeInstance(event, original, exception));
  }
  return [...byStamp.values()].sort((a, b) => timeRange(a.fields, zone).start - timeRange(b.fields, zone).start);
}

/** Whether an exception's stamp is still an occurrence of its (possibly edited) series. */
export function isLiveStamp(event: StoredEvent, stamp: string): boolean {
  const original = parseOccurrenceStamp(stamp);
  return !!(event.recurrence && original && hasOccurrence(event.recurrence, seriesStart(event), original));
}

/** The instants an event covers; all-day dates are days in `zone` (the viewing calendar's zone). */
export function timeRange(fields: Pick<EventFields, 'start' | 'end'>, zone: string): { start: number; end: number } {
  return { start: instantOf(fields.start, zone), end: instantOf(fields.end, zone) };
}

/** The instant of an event time; all-day dates start at midnight in `zone`. */
export function instantOf(time: EventTime, zone: string): number {
  return time.kind === 'dateTime' ? time.instant : startOfDay(zone, time.day);
}

/** The effective fields of an instance. */
export function exceptionFields(event: StoredEvent, original: Occurrence, exception?: StoredException): EventFields {
  return { ...inheritedFields(event, original), ...exception?.overrides };
}

function makeInstance(event: StoredEvent, original: Occurrence, exception: StoredException | undefined): Instance {
  const stamp = occurrenceStamp(original);
  return {
    id: instanceId(event.id, stamp),
    stamp,
    original,
    exception,
    fields: exceptionFields(event, original, exception),
    cancelled: exception?.cancelled ?? false,
  };
}
