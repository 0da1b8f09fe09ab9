/**
 * The backstop poll of a watched calendar: how long until it is synced again when no notification says anything
 * changed. Push is "not 100% reliable" (Google) and Graph may drop notifications to a slow endpoint, so a calendar is
 * listed now and then anyway — but each listing is a provider call, and with push working nearly all of them find
 * nothing. So the backstop adapts: hours while every change found had been announced, halving towards 30 minutes
 * each time a sync finds a change no notification announced, and growing back while push keeps up.
 */

/** With push working, list at least this often. 4 listings (and, with 1-hour access tokens, 4 refreshes) a day. */
export const BACKSTOP_MAX_MS = 6 * 3600_000;
/** The tightest backstop with push: changes push missed are found within 30 minutes, as before it adapted. */
export const BACKSTOP_MIN_MS = 30 * 60_000;
/**
 * Without push — by design (no public https BASE_URL) or while a refused watch waits to be tried again — poll this
 * often: 288 syncs a day per calendar, each one call when nothing changed, plus the hourly token refresh; a new 1:1
 * reaches its invite within 5 minutes.
 */
export const POLL_WITHOUT_PUSH_MS = 5 * 60_000;

export interface BackstopInput {
  /** Whether push can be relied on for this calendar now. */
  readonly push: boolean;
  /** The backstop used last time (ms); null for a calendar never synced with push. */
  readonly previousMs: number | null;
  /** This sync found a change of someone's that no notification had announced. */
  readonly unannounced: boolean;
}

/** The next backstop interval (before spreading). */
export function nextBackstopMs({ push, previousMs, unannounced }: BackstopInput): number {
  if (!push) return POLL_WITHOUT_PUSH_MS;
  const previous = Math.min(BACKSTOP_MAX_MS, Math.max(BACKSTOP_MIN_MS, previousMs ?? BACKSTOP_MAX_MS));
  return unannounced ? Math.max(BACKSTOP_MIN_MS, previous / 2) : Math.min(BACKSTOP_MAX_MS, previous * 2);
}

/**
 * `ms` moved by up to ±10 %, the same way for the same calendar every time: calendars connected in one go (a team
 * onboarding at once) poll at different moments instead of all in the same tick.
 */
export function spreadFor(calendarId: string, ms: number): number {
  let hash = 2166136261;
  for (let i = 0; i < calendarId.length; i++) hash = Math.imul(hash ^ calendarId.charCodeAt(i), 16777619);
  const unit = (hash >>> 0) / 2 ** 32;
  return Math.round(ms * (0.9 + 0.2 * unit));
}
