/**
 * Request bodies of events.insert / update / patch: parsed with valibot at the edge (unknown and read-only fields
 * are dropped, as Google ignores them), then validated into `EventFields` with Google's 400 reasons and messages.
 * Patch follows Google's patch semantics: fields sent replace, fields left out stay, `null` clears, and
 * `extendedProperties.private/shared` merge key by key (a `null` value deletes the key).
 */
import * as v from 'valibot';
import { isEmail, normalizeEmail } from '../../users.ts';
import { googleErrors } from '../errors.ts';
import type { Attendee, EventFields, EventTime, ResponseStatus } from './model.ts';
import { parseRecurrence, RecurrenceError } from './rrule.ts';
import { isResource } from './sharing.ts';
import {
  formatDateTime,
  formatDay,
  isValidZone,
  parseDay,
  parseLocalDateTime,
  parseRfc3339,
  wallToInstant,
} from './time.ts';

const TimeSchema = v.object({
  date: v.nullish(v.string()),
  dateTime: v.nullish(v.string()),
  timeZone: v.nullish(v.string()),
});

const AttendeeSchema = v.object({
  email: v.nullish(v.string()),
  displayName: v.nullish(v.string()),
  optional: v.nullish(v.boolean()),
  resource: v.nullish(v.boolean()),
  responseStatus: v.nullish(v.string()),
  comment: v.nullish(v.string()),
  additionalGuests: v.nullish(v.number()),
});

const PropertiesSchema = v.record(v.string(), v.nullable(v.string()));

const EventBodySchema = v.object({
  id: v.nullish(v.string()),
  iCalUID: v.nullish(v.string()),
  summary: v.nullish(v.string()),
  description: v.nullish(v.string()),
  location: v.nullish(v.string()),
  colorId: v.nullish(v.string()),
  start: v.nullish(TimeSchema),
  end: v.nullish(TimeSchema),
  recurrence: v.nullish(v.array(v.string())),
  attendees: v.nullish(v.array(AttendeeSchema)),
  status: v.nullish(v.picklist(['confirmed', 'tentative', 'cancelled'])),
  transparency: v.nullish(v.picklist(['opaque', 'transparent'])),
  visibility: v.nullish(v.picklist(['default', 'public', 'private', 'confidential'])),
  extendedProperties: v.nullish(
    v.object({ private: v.nullish(PropertiesSchema), shared: v.nullish(PropertiesSchema) }),
  ),
  guestsCanModify: v.nullish(v.boolean()),
  guestsCanInviteOthers: v.nullish(v.boolean()),
  guestsCanSeeOtherGuests: v.nullish(v.boolean()),
  anyoneCanAddSelf: v.nullish(v.boolean()),
  source: v.nullish(v.object({ title: v.nullish(v.string()), url: v.nullish(v.string()) })),
});

/** An event body as a client sends it, with only the fields the emulator understands. */
export type EventBody = v.InferOutput<typeof EventBodySchema>;
type TimeBody = v.InferOutput<typeof TimeSchema>;

/** The validated result of a body: shared fields, the caller's private properties, and whether it cancels. */
export interface EventInput {
  readonly fields: EventFields;
  readonly privateProperties: Record<string, string>;
  readonly cancelled: boolean;
}

const RESPONSES: readonly ResponseStatus[] = ['needsAction', 'declined', 'tentative', 'accepted'];

/** Parses a JSON body; a shape error is 400 `invalid` naming the field, as Google does. */
export function parseEventBody(json: unknown): EventBody {
  const result = v.safeParse(EventBodySchema, json);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = issue ? v.getDotPath(issue) : null;
  throw googleErrors.invalid(`Invalid value for: ${path ?? 'body'}`, path ?? undefined);
}

