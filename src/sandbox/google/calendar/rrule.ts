/**
 * Parses an event's `recurrence` lines (RFC 5545 RRULE, RDATE, EXDATE — Calendar v3 "Recurring events") into
 * a typed recurrence set. Rule parts the emulator cannot expand faithfully (BYHOUR, BYWEEKNO, …) are refused rather
 * than guessed, so a test never passes on a silently wrong expansion.
 */
import { dayNumber, isValidZone, type WallTime, wallToInstant } from './time.ts';

export type Frequency = 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';

/** A BYDAY entry: a weekday (1 = MO … 7 = SU), optionally the nth (or nth-from-last when negative) in the period. */
export interface WeekdayNum {
  readonly weekday: number;
  readonly ordinal?: number;
}

/**
 * An RDATE/EXDATE value or an UNTIL: a UTC instant (`…Z` or with TZID), a date (`VALUE=DATE`), or a floating
 * local time that takes the event's zone.
 */
export type RecurrenceValue =
  | { readonly kind: 'instant'; readonly instant: number }
  | { readonly kind: 'date'; readonly day: number }
  | { readonly kind: 'floating'; readonly wall: WallTime };

/** One RRULE. */
export interface RecurrenceRule {
  readonly freq: Frequency;
  readonly interval: number;
  readonly count?: number;
  readonly until?: RecurrenceValue;
  readonly byDay?: readonly WeekdayNum[];
  readonly byMonthDay?: readonly number[];
  readonly byMonth?: readonly number[];
  readonly bySetPos?: readonly number[];
  /** Week start, 1 = MO (the default) … 7 = SU. */
  readonly weekStart: number;
}

/** Everything an event's `recurrence` says. */
export interface RecurrenceSet {
  readonly rules: readonly RecurrenceRule[];
  readonly rdates: readonly RecurrenceValue[];
  readonly exdates: readonly RecurrenceValue[];
}

/** A recurrence line the emulator cannot read (answered as 400 `invalid`). */
export class RecurrenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RecurrenceError';
  }
}

const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const FREQUENCIES: readonly Frequency[] = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'];

/** Parses `recurrence` lines; throws `RecurrenceError` on anything it does not support. */
export function parseRecurrence(lines: readonly string[]): RecurrenceSet {
  const rules: RecurrenceRule[] = [];
  const rdates: RecurrenceValue[] = [];
  const exdates: RecurrenceValue[] = [];
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon < 0) throw new RecurrenceError(`not a recurrence line: ${line}`);
    const [name = '', ...params] = line.slice(0, colon).split(';');
    const value = line.slice(colon + 1).trim();
    switch (name.trim().toUpperCase()) {
      case 'RRULE':
        rules.push(parseRule(value));
        break;
      case 'RDATE':
        rdates.push(...parseValues(params, value));
        break;
      case 'EXDATE':
        exdates.push(...parseValues(params, value));
        break;
      default:
        throw new RecurrenceError(`unsupported recurrence property: ${name}`);
    }
  }
  if (rules.length === 0 && rdates.length === 0) throw new RecurrenceError('a recurrence needs an RRULE or RDATE');
  return { rules, rdates, exdates };
}

