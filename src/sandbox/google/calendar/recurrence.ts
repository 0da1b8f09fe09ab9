/**
 * Expands a recurrence set (RRULE + RDATE − EXDATE) from an event's start, in the wall clock of the event's
 * `start.timeZone` — Calendar v3: "the time zone in which the recurrence is expanded". Rules step through calendar
 * days, and each day gets the start's wall time resolved in the zone, so a weekly 10:00 Europe/Berlin meeting stays
 * at 10:00 local across the October change (08:00Z before, 09:00Z after).
 *
 * Written on luxon's zone data rather than a recurrence library: rrule.js returns host-zone-dependent instants
 * with TZID, ical.js ignores IANA TZIDs without VTIMEZONE blocks, and rrule-temporal drops occurrences that fall in
 * a spring-forward gap and needs a Temporal polyfill (see test/sandbox/recurrence.test.ts for the checked cases).
 */
import type { RecurrenceRule, RecurrenceSet, RecurrenceValue, WeekdayNum } from './rrule.ts';
import {
  basicDayStamp,
  basicUtcStamp,
  civilDate,
  dayNumber,
  daysInMonth,
  instantToWall,
  isoWeekday,
  type WallTime,
  wallToInstant,
} from './time.ts';

/** Where a series starts: a timed start in its zone, or an all-day start date. */
export type SeriesStart =
  | { readonly kind: 'dateTime'; readonly instant: number; readonly zone: string }
  | { readonly kind: 'date'; readonly day: number };

/** One occurrence's original start. */
export type Occurrence =
  | { readonly kind: 'dateTime'; readonly instant: number }
  | { readonly kind: 'date'; readonly day: number };

const DAY_MS = 86_400_000;
/** More than any test or demo needs; stops a daily rule from running away. */
const MAX_OCCURRENCES = 20_000;

/** A sortable key: the instant, or midnight UTC of the date for all-day occurrences. */
export function occurrenceKey(occurrence: Occurrence): number {
  return occurrence.kind === 'dateTime' ? occurrence.instant : occurrence.day * DAY_MS;
}

/** The instance-id suffix Google uses: `20241015T080000Z`, or `20241015` for all-day events. */
export function occurrenceStamp(occurrence: Occurrence): string {
  return occurrence.kind === 'dateTime' ? basicUtcStamp(occurrence.instant) : basicDayStamp(occurrence.day);
}

/** The occurrence an instance-id suffix names, or undefined when it is not one. */
export function parseOccurrenceStamp(stamp: string): Occurrence | undefined {
  const timed = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(stamp);
  if (timed) {
    const [y, mo, d, h, mi, s] = timed.slice(1).map(Number) as [number, number, number, number, number, number];
    const instant = Date.UTC(y, mo - 1, d, h, mi, s);
    return basicUtcStamp(instant) === stamp ? { kind: 'dateTime', instant } : undefined;
  }
  const dated = /^(\d{4})(\d{2})(\d{2})$/.exec(stamp);
  if (!dated) return undefined;
  const day = dayNumber(Number(dated[1]), Number(dated[2]), Number(dated[3]));
  return basicDayStamp(day) === stamp ? { kind: 'date', day } : undefined;
}

/**
 * The occurrences of a series with a key below `horizon`, in order. DTSTART is always the first occurrence and
 * counts toward COUNT (RFC 5545 §3.8.5.3); RDATEs add to the set and EXDATEs remove from it after COUNT applied.
 */