/** Applies a patch body to the current body (Google's patch semantics). */
export function mergePatch(current: EventBody, patch: EventBody): EventBody {
  const merged: Record<string, unknown> = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (key === 'extendedProperties') {
      const now = current.extendedProperties ?? {};
      const next = (value ?? {}) as NonNullable<EventBody['extendedProperties']>;
      merged[key] = {
        private: mergeProperties(now.private, next.private),
        shared: mergeProperties(now.shared, next.shared),
      };
    } else if ((key === 'start' || key === 'end') && value) {
      merged[key] = mergeTime(current[key], value as TimeBody);
    } else {
      merged[key] = value;
    }
  }
  return merged as EventBody;
}

/** The body a stored event would have, so a patch can be applied to it (times in their own zones). */
export function bodyOf(fields: EventFields, privateProperties: Record<string, string>): EventBody {
  return {
    summary: fields.summary ?? null,
    description: fields.description ?? null,
    location: fields.location ?? null,
    colorId: fields.colorId ?? null,
    start: timeBody(fields.start),
    end: timeBody(fields.end),
    recurrence: fields.recurrence ? [...fields.recurrence] : null,
    attendees: fields.attendees.map((a) => ({ ...a })),
    status: fields.status,
    transparency: (fields.transparency as EventBody['transparency']) ?? null,
    visibility: (fields.visibility as EventBody['visibility']) ?? null,
    extendedProperties: { private: { ...privateProperties }, shared: { ...fields.sharedProperties } },
    guestsCanModify: fields.guestsCanModify ?? null,
    guestsCanInviteOthers: fields.guestsCanInviteOthers ?? null,
    guestsCanSeeOtherGuests: fields.guestsCanSeeOtherGuests ?? null,
    anyoneCanAddSelf: fields.anyoneCanAddSelf ?? null,
    source: fields.source ? { ...fields.source } : null,
  };
}

/** Validates a body into event fields (an instance's body carries no recurrence of its own). */
export function toEventInput(body: EventBody, options: { readonly instance: boolean }): EventInput {
  if (!body.start) throw googleErrors.required('Missing start time.', 'start');
  if (!body.end) throw googleErrors.required('Missing end time.', 'end');
  const recurrenceLines = options.instance ? undefined : (body.recurrence ?? undefined);
  const recurring = recurrenceLines !== undefined && recurrenceLines.length > 0;
  const start = parseTime(body.start, 'start', recurring);
  const end = parseTime(body.end, 'end', recurring);
  if (start.kind !== end.kind) {
    throw googleErrors.invalid('Start and end times must either both be date or both be dateTime.', 'end');
  }
  const empty = start.kind === 'date' && end.kind === 'date' ? end.day <= start.day : instant(end) < instant(start);
  if (empty) throw googleErrors.timeRangeEmpty('end.dateTime');
  if (recurring) {
    try {
      parseRecurrence(recurrenceLines);
    } catch (error) {
      if (error instanceof RecurrenceError) throw googleErrors.invalid('Invalid recurrence rule.', 'recurrence');
      throw error;
    }
  }
  const fields: EventFields = {
    ...optionalText(body),
    start,
    end,
    ...(recurring && { recurrence: [...recurrenceLines] }),
    attendees: parseAttendees(body.attendees ?? []),
    status: body.status === 'tentative' ? 'tentative' : 'confirmed',
    ...(body.transparency && { transparency: body.transparency }),
    ...(body.visibility && { visibility: body.visibility }),
    sharedProperties: definedProperties(body.extendedProperties?.shared),
    ...(typeof body.guestsCanModify === 'boolean' && { guestsCanModify: body.guestsCanModify }),
    ...(typeof body.guestsCanInviteOthers === 'boolean' && { guestsCanInviteOthers: body.guestsCanInviteOthers }),
    ...(typeof body.guestsCanSeeOtherGuests === 'boolean' && { guestsCanSeeOtherGuests: body.guestsCanSeeOtherGuests }),
    ...(typeof body.anyoneCanAddSelf === 'boolean' && { anyoneCanAddSelf: body.anyoneCanAddSelf }),
    ...(body.source && {
      source: {
        ...(body.source.title != null && { title: body.source.title }),
        ...(body.source.url != null && { url: body.source.url }),
      },
    }),
  };
  return {
    fields,
    privateProperties: definedProperties(body.extendedProperties?.private),
    cancelled: body.status === 'cancelled',
  };
}

