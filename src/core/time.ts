/**
 * Calendar dates and meeting times in a series' own time zone. Instants are `Date`s (UTC); a date without a time is a
 * `YYYY-MM-DD` string that only means something next to an IANA zone.
 */
import { DateTime, IANAZone } from 'luxon';
import { canonicalTimeZone } from './time-zone-name.ts';

const FALLBACK_ZONE = 'UTC';
const FALLBACK_LOCALE = 'en-GB';
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
// The order is fixed (weekday day month year, as in "Tue 1 Dec 2026"); only the names follow the locale.
const DATE_PATTERN = 'ccc d LLL yyyy';

// Checking a zone builds an Intl.DateTimeFormat, which costs more than everything else an agenda page does with a
// date; a page checks the same zone hundreds of times, so the answers are remembered (zone names are few).
const zoneValidity = new Map<string, boolean>();

/** Whether `zone` is an IANA time zone name this runtime knows (e.g. `Europe/Berlin`, `UTC`). */
export function isValidTimeZone(zone: string): boolean {
  let valid = zoneValidity.get(zone);
  if (valid === undefined) {
    valid = IANAZone.isValidZone(zone);
    if (zoneValidity.size < 1000) zoneValidity.set(zone, valid);
  }
  return valid;
}

/** The zone to compute in: `zone` when valid, else UTC — a bad zone from a provider must not stop the tick. */
function usableZone(zone: string): string {
  return isValidTimeZone(zone) ? zone : FALLBACK_ZONE;
}

/** The zone's canonical spelling (`europe/berlin` → `Europe/Berlin`, `Asia/Calcutta` → `Asia/Kolkata`), for people. */
function displayZone(zone: string): string {
  return canonicalTimeZone(zone);
}

/** A locale Intl accepts; a malformed tag (say from a browser header) falls back to en-GB rather than throwing. */
function usableLocale(locale: string): string {
  try {
    return Intl.getCanonicalLocales(locale)[0] ?? FALLBACK_LOCALE;
  } catch {
    // RangeError: not a well-formed language tag. Showing a date in en-GB beats failing the page.
    return FALLBACK_LOCALE;
  }
}

let lastToday: { at: number; zone: string; date: string } | undefined;

/** The calendar date (YYYY-MM-DD) at instant `now` in `zone`; an invalid zone is treated as UTC. */
export function todayIn(now: Date, zone: string): string {
  // One page asks this for every commitment with the same now and zone; the zone offset lookup is the costly part.
  if (lastToday && lastToday.at === now.getTime() && lastToday.zone === zone) return lastToday.date;
  // Only an Invalid Date has no ISO date; '' then sorts before every due date, so nothing reads as overdue.
  const date = DateTime.fromJSDate(now, { zone: usableZone(zone) }).toISODate() ?? '';
  lastToday = { at: now.getTime(), zone, date };
  return date;
}

/** Whether `s` is exactly YYYY-MM-DD and names a real calendar date (2026-02-30 does not). */
export function isValidIsoDate(s: string): boolean {
  return ISO_DATE.test(s) && DateTime.fromISO(s, { zone: FALLBACK_ZONE }).isValid;
}

/**
 * A meeting's span for people, e.g. "Tue 1 Dec 2026, 10:00–10:30 (Europe/Berlin)". An invalid zone is shown in UTC
 * and says so; a meeting that ends on another local date names both dates.
 */
export function formatMeetingTime(startsAt: Date, endsAt: Date, zone: string, locale = FALLBACK_LOCALE): string {
  const tz = usableZone(zone);
  const loc = usableLocale(locale);
  const start = DateTime.fromJSDate(startsAt, { zone: tz }).setLocale(loc);
  const end = DateTime.fromJSDate(endsAt, { zone: tz }).setLocale(loc);
  const startTime = start.toLocaleString(DateTime.TIME_SIMPLE);
  const endTime = end.toLocaleString(DateTime.TIME_SIMPLE);
  const span = start.hasSame(end, 'day')
    ? `${start.toFormat(DATE_PATTERN)}, ${startTime}–${endTime}`
    : `${start.toFormat(DATE_PATTERN)}, ${startTime} – ${end.toFormat(DATE_PATTERN)}, ${endTime}`;
  return `${span} (${displayZone(tz)})`;
}

/** A calendar date for people, e.g. "Tue 1 Dec 2026"; anything that is not a valid YYYY-MM-DD is returned as given. */
export function formatDate(isoDate: string, locale = FALLBACK_LOCALE): string {
  if (!isValidIsoDate(isoDate)) return isoDate;
  return DateTime.fromISO(isoDate, { zone: FALLBACK_ZONE }).setLocale(usableLocale(locale)).toFormat(DATE_PATTERN);
}

/**
 * A calendar date for a short line, e.g. "Fri 11 Dec" — with the year only when it is not `today`'s year, so a due
 * date reads as people say it. Anything that is not a valid YYYY-MM-DD is returned as given.
 */
export function formatShortDate(isoDate: string, today: string, locale = FALLBACK_LOCALE): string {
  if (!isValidIsoDate(isoDate)) return isoDate;
  const sameYear = isoDate.slice(0, 4) === today.slice(0, 4);
  return DateTime.fromISO(isoDate, { zone: FALLBACK_ZONE })
    .setLocale(usableLocale(locale))
    .toFormat(sameYear ? 'ccc d LLL' : DATE_PATTERN);
}

/** An instant as a short date and time in `zone`, e.g. "Tue 24 Nov, 10:31" (an invalid zone reads as UTC). */
export function formatShortDateTime(at: Date, zone: string, locale = FALLBACK_LOCALE): string {
  const local = DateTime.fromJSDate(at, { zone: usableZone(zone) }).setLocale(usableLocale(locale));
  return `${local.toFormat('ccc d LLL')}, ${local.toLocaleString(DateTime.TIME_SIMPLE)}`;
}
