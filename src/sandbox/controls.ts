/**
 * What the provider emulators' control routes (`POST /sandbox/control/{provider}/…`) share: reading the `email`
 * query parameter, the 400 they answer bad input with, and the controls that work alike for every provider —
 * `revoke-grants`, `pause-notifications`, and `fail-next`, which only differs in the name of the error detail
 * (Google's `reason`, Graph's `code`).
 */
import type { Context, Handler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { FaultTable } from './faults.ts';
import { isEmail, normalizeEmail } from './users.ts';

/** The statuses `fail-next` may inject. */
const FAULT_STATUSES = [400, 401, 403, 404, 409, 410, 412, 429, 500, 502, 503, 504];

/** The `email` query parameter, normalized, or undefined when missing or not an email. */
export function emailParam(c: Context): string | undefined {
  const email = normalizeEmail(c.req.query('email') ?? '');
  return isEmail(email) ? email : undefined;
}

/** The answer to a control request with bad input. */
export function bad(c: Context, message: string): Response {
  return c.json({ error: message }, 400);
}

/** The `count` query parameter (how many calls a control affects; default 1, 0 clears), or undefined when invalid. */
export function countParam(c: Context): number | undefined {
  const count = Number(c.req.query('count') ?? '1');
  return Number.isInteger(count) && count >= 0 ? count : undefined;
}

/** A validated `fail-next` request. */
interface FailNextParams {
  readonly email: string;
  readonly status: ContentfulStatusCode;
  /** How many calls fail; 0 clears the user's pending faults. */
  readonly count: number;
}

/** Reads `email`, `status` (default 503) and `count` (default 1); the error message when one is wrong. */
export function failNextParams(c: Context): FailNextParams | string {
  const email = emailParam(c);
  const status = Number(c.req.query('status') ?? '503');
  const count = countParam(c);
  if (!email) return 'the query needs ?email=';
  if (!FAULT_STATUSES.includes(status)) return `status must be one of ${FAULT_STATUSES.join(', ')}`;
  if (count === undefined) return 'count must be a whole number';
  return { email, status: status as ContentfulStatusCode, count };
}

/**
 * `fail-next?email=&status=&{detail}=&count=&retryAfter=`: the user's next `count` calls fail with that status and
 * error detail (`count=0` clears). `detailParam` is the provider's name for the detail, in the query and the answer.
 */
export function failNextHandler(faults: FaultTable, detailParam: 'reason' | 'code'): Handler {
  return (c) => {
    const params = failNextParams(c);
    if (typeof params === 'string') return bad(c, params);
    const { email, status, count } = params;
    if (count === 0) {
      faults.clear(email);
      return c.json({ email, cleared: true });
    }
    const detail = c.req.query(detailParam);
    const retryAfter = c.req.query('retryAfter');
    faults.add(email, { status, remaining: count, ...(detail && { detail }), ...(retryAfter && { retryAfter }) });
    return c.json({ email, status, count, ...(detail && { [detailParam]: detail }) });
  };
}

/** `revoke-grants?email=`: the user removes the app's access; answers how many grants died. */
export function revokeGrantsHandler(grants: { revokeUser(email: string): number }): Handler {
  return (c) => {
    const email = emailParam(c);
    if (!email) return bad(c, 'the query needs ?email=');
    return c.json({ email, revoked: grants.revokeUser(email) });
  };
}

/** `pause-notifications?email=&paused=true|false`: that user's notifications are lost while paused. */
export function pauseNotificationsHandler(notifications: { setPaused(email: string, paused: boolean): void }): Handler {
  return (c) => {
    const email = emailParam(c);
    const paused = c.req.query('paused') !== 'false';
    if (!email) return bad(c, 'the query needs ?email=');
    notifications.setPaused(email, paused);
    return c.json({ email, paused });
  };
}
