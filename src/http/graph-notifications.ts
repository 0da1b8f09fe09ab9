import type { Context } from 'hono';
import * as v from 'valibot';
import { textProblem } from '../core/storable-text.ts';

/**
 * Most entries one Graph POST may carry. Graph documents no maximum: it "may send multiple notifications that
 * correspond to different subscriptions in the same POST request" (learn.microsoft.com, "Receive change
 * notifications through webhooks"). A real Outlook event notification is 600–700 bytes (a GUID subscriptionId and
 * tenantId, the event id twice in `resource` and `resourceData`, an etag, the clientState), so the 64 KiB body limit
 * (MAX_BODY_BYTES in app.tsx) already holds a genuine batch to about 100 entries. 1,000 leaves ten times that, room
 * for a larger body limit on this route one day; more entries than that can only be junk (2,599 bare
 * `{"subscriptionId":"x"}` fit in 64 KiB) and are refused before anything else is read. Checking is cheap either
 * way: one query for all the subscriptions a body names, one clientState hash per distinct pair.
 */
export const MAX_GRAPH_NOTIFICATIONS = 1000;

/**
 * Graph's subscription ids are GUIDs and its clientState is at most 128 characters (subscription resource);
 * anything longer is not from Graph and is refused before it reaches a query or a hash.
 */
const MAX_ID_LENGTH = 128;
const MAX_CLIENT_STATE_LENGTH = 128;

const optionalText = v.nullish(v.string('must be text or null'));

const notificationSchema = v.object(
  {
    subscriptionId: v.pipe(
      v.string('subscriptionId must be text'),
      v.minLength(1, 'subscriptionId must not be empty'),
      v.maxLength(MAX_ID_LENGTH, `subscriptionId must be at most ${MAX_ID_LENGTH} characters`),
      // Postgres refuses U+0000 in a query parameter: a 400 here instead of a 500 from the lookup.
      v.check((id) => textProblem(id) === undefined, 'subscriptionId must be well-formed text without NUL'),
    ),
    // Null when the subscription was made without one; Carryover always sets one, so null never matches.
    clientState: v.nullish(
      v.pipe(
        v.string('clientState must be text or null'),
        v.maxLength(MAX_CLIENT_STATE_LENGTH, `clientState must be at most ${MAX_CLIENT_STATE_LENGTH} characters`),
      ),
    ),
    changeType: optionalText,
    resource: optionalText,
    lifecycleEvent: optionalText,
  },
  'each notification must be an object',
);

const collectionSchema = v.object(
  {
    value: v.pipe(
      // The length is checked before any entry is, so an oversized body costs no per-entry work.
      v.array(v.unknown(), 'value must be an array of notifications'),
      v.minLength(1, 'value must hold at least one notification'),
      v.maxLength(MAX_GRAPH_NOTIFICATIONS, `value must hold at most ${MAX_GRAPH_NOTIFICATIONS} notifications`),
      v.array(notificationSchema),
    ),
  },
  'the body must be a JSON object with a value array',
);

/** One entry of a Graph change or lifecycle notification collection, as far as Carryover reads it. */
export type GraphNotification = v.InferOutput<typeof notificationSchema>;

/** The notifications of a Graph POST, or why the body is not a notification collection. */
export type ParsedNotifications =
  | { readonly ok: true; readonly notifications: readonly GraphNotification[] }
  | { readonly ok: false; readonly message: string };

/** Reads and checks Graph's `{ value: [...] }` body; the message names the first thing wrong with it. */
export async function parseGraphNotifications(c: Context): Promise<ParsedNotifications> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch (error) {
    return { ok: false, message: `the body is not valid JSON: ${(error as Error).message}` };
  }
  const result = v.safeParse(collectionSchema, body, { abortEarly: true });
  if (result.success) return { ok: true, notifications: result.output.value };
  const issue = result.issues[0];
  const path = issue.path?.map((p: { key: unknown }) => String(p.key)).join('.');
  return { ok: false, message: path ? `${path}: ${issue.message}` : issue.message };
}
