import type { RequiredPermission } from '../oauth.ts';

const AUTH = 'https://www.googleapis.com/auth/';

/**
 * The permissions Carryover cannot work without, in the words of Google's consent screen (the scopes' descriptions
 * in the Calendar and Gmail API discovery documents): `calendar.events` — not the broader `calendar`, "See, edit,
 * share, and permanently delete all the calendars you can access using Google Calendar" — and `gmail.send`.
 */
export const GOOGLE_PERMISSIONS = [
  {
    scope: `${AUTH}calendar.events`,
    capability: 'calendar',
    consentText: 'View and edit events on all your calendars',
  },
  { scope: `${AUTH}gmail.send`, capability: 'mail', consentText: 'Send email on your behalf' },
] as const satisfies readonly RequiredPermission[];

/** What Carryover asks Google for: who the person is (Sign-In scopes), their events, and sending from their Gmail. */
export const GOOGLE_SCOPES = ['openid', 'email', 'profile', ...GOOGLE_PERMISSIONS.map((p) => p.scope)] as const;