export function expandRecurrence(set: RecurrenceSet, start: SeriesStart, horizon: number): Occurrence[] {
  const startDay = start.kind === 'dateTime' ? dayOfWall(instantToWall(start.zone, start.instant)) : start.day;
  const wall = start.kind === 'dateTime' ? instantToWall(start.zone, start.instant) : undefined;
  const toOccurrence = (day: number): Occurrence =>
    start.kind === 'dateTime' && wall
      ? { kind: 'dateTime', instant: wallToInstant(start.zone, { ...civilDate(day), ...timeOf(wall) }) }
      : { kind: 'date', day };
  const lastDay = Math.floor(horizon / DAY_MS) + 1;

  const found = new Map<number, Occurrence>();
  const first = toOccurrence(startDay);
  if (occurrenceKey(first) < horizon) found.set(occurrenceKey(first), first);
  for (const rule of set.rules) {
    let count = 1;
    if (rule.count === 1) continue;
    for (const day of ruleDays(rule, startDay, lastDay)) {
      if (day <= startDay) continue;
      const occurrence = toOccurrence(day);
      if (occurrenceKey(occurrence) >= horizon) break;
      if (rule.until && isAfter(occurrence, rule.until, start)) break;
      found.set(occurrenceKey(occurrence), occurrence);
      count++;
      if ((rule.count !== undefined && count >= rule.count) || found.size >= MAX_OCCURRENCES) break;
    }
  }
  for (const value of set.rdates) {
    const occurrence = valueToOccurrence(value, start, wall);
    if (occurrenceKey(occurrence) < horizon) found.set(occurrenceKey(occurrence), occurrence);
  }
  for (const value of set.exdates) found.delete(occurrenceKey(valueToOccurrence(value, start, wall)));
  return [...found.values()].sort((a, b) => occurrenceKey(a) - occurrenceKey(b));
}

/** Whether a series has an occurrence with this original start. */
export function hasOccurrence(set: RecurrenceSet, start: SeriesStart, occurrence: Occurrence): boolean {
  const key = occurrenceKey(occurrence);
  return expandRecurrence(set, start, key + 1).some((o) => occurrenceKey(o) === key);
}

function* ruleDays(rule: RecurrenceRule, startDay: number, lastDay: number): Generator<number> {
  const start = civilDate(startDay);
  switch (rule.freq) {
    case 'DAILY':
      for (let day = startDay; day <= lastDay; day += rule.interval) {
        if (dailyMatch(rule, day)) yield day;
      }
      return;
    case 'WEEKLY': {
      const weekdays = rule.byDay?.map((d) => d.weekday) ?? [isoWeekday(startDay)];
      for (
        let week = startDay - mod(isoWeekday(startDay) - rule.weekStart, 7);
        week <= lastDay;
        week += 7 * rule.interval
      ) {
        const days = weekdays.map((w) => week + mod(w - rule.weekStart, 7));
        yield* bySetPos(
          rule,
          days.filter((day) => !rule.byMonth || rule.byMonth.includes(civilDate(day).month)),
        );
      }
      return;
    }
    case 'MONTHLY':
      for (let index = start.year * 12 + start.month - 1; ; index += rule.interval) {
        const year = Math.floor(index / 12);
        const month = (index % 12) + 1;
        if (dayNumber(year, month, 1) > lastDay) return;
        if (rule.byMonth && !rule.byMonth.includes(month)) continue;
        yield* bySetPos(rule, monthDays(rule, year, month, start.day));
      }
    case 'YEARLY':
      for (let year = start.year; dayNumber(year, 1, 1) <= lastDay; year += rule.interval) {
        yield* bySetPos(rule, yearDays(rule, year, start.month, start.day));
      }
      return;
  }
}

function dailyMatch(rule: RecurrenceRule, day: number): boolean {
  const date = civilDate(day);
  if (rule.byMonth && !rule.byMonth.includes(date.month)) return false;
  if (rule.byDay && !rule.byDay.some((d) => d.weekday === isoWeekday(day))) return false;
  if (rule.byMonthDay) {
    const length = daysInMonth(date.year, date.month);
    if (!rule.byMonthDay.some((d) => (d > 0 ? d : length + d + 1) === date.day)) return false;
  }
  return true;
}

function monthDays(rule: RecurrenceRule, year: number, month: number, startDayOfMonth: number): number[] {
  const length = daysInMonth(year, month);
  const first = dayNumber(year, month, 1);
  let days: number[] | undefined;
  if (rule.byMonthDay) {
    days = rule.byMonthDay.map((d) => (d > 0 ? d : length + d + 1)).filter((d) => d >= 1 && d <= length);
    days = days.map((d) => first + d - 1);
  }
  if (rule.byDay) {
    const weekdays = weekdaysIn(rule.byDay, first, first + length - 1);
    days = days ? days.filter((d) => weekdays.includes(d)) : weekdays;
  }
  // Neither part: the start's day of the month; months too short for it (the 31st in April) have no occurrence.
  return days ?? (startDayOfMonth <= length ? [first + startDayOfMonth - 1] : []);
}

