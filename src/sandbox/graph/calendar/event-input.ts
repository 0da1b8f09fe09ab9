/**
 * Request bodies of event create (POST) and update (PATCH), parsed at the edge with valibot: read-only and unknown
 * properties are dropped, as Graph ignores them; wrong types are 400. Graph's PATCH replaces each property sent as
 * a whole (`attendees` is the new list, `body` the new body, stored as Exchange rewrites it); `singleValueExtendedProperties` are created or
 * updated one by one ("Create single-value extended property": PATCH the item with the property in the array).
 */
import type { PatternedRecurrence } from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import { isEmail, normalizeEmail } from '../../users.ts';
import { graphErrors } from '../errors.ts';
import { parseEventTime } from './date-time.ts';
import { exchangeBody } from './exchange-html.ts';
import type { Attendee, EventFields, ExtendedProperty } from './model.ts';

const DateTimeSchema = v.object({ dateTime: v.string(), timeZone: v.nullish(v.string()) });
const EmailSchema = v.object({ address: v.nullish(v.string()), name: v.nullish(v.string()) });

const EventBodySchema = v.object({
  subject: v.nullish(v.string()),
  body: v.nullish(v.object({ contentType: v.nullish(v.picklist(['text', 'html'])), content: v.nullish(v.string()) })),
  start: v.nullish(DateTimeSchema),
  end: v.nullish(DateTimeSchema),
  isAllDay: v.nullish(v.boolean()),
  location: v.nullish(v.object({ displayName: v.nullish(v.string()) })),
  attendees: v.nullish(
    v.array(
      v.object({
        emailAddress: v.nullish(EmailSchema),
        type: v.nullish(v.picklist(['required', 'optional', 'resource'])),
      }),
    ),
  ),
  importance: v.nullish(v.picklist(['low', 'normal', 'high'])),
  sensitivity: v.nullish(v.picklist(['normal', 'personal', 'private', 'confidential'])),
  showAs: v.nullish(v.picklist(['free', 'tentative', 'busy', 'oof', 'workingElsewhere', 'unknown'])),
  categories: v.nullish(v.array(v.string())),
  isReminderOn: v.nullish(v.boolean()),
  reminderMinutesBeforeStart: v.nullish(v.number()),
  isOnlineMeeting: v.nullish(v.boolean()),
  responseRequested: v.nullish(v.boolean()),
  allowNewTimeProposals: v.nullish(v.boolean()),
  hideAttendees: v.nullish(v.boolean()),
  recurrence: v.nullish(v.looseObject({ pattern: v.nullish(v.looseObject({})), range: v.nullish(v.looseObject({})) })),
  singleValueExtendedProperties: v.nullish(v.array(v.object({ id: v.string(), value: v.string() }))),
  transactionId: v.nullish(v.string()),
});

type EventBody = v.InferOutput<typeof EventBodySchema>;

/** What a body asks for: the fields it sets, the recurrence (null removes it), and extended properties to write. */
export interface EventInput {
  readonly fields: Partial<EventFields>;
  /** Undefined when the body does not mention recurrence; null when it sends `"recurrence": null`. */
  readonly recurrence: PatternedRecurrence | null | undefined;
  readonly extended: readonly ExtendedProperty[];
  readonly transactionId?: string;
}

/** Parses a create or update body; a shape error is 400 naming the property. */
export function parseEventInput(json: unknown): EventInput {
  const result = v.safeParse(EventBodySchema, json);
  if (!result.success) {
    const issue = result.issues[0];
    const path = issue ? v.getDotPath(issue) : null;
    throw graphErrors.badRequest(`Invalid value for property '${path ?? 'body'}'.`);
  }
  return toInput(result.output, json as Record<string, unknown>);
}

function toInput(body: EventBody, raw: Record<string, unknown>): EventInput {
  const fields: { -readonly [K in keyof EventFields]?: EventFields[K] } = {};
  if (body.subject != null) fields.subject = body.subject;
  // Exchange stores every body as an HTML document of its own making (exchange-html.ts), whatever was sent.
  if (body.body) {
    fields.body = {
      contentType: 'html',
      content: exchangeBody(body.body.contentType ?? 'text', body.body.content ?? ''),
    };
  }
  if (body.start) fields.start = parseEventTime(body.start, 'start');
  if (body.end) fields.end = parseEventTime(body.end, 'end');
  if (body.isAllDay != null) fields.isAllDay = body.isAllDay;
  if (body.location) fields.location = body.location.displayName ?? '';
  if (body.attendees) fields.attendees = body.attendees.map(toAttendee);
  if (body.importance) fields.importance = body.importance;
  if (body.sensitivity) fields.sensitivity = body.sensitivity;
  if (body.showAs) fields.showAs = body.showAs;
  if (body.categories) fields.categories = body.categories;
  if (body.isReminderOn != null) fields.isReminderOn = body.isReminderOn;
  if (body.reminderMinutesBeforeStart != null) fields.reminderMinutesBeforeStart = body.reminderMinutesBeforeStart;
  if (body.isOnlineMeeting != null) fields.isOnlineMeeting = body.isOnlineMeeting;
  if (body.responseRequested != null) fields.responseRequested = body.responseRequested;
  if (body.allowNewTimeProposals != null) fields.allowNewTimeProposals = body.allowNewTimeProposals;
  if (body.hideAttendees != null) fields.hideAttendees = body.hideAttendees;
  const extended = (body.singleValueExtendedProperties ?? []).map((p) => {
    if (!isExtendedPropertyId(p.id)) throw graphErrors.badRequest(`Invalid extended property id '${p.id}'.`);
    return { id: p.id, value: p.value };
  });
  return {
    fields,
    recurrence: 'recurrence' in raw ? ((body.recurrence as PatternedRecurrence | null | undefined) ?? null) : undefined,
    extended,
    ...(body.transactionId != null && { transactionId: body.transactionId }),
  };
}

function toAttendee(attendee: NonNullable<EventBody['attendees']>[number]): Attendee {
  const address = normalizeEmail(attendee.emailAddress?.address ?? '');
  // Graph refuses a meeting with an unusable address rather than dropping the person.
  if (!isEmail(address)) throw graphErrors.invalidRecipients();
  return {
    address,
    name: attendee.emailAddress?.name ?? address,
    type: attendee.type ?? 'required',
    response: 'none',
  };
}

/**
 * Whether an id has the documented shape of a single-value property: `{type} {guid} Name {name}` or
 * `{type} {guid} Id 0x…` (named properties), or `{type} 0x…` (tagged).
 */
export function isExtendedPropertyId(id: string): boolean {
  const type = '(Binary|Boolean|Currency|CLSID|Double|Integer|Long|Object|Short|String|SystemTime|ApplicationTime)';
  const guid = '\\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\\}';
  return new RegExp(`^${type}\\s+(${guid}\\s+(Name\\s+\\S.*|Id\\s+0x[0-9a-fA-F]+)|0x[0-9a-fA-F]+)$`, 'i').test(
    id.trim(),
  );
}
