/**
 * Finding what a write addresses: an event (single or recurring master) or one instance of a recurring event
 * (an instance id, `{masterId}_{stamp}`, whether or not it is already an exception), as the calling calendar sees
 * it — with its current etag for `If-Match` (Calendar v3: 412 `conditionNotMet` when it does not match).
 */
import { googleErrors } from '../errors.ts';
import type { CalendarCopy, CalendarState, EventFields, EventTime, StoredEvent, StoredException } from './model.ts';
import { instanceEtag } from './render.ts';
import { type Instance, instanceAt, splitInstanceId } from './series.ts';
import type { CalendarStore } from './store.ts';

/** What a request's event id names on the calling calendar. */
export type Target =
  | { readonly kind: 'event'; readonly event: StoredEvent; readonly copy: CalendarCopy }
  | {
      readonly kind: 'instance';
      readonly event: StoredEvent;
      readonly instance: Instance;
      readonly copy: CalendarCopy | undefined;
      readonly masterCopy: CalendarCopy | undefined;
    };

/** Resolves an event id on a calendar; 404 `notFound` when the calendar has no such event or instance. */
export function resolveTarget(store: CalendarStore, calendar: CalendarState, eventId: string): Target {
  const event = store.event(eventId);
  if (event) {
    const copy = calendar.copies.get(eventId);
    if (!copy) throw googleErrors.notFound();
    return { kind: 'event', event, copy };
  }
  const parts = splitInstanceId(eventId);
  const master = parts && store.event(parts.masterId);
  const instance = master && parts && instanceAt(master, parts.stamp);
  if (!master || !instance) throw googleErrors.notFound();
  const copy = calendar.copies.get(eventId);
  const masterCopy = calendar.copies.get(master.id);
  if (!copy && !masterCopy) throw googleErrors.notFound();
  return { kind: 'instance', event: master, instance, copy, masterCopy };
}

/** The etag the caller must send in `If-Match` to write this target. */
export function targetEtag(target: Target): string {
  return target.kind === 'event'
    ? target.copy.etag
    : instanceEtag(target.instance.stamp, target.copy, target.masterCopy);
}

/** Whether the target is already gone from the calling calendar (deleted, cancelled, uninvited). */
export function isGone(target: Target): boolean {
  if (target.event.cancelled) return true;
  if (target.kind === 'event') return target.copy.removed;
  return target.instance.cancelled || (target.copy ?? target.masterCopy)?.removed === true;
}

/** Answers 412 `conditionNotMet` when an `If-Match` header does not name the current etag. */
export function checkIfMatch(target: Target, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const etag = targetEtag(target);
  const sent = ifMatch.split(',').map((value) => value.trim().replace(/^W\//, ''));
  if (!sent.includes(etag)) throw googleErrors.conditionNotMet();
}

/** The exception for an instance, created empty when the instance had none. */
export function ensureException(event: StoredEvent, stamp: string, now: number): StoredException {
  let exception = event.exceptions.get(stamp);
  if (!exception) {
    exception = {
      stamp,
      overrides: {},
      cancelled: false,
      sequence: 0,
      created: now,
      dismissed: new Set(),
      holders: new Set(),
    };
    event.exceptions.set(stamp, exception);
  }
  return exception;
}

/**
 * Whether two field sets differ in anything an attendee may not change. The attendee's own response, comment and
 * guest count are theirs to change; other people's responses are ignored (a stale copy must not count as an edit).
 */
export function sharedFieldsDiffer(before: EventFields, after: EventFields, self: string | undefined): boolean {
  return canonical(before, self) !== canonical(after, self);
}

/** Whether the times or recurrence changed: what bumps `sequence` (RFC 5545 §3.8.7.4 "significant" changes). */
export function scheduleChanged(before: EventFields, after: EventFields): boolean {
  return (
    timeKey(before.start) !== timeKey(after.start) ||
    timeKey(before.end) !== timeKey(after.end) ||
    JSON.stringify(before.recurrence ?? []) !== JSON.stringify(after.recurrence ?? [])
  );
}

function canonical(fields: EventFields, self: string | undefined): string {
  const attendees = [...fields.attendees]
    .map((a) => ({
      email: a.email,
      displayName: a.displayName ?? '',
      optional: a.optional ?? false,
      resource: a.resource ?? false,
      ...(self === undefined && { responseStatus: a.responseStatus, comment: a.comment, guests: a.additionalGuests }),
    }))
    .sort((a, b) => a.email.localeCompare(b.email));
  return stableStringify({
    ...fields,
    start: timeKey(fields.start),
    end: timeKey(fields.end),
    summary: fields.summary ?? '',
    description: fields.description ?? '',
    location: fields.location ?? '',
    recurrence: fields.recurrence ?? [],
    attendees,
  });
}

function timeKey(time: EventTime): string {
  return time.kind === 'date' ? `d${time.day}` : `t${time.instant}|${time.timeZone ?? ''}`;
}

/** JSON with sorted keys, so equal values compare equal as text. */
export function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableStringify(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