function optionalText(body: EventBody): Pick<EventFields, 'summary' | 'description' | 'location' | 'colorId'> {
  return {
    ...(body.summary != null && { summary: body.summary }),
    ...(body.description != null && { description: body.description }),
    ...(body.location != null && { location: body.location }),
    ...(body.colorId != null && { colorId: body.colorId }),
  };
}

function parseTime(time: TimeBody, field: 'start' | 'end', recurring: boolean): EventTime {
  const zone = time.timeZone ?? undefined;
  if (zone !== undefined && !isValidZone(zone)) {
    throw googleErrors.invalid(`Invalid time zone definition for ${field} time.`, `${field}.timeZone`);
  }
  if (time.date != null) {
    const day = parseDay(time.date);
    if (day === undefined) throw googleErrors.invalid(`Invalid ${field} time.`, `${field}.date`);
    return { kind: 'date', day };
  }
  if (time.dateTime == null) throw googleErrors.required(`Missing ${field} time.`, field);
  // Calendar v3: the zone is "required" for recurring events — it is the zone the recurrence expands in.
  if (recurring && zone === undefined) {
    throw googleErrors.required(`Missing time zone definition for ${field} time.`, `${field}.timeZone`);
  }
  const withOffset = parseRfc3339(time.dateTime);
  if (withOffset !== undefined) return { kind: 'dateTime', instant: withOffset, ...(zone && { timeZone: zone }) };
  const wall = parseLocalDateTime(time.dateTime);
  if (wall === undefined) throw googleErrors.invalid(`Invalid ${field} time.`, `${field}.dateTime`);
  if (zone === undefined) {
    throw googleErrors.required(`Missing time zone definition for ${field} time.`, `${field}.timeZone`);
  }
  return { kind: 'dateTime', instant: wallToInstant(zone, wall), timeZone: zone };
}

function parseAttendees(list: NonNullable<EventBody['attendees']>): Attendee[] {
  const seen = new Map<string, Attendee>();
  for (const entry of list) {
    const email = normalizeEmail(entry.email ?? '');
    if (!isEmail(email)) throw googleErrors.invalid('Invalid attendee email.', 'attendees.email');
    if (seen.has(email)) continue;
    const status = RESPONSES.find((r) => r === entry.responseStatus) ?? 'needsAction';
    seen.set(email, {
      email,
      ...(entry.displayName != null && { displayName: entry.displayName }),
      ...(entry.optional && { optional: true }),
      ...(isResource({ email, resource: entry.resource }) && { resource: true }),
      responseStatus: status,
      ...(entry.comment != null && { comment: entry.comment }),
      ...(entry.additionalGuests != null && entry.additionalGuests > 0 && { additionalGuests: entry.additionalGuests }),
    });
  }
  return [...seen.values()];
}

function definedProperties(
  properties: Readonly<Record<string, string | null>> | null | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(properties ?? {})) if (value !== null) out[key] = value;
  return out;
}

function mergeProperties(
  current: Readonly<Record<string, string | null>> | null | undefined,
  patch: Readonly<Record<string, string | null>> | null | undefined,
): Record<string, string | null> {
  return { ...definedProperties(current), ...(patch ?? {}) };
}

// Switching between a timed and an all-day time replaces it; otherwise the sent parts replace their counterparts.
function mergeTime(current: TimeBody | null | undefined, patch: TimeBody): TimeBody {
  if (patch.date != null) return { date: patch.date };
  if (patch.dateTime != null) {
    return {
      dateTime: patch.dateTime,
      timeZone: patch.timeZone !== undefined ? patch.timeZone : (current?.timeZone ?? null),
    };
  }
  return { ...current, ...patch };
}

function timeBody(time: EventTime): TimeBody {
  if (time.kind === 'date') return { date: formatDay(time.day) };
  return { dateTime: formatDateTime(time.instant, time.timeZone ?? 'UTC'), timeZone: time.timeZone ?? null };
}

function instant(time: EventTime): number {
  return time.kind === 'dateTime' ? time.instant : 0;
}
