/**
 * Authentication for the Calendar and Gmail emulators: `Authorization: Bearer sandbox:{email}` (every scope) or an
 * access token from the sandbox OAuth (its granted scopes). A missing, unknown, expired or revoked token is 401
 * `authError` ("Invalid Credentials"); a token without a needed scope is 403 `insufficientPermissions`.
 */
import type { MiddlewareHandler } from 'hono';
import type { Users } from '../users.ts';
import type { GoogleEnv } from './context.ts';
import { googleErrors } from './errors.ts';

/** Google scopes, shortened. */
const SCOPE = 'https://www.googleapis.com/auth/';

/** Scopes that allow reading calendars and events. */
export const CALENDAR_READ_SCOPES = [
  `${SCOPE}calendar`,
  `${SCOPE}calendar.readonly`,
  `${SCOPE}calendar.events`,
  `${SCOPE}calendar.events.readonly`,
];

/** Scopes that allow writing events (and opening watch channels). */
export const CALENDAR_WRITE_SCOPES = [`${SCOPE}calendar`, `${SCOPE}calendar.events`];

/** Scopes that allow `users.messages.send`. */
export const GMAIL_SEND_SCOPES = [
  `${SCOPE}gmail.send`,
  `${SCOPE}gmail.compose`,
  `${SCOPE}gmail.modify`,
  'https://mail.google.com/',
];

/** Middleware: authenticates the caller and checks that the token carries one of the scopes for the method. */
export function requireUser(
  users: Users,
  scopesFor: (method: string) => readonly string[],
): MiddlewareHandler<GoogleEnv> {
  return async function authenticate(c, next) {
    const identity = users.authenticate(c.req.header('Authorization'));
    if (!identity) throw googleErrors.authError();
    c.set('user', identity.email);
    const needed = scopesFor(c.req.method);
    if (identity.scopes !== 'all' && !needed.some((scope) => (identity.scopes as ReadonlySet<string>).has(scope))) {
      throw googleErrors.insufficientScopes();
    }
    await next();
  };
}