function parseRule(text: string): RecurrenceRule {
  const parts = new Map<string, string>();
  for (const part of text.split(';')) {
    if (part === '') continue;
    const [key, value] = part.split('=');
    if (!key || value === undefined) throw new RecurrenceError(`bad RRULE part: ${part}`);
    parts.set(key.toUpperCase(), value.toUpperCase());
  }
  const freq = parts.get('FREQ') as Frequency | undefined;
  if (!freq || !FREQUENCIES.includes(freq)) throw new RecurrenceError(`unsupported FREQ in ${text}`);
  for (const key of parts.keys()) {
    if (!['FREQ', 'INTERVAL', 'COUNT', 'UNTIL', 'BYDAY', 'BYMONTHDAY', 'BYMONTH', 'BYSETPOS', 'WKST'].includes(key)) {
      throw new RecurrenceError(`unsupported RRULE part ${key}`);
    }
  }
  if (parts.has('COUNT') && parts.has('UNTIL')) throw new RecurrenceError('COUNT and UNTIL are exclusive');
  const interval = positiveInteger(parts.get('INTERVAL') ?? '1', 'INTERVAL');
  const count = parts.has('COUNT') ? positiveInteger(parts.get('COUNT') ?? '', 'COUNT') : undefined;
  const untilText = parts.get('UNTIL');
  const until = untilText === undefined ? undefined : parseValue(untilText, undefined, false);
  const byDay = parts.get('BYDAY')?.split(',').map(parseWeekdayNum);
  const byMonthDay = parts
    .get('BYMONTHDAY')
    ?.split(',')
    .map((v) => integerIn(v, 'BYMONTHDAY', 1, 31));
  const byMonth = parts
    .get('BYMONTH')
    ?.split(',')
    .map((v) => integerIn(v, 'BYMONTH', 1, 12, false));
  const bySetPos = parts
    .get('BYSETPOS')
    ?.split(',')
    .map((v) => integerIn(v, 'BYSETPOS', 1, 366));
  const wkst = parts.get('WKST');
  const weekStart = wkst === undefined ? 1 : WEEKDAYS.indexOf(wkst) + 1;
  if (weekStart === 0) throw new RecurrenceError(`bad WKST ${wkst}`);
  if (byDay?.some((d) => d.ordinal !== undefined) && (freq === 'DAILY' || freq === 'WEEKLY')) {
    throw new RecurrenceError('numbered BYDAY only goes with MONTHLY or YEARLY');
  }
  return {
    freq,
    interval,
    weekStart,
    ...(count !== undefined && { count }),
    ...(until !== undefined && { until }),
    ...(byDay && { byDay }),
    ...(byMonthDay && { byMonthDay }),
    ...(byMonth && { byMonth }),
    ...(bySetPos && { bySetPos }),
  };
}

function parseWeekdayNum(text: string): WeekdayNum {
  const match = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(text);
  if (!match?.[2]) throw new RecurrenceError(`bad BYDAY ${text}`);
  const weekday = WEEKDAYS.indexOf(match[2]) + 1;
  if (match[1] === undefined) return { weekday };
  const ordinal = Number(match[1]);
  if (ordinal === 0 || Math.abs(ordinal) > 53) throw new RecurrenceError(`bad BYDAY ${text}`);
  return { weekday, ordinal };
}

function parseValues(params: readonly string[], text: string): RecurrenceValue[] {
  let zone: string | undefined;
  let dateOnly = false;
  for (const param of params) {
    const [key = '', value = ''] = param.split('=');
    if (key.toUpperCase() === 'TZID') zone = value.replace(/^"|"$/g, '');
    else if (key.toUpperCase() === 'VALUE' && value.toUpperCase() === 'DATE') dateOnly = true;
    else if (key.toUpperCase() === 'VALUE' && value.toUpperCase() !== 'DATE-TIME') {
      throw new RecurrenceError(`unsupported VALUE=${value}`);
    }
  }
  if (zone !== undefined && !isValidZone(zone)) throw new RecurrenceError(`unknown TZID ${zone}`);
  return text.split(',').map((value) => parseValue(value.trim(), zone, dateOnly));
}

function parseValue(text: string, zone: string | undefined, dateOnly: boolean): RecurrenceValue {
  const match = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(text.toUpperCase());
  if (!match) throw new RecurrenceError(`bad date-time ${text}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (month < 1 || month > 12 || day < 1 || day > 31) throw new RecurrenceError(`bad date ${text}`);
  if (match[4] === undefined) return { kind: 'date', day: dayNumber(year, month, day) };
  if (dateOnly) throw new RecurrenceError(`VALUE=DATE with a time: ${text}`);
  const wall = { year, month, day, hour: Number(match[4]), minute: Number(match[5]), second: Number(match[6]) };
  if (match[7] === 'Z') {
    return { kind: 'instant', instant: Date.UTC(year, month - 1, day, wall.hour, wall.minute, wall.second) };
  }
  if (zone !== undefined) return { kind: 'instant', instant: wallToInstant(zone, wall) };
  return { kind: 'floating', wall };
}

function positiveInteger(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new RecurrenceError(`bad ${name}=${text}`);
  return value;
}

function integerIn(text: string, name: string, min: number, max: number, signed = true): number {
  const value = Number(text);
  const magnitude = Math.abs(value);
  if (!Number.isInteger(value) || magnitude < min || magnitude > max || (!signed && value < 0)) {
    throw new RecurrenceError(`bad ${name}=${text}`);
  }
  return value;
}
