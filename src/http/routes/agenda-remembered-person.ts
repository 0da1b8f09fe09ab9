import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { participants } from '../../agenda/context.ts';
import type { OpenedLink } from '../../agenda/links.ts';
import type { AppEnv } from '../app-deps.ts';

/**
 * "I am" on the shared link, remembered per link so a person chooses it once per browser, not on every post. The
 * cookie's path is the link's own (`/a/{token}`), so each 1:1's shared link remembers its own person and no other
 * page sees it. It holds the role ("organizer" or "attendee"), not an address. It grants nothing: anyone holding the
 * shared link may already say they are either person; it only saves choosing again.
 */
const COOKIE = 'carryover_as';
const ONE_YEAR_SECONDS = 365 * 24 * 3600;
type Role = 'organizer' | 'attendee';

/** The person this browser said it was on this shared link, or undefined (personal links, nothing remembered). */
export function rememberedPerson(c: Context<AppEnv>, opened: OpenedLink): string | undefined {
  if (opened.viewer.role !== 'shared') return undefined;
  const role = getCookie(c, COOKIE);
  if (role === 'organizer') return opened.series.organizer_email;
  if (role === 'attendee') return opened.series.attendee_email;
  return undefined;
}

/** Remembers who the person on the shared link said they are (only one of the two people is remembered). */
export function rememberPerson(c: Context<AppEnv>, opened: OpenedLink, claimed: string | undefined): void {
  if (opened.viewer.role !== 'shared' || !claimed) return;
  const [organizer, attendee] = participants(opened.series);
  const email = claimed.trim().toLowerCase();
  const role: Role | undefined = email === organizer ? 'organizer' : email === attendee ? 'attendee' : undefined;
  if (!role || role === getCookie(c, COOKIE)) return;
  setCookie(c, COOKIE, role, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: new URL(c.get('deps').baseUrl).protocol === 'https:',
    path: `/a/${c.req.param('token') ?? ''}`,
    maxAge: ONE_YEAR_SECONDS,
  });
}
