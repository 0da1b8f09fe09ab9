/**
 * Time for the Calendar emulator: instants in epoch milliseconds, calendar days as day numbers (days since
 * 1970-01-01, so date arithmetic is integer arithmetic), and wall-clock times resolved in IANA zones by RFC 5545
 * §3.3.5 rules — a time skipped by DST uses the offset before the gap, a repeated one means its first occurrence.
 */
import { DateTime, IANAZone } from 'luxon';

/** A local calendar date and time of day, with no zone. */
export interface WallTime {
  readonly year: number;
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
  readonly second: number;
}

/** The calendar date of a day number. */
export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

const DAY_MS = 86_400_000;

/** Whether luxon knows this IANA zone name. */
export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

/** Days since 1970-01-01 for a calendar date (proleptic Gregorian). */
export function dayNumber(year: number, month: number, day: number): number {
  return Math.floor(Date.UTC(year, month - 1, day) / DAY_MS);
}

/** The calendar date of a day number. */
export function civilDate(days: number): CivilDate {
  const date = new Date(days * DAY_MS);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** ISO weekday of a day number: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export function isoWeekday(days: number): number {
  return ((((days + 3) % 7) + 7) % 7) + 1;
}

/** Number of days in a month. */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** `YYYY-MM-DD` for a day number. */
export function formatDay(days: number): string {
  const { year, month, day } = civilDate(days);
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

/** The day number of a strict `YYYY-MM-DD` date, or undefined. */
export function parseDay(text: string): number | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return dayNumber(year, month, day);
}

/** The instant a wall-clock time names in a zone, resolving DST gaps and overlaps as RFC 5545 §3.3.5 says. */
export function wallToInstant(zoneName: string, wall: WallTime): number {
  const zone = IANAZone.create(zoneName);
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const before = zone.offset(asUtc - DAY_MS);
  const after = zone.offset(asUtc + DAY_MS);
  const candidates = [...new Set([before, after])]
    .map((offset) => asUtc - offset * 60_000)
    .filter((instant) => zone.offset(instant) * 60_000 === asUtc - instant)
    .sort((a, b) => a - b);
  // Two candidates: the time repeats (fall back), take the first. None: it was skipped (spring forward), so use
  // the offset in force before the gap — 02:30 New York on a spring-forward day is 03:30 EDT.
  return candidates[0] ?? asUtc - before * 60_000;
}

/** The wall-clock time of an instant in a zone. */
export function instantToWall(zoneName: string, instant: number): WallTime {
  const local = DateTime.fromMillis(instant, { zone: zoneName });
  return {
    year: local.year,
    month: local.month,
    day: local.day,
    hour: local.hour,
    minute: local.minute,
    second: local.second,
  };
}

/** The instant a day starts in a zone (for all-day events and date bounds). */
export function startOfDay(zoneName: string, days: number): number {
  return wallToInstant(zoneName, { ...civilDate(days), hour: 0, minute: 0, second: 0 });
}

/** RFC 3339 in the zone's offset, whole seconds, `Z` for UTC — how Calendar v3 writes `dateTime`. */
export function formatDateTime(instant: number, zoneName: string): string {
  const local = DateTime.fromMillis(instant, { zone: zoneName });
  return local.toISO({ suppressMilliseconds: true, includeOffset: true }) ?? new Date(instant).toISOString();
}

/** RFC 3339 UTC with milliseconds — how Calendar v3 writes `created` and `updated`. */
export function formatTimestamp(instant: number): string {
  return new Date(instant).toISOString();
}

/** An RFC 3339 timestamp with a mandatory offset (as `timeMin`/`timeMax` must be), or undefined. */
export function parseRfc3339(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/i.test(text)) return undefined;
  const parsed = DateTime.fromISO(text, { setZone: true });
  return parsed.isValid ? parsed.toMillis() : undefined;
}

/** A local date-time without offset (`2024-10-15T10:00:00`), as `dateTime` may be when `timeZone` is given. */
export function parseLocalDateTime(text: string): WallTime | undefined {
  const match = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(text);
  if (!match) return undefined;
  const wall = {
    year: Number(match[1]),
    month: Number(match[2]),
    day: Number(match[3]),
    hour: Number(match[4]),
    minute: Number(match[5]),
    second: Number(match[6] ?? 0),
  };
  const valid =
    wall.month >= 1 &&
    wall.month <= 12 &&
    wall.day >= 1 &&
    wall.day <= daysInMonth(wall.year, wall.month) &&
    wall.hour < 24 &&
    wall.minute < 60 &&
    wall.second < 60;
  return valid ? wall : undefined;
}

/** `YYYYMMDDTHHMMSSZ` of an instant: the suffix Google gives instance ids of timed events. */
export function basicUtcStamp(instant: number): string {
  return new Date(instant)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** `YYYYMMDD` of a day number: the suffix of instance ids of all-day events. */
export function basicDayStamp(days: number): string {
  return formatDay(days).replace(/-/g, '');
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}
