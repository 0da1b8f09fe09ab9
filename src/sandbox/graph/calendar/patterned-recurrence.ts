/**
 * Graph's `patternedRecurrence` ("recurrencePattern" and "recurrenceRange" resource types): read from a request into
 * a typed rule, checked against the documented required properties per pattern type, and written back the way Graph
 * writes it — every property present, zeros and defaults included.
 */
import type {
  DayOfWeek,
  PatternedRecurrence,
  RecurrencePatternType,
  RecurrenceRangeType,
  WeekIndex,
} from '@microsoft/microsoft-graph-types';
import { formatDay, parseDay } from '../../google/calendar/time.ts';
import { graphErrors } from '../errors.ts';
import { resolveZone, windowsZoneOf } from './zones.ts';

/** How often a series repeats. Weekdays are ISO numbers: 1 = Monday … 7 = Sunday. */
export interface Pattern {
  readonly type: RecurrencePatternType;
  readonly interval: number;
  readonly daysOfWeek: readonly number[];
  readonly firstDayOfWeek: number;
  readonly dayOfMonth: number;
  readonly month: number;
  /** 1…4 for first…fourth, -1 for last. */
  readonly index: number;
}

/** Over how long it repeats; days are day numbers (days since 1970-01-01). */
export interface Range {
  readonly type: RecurrenceRangeType;
  readonly startDay: number;
  readonly endDay?: number;
  readonly count?: number;
  /** The zone `startDate`/`endDate` are dates in (IANA), and the name the client gave it. */
  readonly zone: string;
  readonly zoneName: string;
}

/** A parsed patterned recurrence. */
export interface Recurrence {
  readonly pattern: Pattern;
  readonly range: Range;
}

const DAYS: readonly DayOfWeek[] = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
const INDEXES: readonly WeekIndex[] = ['first', 'second', 'third', 'fourth', 'last'];
const PATTERNS: readonly RecurrencePatternType[] = [
  'daily',
  'weekly',
  'absoluteMonthly',
  'relativeMonthly',
  'absoluteYearly',
  'relativeYearly',
];
const RANGES: readonly RecurrenceRangeType[] = ['endDate', 'noEnd', 'numbered'];

/** Reads a request's `recurrence`; `eventZone` is the start's zone, the default `recurrenceTimeZone`. */
export function parseRecurrence(body: PatternedRecurrence, eventZone: { zone: string; name: string }): Recurrence {
  const p = body.pattern;
  const r = body.range;
  if (!p || !r) throw graphErrors.badRequest('A recurrence needs both pattern and range.');
  const type = p.type ?? undefined;
  if (!type || !PATTERNS.includes(type)) throw graphErrors.badRequest(`Invalid recurrence pattern type '${type}'.`);
  const interval = p.interval ?? 0;
  if (!Number.isInteger(interval) || interval < 1 || interval > 999) {
    throw graphErrors.badRequest('The recurrence pattern interval must be a positive number.');
  }
  const weekly = type === 'weekly' || type === 'relativeMonthly' || type === 'relativeYearly';
  const daysOfWeek = (p.daysOfWeek ?? []).map((day) => {
    const number = DAYS.indexOf(day) + 1;
    if (number === 0) throw graphErrors.badRequest(`Invalid day of week '${day}'.`);
    return number;
  });
  // "daysOfWeek: Required if type is weekly, relativeMonthly, or relativeYearly."
  if (weekly && daysOfWeek.length === 0) throw graphErrors.badRequest(`Pattern type ${type} requires daysOfWeek.`);
  const absolute = type === 'absoluteMonthly' || type === 'absoluteYearly';
  const dayOfMonth = p.dayOfMonth ?? 0;
  if (absolute && (!Number.isInteger(dayOfMonth) || dayOfMonth < 1 || dayOfMonth > 31)) {
    throw graphErrors.badRequest(`Pattern type ${type} requires dayOfMonth between 1 and 31.`);
  }
  const yearly = type === 'absoluteYearly' || type === 'relativeYearly';
  const month = p.month ?? 0;
  if (yearly && (!Number.isInteger(month) || month < 1 || month > 12)) {
    throw graphErrors.badRequest(`Pattern type ${type} requires month between 1 and 12.`);
  }
  const indexName = p.index ?? 'first';
  if (!INDEXES.includes(indexName)) throw graphErrors.badRequest(`Invalid week index '${indexName}'.`);
  const firstDayName = p.firstDayOfWeek ?? 'sunday';
  const firstDayOfWeek = DAYS.indexOf(firstDayName) + 1;
  if (firstDayOfWeek === 0) throw graphErrors.badRequest(`Invalid first day of week '${firstDayName}'.`);

  const rangeType = r.type ?? undefined;
  if (!rangeType || !RANGES.includes(rangeType))
    throw graphErrors.badRequest(`Invalid recurrence range type '${rangeType}'.`);
  const startDay = r.startDate ? parseDay(r.startDate) : undefined;
  if (startDay === undefined) throw graphErrors.badRequest('The recurrence range startDate is required (YYYY-MM-DD).');
  const zoneName = r.recurrenceTimeZone ?? eventZone.name;
  const zone = r.recurrenceTimeZone ? resolveZone(r.recurrenceTimeZone) : eventZone.zone;
  if (!zone) throw graphErrors.badRequest(`Invalid recurrenceTimeZone '${r.recurrenceTimeZone}'.`);
  let endDay: number | undefined;
  let count: number | undefined;
  if (rangeType === 'endDate') {
    endDay = r.endDate ? parseDay(r.endDate) : undefined;
    if (endDay === undefined) throw graphErrors.badRequest('The recurrence range endDate is required (YYYY-MM-DD).');
    if (endDay < startDay) throw graphErrors.badRequest('The recurrence range endDate is before its startDate.');
  }
  if (rangeType === 'numbered') {
    count = r.numberOfOccurrences ?? 0;
    if (!Number.isInteger(count) || count < 1) {
      throw graphErrors.badRequest('numberOfOccurrences must be positive for a numbered range.');
    }
  }
  return {
    pattern: {
      type,
      interval,
      daysOfWeek: [...new Set(daysOfWeek)],
      firstDayOfWeek,
      dayOfMonth,
      month,
      index: indexName === 'last' ? -1 : INDEXES.indexOf(indexName) + 1,
    },
    range: {
      type: rangeType,
      startDay,
      zone,
      zoneName,
      ...(endDay !== undefined && { endDay }),
      ...(count !== undefined && { count }),
    },
  };
}

/** The recurrence as Graph writes it: every property, `0` / `0001-01-01` where unused. */
export function renderRecurrence(recurrence: Recurrence): PatternedRecurrence {
  const { pattern, range } = recurrence;
  const day = (n: number): DayOfWeek => DAYS[n - 1] ?? 'sunday';
  return {
    pattern: {
      type: pattern.type,
      interval: pattern.interval,
      month: pattern.month,
      dayOfMonth: pattern.dayOfMonth,
      daysOfWeek: pattern.daysOfWeek.map(day),
      firstDayOfWeek: day(pattern.firstDayOfWeek),
      index: pattern.index === -1 ? 'last' : (INDEXES[pattern.index - 1] ?? 'first'),
    },
    range: {
      type: range.type,
      startDate: formatDay(range.startDay),
      endDate: range.endDay === undefined ? '0001-01-01' : formatDay(range.endDay),
      recurrenceTimeZone: windowsZoneOf(range.zoneName),
      numberOfOccurrences: range.count ?? 0,
    },
  };
}