function yearDays(rule: RecurrenceRule, year: number, startMonth: number, startDayOfMonth: number): number[] {
  if (rule.byMonth) return rule.byMonth.flatMap((month) => monthDays(rule, year, month, startDayOfMonth));
  if (rule.byMonthDay) return [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].flatMap((m) => monthDays(rule, year, m, 0));
  if (rule.byDay) return weekdaysIn(rule.byDay, dayNumber(year, 1, 1), dayNumber(year, 12, 31));
  // February 29th recurs only in leap years.
  return startDayOfMonth <= daysInMonth(year, startMonth) ? [dayNumber(year, startMonth, startDayOfMonth)] : [];
}

/** The days in [first, last] a BYDAY list names; numbered entries pick the nth (or nth from last) such weekday. */
function weekdaysIn(byDay: readonly WeekdayNum[], first: number, last: number): number[] {
  const days = new Set<number>();
  for (const { weekday, ordinal } of byDay) {
    const matching: number[] = [];
    for (let day = first + mod(weekday - isoWeekday(first), 7); day <= last; day += 7) matching.push(day);
    if (ordinal === undefined) for (const day of matching) days.add(day);
    else {
      const picked = ordinal > 0 ? matching[ordinal - 1] : matching[matching.length + ordinal];
      if (picked !== undefined) days.add(picked);
    }
  }
  return [...days].sort((a, b) => a - b);
}

function bySetPos(rule: RecurrenceRule, days: readonly number[]): number[] {
  const sorted = [...new Set(days)].sort((a, b) => a - b);
  if (!rule.bySetPos) return sorted;
  const picked = rule.bySetPos
    .map((position) => (position > 0 ? sorted[position - 1] : sorted[sorted.length + position]))
    .filter((day): day is number => day !== undefined);
  return [...new Set(picked)].sort((a, b) => a - b);
}

function isAfter(occurrence: Occurrence, until: RecurrenceValue, start: SeriesStart): boolean {
  if (occurrence.kind === 'date') {
    const untilDay =
      until.kind === 'date'
        ? until.day
        : until.kind === 'floating'
          ? dayOfWall(until.wall)
          : Math.floor(until.instant / DAY_MS);
    return occurrence.day > untilDay;
  }
  const zone = start.kind === 'dateTime' ? start.zone : 'UTC';
  switch (until.kind) {
    case 'instant':
      return occurrence.instant > until.instant;
    case 'floating':
      return occurrence.instant > wallToInstant(zone, until.wall);
    // A date UNTIL on a timed series (which RFC 5545 forbids, but clients send) means through the end of that day.
    case 'date':
      return dayOfWall(instantToWall(zone, occurrence.instant)) > until.day;
  }
}

function valueToOccurrence(value: RecurrenceValue, start: SeriesStart, wall: WallTime | undefined): Occurrence {
  if (start.kind === 'date') {
    if (value.kind === 'date') return { kind: 'date', day: value.day };
    if (value.kind === 'floating') return { kind: 'date', day: dayOfWall(value.wall) };
    return { kind: 'date', day: Math.floor(value.instant / DAY_MS) };
  }
  switch (value.kind) {
    case 'instant':
      return { kind: 'dateTime', instant: value.instant };
    case 'floating':
      return { kind: 'dateTime', instant: wallToInstant(start.zone, value.wall) };
    // A date on a timed series names that day at the series' time of day.
    case 'date':
      return {
        kind: 'dateTime',
        instant: wallToInstant(start.zone, { ...civilDate(value.day), ...(wall ? timeOf(wall) : midnight) }),
      };
  }
}

const midnight = { hour: 0, minute: 0, second: 0 };

function timeOf(wall: WallTime): { hour: number; minute: number; second: number } {
  return { hour: wall.hour, minute: wall.minute, second: wall.second };
}

function dayOfWall(wall: WallTime): number {
  return dayNumber(wall.year, wall.month, wall.day);
}

function mod(value: number, modulus: number): number {
  return ((value % modulus) + modulus) % modulus;
}
