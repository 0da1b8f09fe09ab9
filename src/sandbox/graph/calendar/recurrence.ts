/**
 * Expands a patterned recurrence into occurrence start instants, in the wall clock of the event's start zone
 * (Outlook keeps a 10:00 Europe/Berlin weekly meeting at 10:00 local across the October change: 08:00Z before,
 * 09:00Z after). Days come from the pattern (recurrencePattern: "the actual occurrences … always follow this
 * pattern falling within the date range"); each day gets the start's wall time resolved in the zone by the RFC 5545
 * rules `google/calendar/time.ts` implements (a skipped time takes the offset before the gap).
 *
 * Unlike RFC 5545, the series start is not itself an occurrence: the first occurrence is the first pattern day on or
 * after `range.startDate` ("The first occurrence of the meeting may be this date or later").
 */
import {
  civilDate,
  dayNumber,
  daysInMonth,
  instantToWall,
  isoWeekday,
  startOfDay,
  wallToInstant,
} from '../../google/calendar/time.ts';
import type { Pattern, Recurrence } from './patterned-recurrence.ts';

/** More than any test or demo needs; stops a daily noEnd series from running away. */
const MAX_OCCURRENCES = 20_000;

/** The original start instants of a series' occurrences below `horizon`, in order. */
export function expandRecurrence(recurrence: Recurrence, start: number, zone: string, horizon: number): number[] {
  const wall = instantToWall(zone, start);
  const time = { hour: wall.hour, minute: wall.minute, second: wall.second };
  const { range } = recurrence;
  // endDate is inclusive, as a date in recurrenceTimeZone: an occurrence that starts on it still counts.
  const endInstant = range.endDay === undefined ? Infinity : startOfDay(range.zone, range.endDay + 1);
  const out: number[] = [];
  for (const day of patternDays(recurrence.pattern, range.startDay)) {
    const instant = wallToInstant(zone, { ...civilDate(day), ...time });
    if (instant >= horizon || instant >= endInstant) break;
    out.push(instant);
    if ((range.count !== undefined && out.length >= range.count) || out.length >= MAX_OCCURRENCES) break;
  }
  return out;
}

/** Whether a series has an occurrence with this original start. */
export function hasOccurrence(recurrence: Recurrence, start: number, zone: string, originalStart: number): boolean {
  return expandRecurrence(recurrence, start, zone, originalStart + 1).includes(originalStart);
}

/** The first occurrence, or undefined when the range leaves none. */
export function firstOccurrence(recurrence: Recurrence, start: number, zone: string): number | undefined {
  return expandRecurrence({ ...recurrence, range: { ...recurrence.range, count: 1 } }, start, zone, Infinity)[0];
}

/** The pattern's days from `startDay` on, ascending, without end. */
function* patternDays(pattern: Pattern, startDay: number): Generator<number> {
  const start = civilDate(startDay);
  const from = (days: Iterable<number>) => [...days].filter((day) => day >= startDay);
  switch (pattern.type) {
    case 'daily':
      for (let day = startDay; ; day += pattern.interval) yield day;
    case 'weekly': {
      const weekStart = startDay - mod(isoWeekday(startDay) - pattern.firstDayOfWeek, 7);
      for (let week = weekStart; ; week += 7 * pattern.interval) {
        const days = [0, 1, 2, 3, 4, 5, 6].map((offset) => week + offset);
        yield* from(days.filter((day) => pattern.daysOfWeek.includes(isoWeekday(day))));
      }
    }
    case 'absoluteMonthly':
    case 'relativeMonthly':
      for (let index = start.year * 12 + start.month - 1; ; index += pattern.interval) {
        yield* from(monthDay(pattern, Math.floor(index / 12), (index % 12) + 1));
      }
    case 'absoluteYearly':
    case 'relativeYearly':
      for (let year = start.year; ; year += pattern.interval) yield* from(monthDay(pattern, year, pattern.month));
  }
}

/** The one day a monthly or yearly pattern picks in a month (none when the month has no such day). */
function monthDay(pattern: Pattern, year: number, month: number): number[] {
  const length = daysInMonth(year, month);
  if (pattern.type === 'absoluteMonthly' || pattern.type === 'absoluteYearly') {
    // Outlook puts "day 31 of every month" on the last day of shorter months rather than skipping them.
    return [dayNumber(year, month, Math.min(pattern.dayOfMonth, length))];
  }
  // relative: the days of the month that are one of daysOfWeek, then the index-th of them ("the event falls on the
  // first day that satisfies the pattern" when several weekdays are given: `weekday` + `second` = 2nd weekday).
  const first = dayNumber(year, month, 1);
  const matching: number[] = [];
  for (let day = first; day < first + length; day++)
    if (pattern.daysOfWeek.includes(isoWeekday(day))) matching.push(day);
  const picked = pattern.index === -1 ? matching[matching.length - 1] : matching[pattern.index - 1];
  return picked === undefined ? [] : [picked];
}

function mod(value: number, modulus: number): number {
  return ((value % modulus) + modulus) % modulus;
}
