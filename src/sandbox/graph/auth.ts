/**
 * Authentication for the Graph emulator: `Authorization: Bearer sandbox:{email}` (every permission) or an access
 * token from the sandbox's Microsoft identity platform (its granted permissions). A missing token is 401
 * `InvalidAuthenticationToken` "Access token is empty."; an unknown, expired or revoked one is 401 too; a token
 * without a permission the call needs is 403 `ErrorAccessDenied`. Tokens of other providers' sandboxes are not
 * Graph tokens and answer 401, as a Google token would at Graph.
 */
import type { MiddlewareHandler } from 'hono';
import type { Users } from '../users.ts';
import type { GraphEnv } from './context.ts';
import { graphErrors } from './errors.ts';
import type { Grants } from './oauth/grants.ts';

/** Graph permissions (lower-cased) that allow each kind of call. */
export const PERMISSIONS = {
  calendarRead: ['calendars.read', 'calendars.readwrite', 'calendars.readbasic'],
  calendarWrite: ['calendars.readwrite'],
  mailSend: ['mail.send'],
  profile: ['user.read', 'user.readbasic.all', 'user.read.all', 'openid', 'profile', 'email'],
  // "Get user mailbox settings": MailboxSettings.Read (least privileged) or MailboxSettings.ReadWrite.
  mailboxSettings: ['mailboxsettings.read', 'mailboxsettings.readwrite'],
} as const;

/** Middleware: authenticates the caller and checks the token carries one of the permissions the call needs. */
export function requireUser(
  users: Users,
  grants: Grants,
  permissionsFor: (method: string, path: string) => readonly string[],
): MiddlewareHandler<GraphEnv> {
  return async function authenticate(c, next) {
    const header = c.req.header('Authorization');
    const token = /^Bearer\s+(\S+)\s*$/i.exec(header ?? '')?.[1];
    if (token === undefined) throw graphErrors.emptyToken();
    const identity = token.startsWith('sandbox:') ? users.authenticate(header) : grants.resolveAccessToken(token);
    if (!identity) throw graphErrors.invalidToken();
    users.ensure(identity.email);
    c.set('user', identity.email);
    const needed = permissionsFor(c.req.method, c.req.path);
    const scopes = identity.scopes;
    if (scopes !== 'all' && !needed.some((permission) => scopes.has(permission))) throw graphErrors.accessDenied();
    await next();
  };
}
