/**
 * Graph's `dateTimeTimeZone` ("dateTime: {date}T{time}, e.g. 2017-08-29T04:00:00.0000000; timeZone: e.g. 'Pacific
 * Standard Time'"): a wall-clock time with no offset and a zone name beside it. Responses write it in UTC unless the
 * request carries `Prefer: outlook.timezone="…"` (Windows or IANA name), which is echoed as `timeZone`.
 */
import type { DateTimeTimeZone } from '@microsoft/microsoft-graph-types';
import { DateTime } from 'luxon';
import { instantToWall, parseLocalDateTime, wallToInstant } from '../../google/calendar/time.ts';
import { graphErrors } from '../errors.ts';
import { resolveZone } from './zones.ts';

/** An event time: the instant, the IANA zone it was given in, and the name the client used for that zone. */
export interface EventTime {
  readonly instant: number;
  readonly zone: string;
  readonly zoneName: string;
}

/** The zone responses are written in: the name to echo and the IANA zone it means. */
export interface OutputZone {
  readonly name: string;
  readonly zone: string;
}

export const UTC_OUTPUT: OutputZone = { name: 'UTC', zone: 'UTC' };

/** Parses a request's `{dateTime, timeZone}`; 400 naming the field when it is malformed or the zone unknown. */
export function parseEventTime(
  value: { readonly dateTime?: string; readonly timeZone?: string | null | undefined } | null | undefined,
  field: string,
): EventTime {
  if (!value?.dateTime) throw graphErrors.badRequest(`${field} is required.`);
  const zoneName = value.timeZone ?? 'UTC';
  const zone = resolveZone(zoneName);
  if (!zone)
    throw graphErrors.badRequest(
      `A valid TimeZone value must be specified. The following TimeZone value is not supported: '${zoneName}'.`,
    );
  // Graph reads dateTime as wall time in timeZone; a trailing offset (which some clients add) names the instant.
  const offset = /(Z|[+-]\d{2}:\d{2})$/i.exec(value.dateTime);
  if (offset) {
    const parsed = DateTime.fromISO(value.dateTime, { setZone: true });
    if (!parsed.isValid)
      throw graphErrors.badRequest(
        `Cannot convert the literal '${value.dateTime}' to the expected type 'Edm.DateTime'.`,
      );
    return { instant: parsed.toMillis(), zone, zoneName };
  }
  const wall = parseLocalDateTime(value.dateTime.replace(/(\.\d{1,3})\d*$/, '$1'));
  if (!wall)
    throw graphErrors.badRequest(`Cannot convert the literal '${value.dateTime}' to the expected type 'Edm.DateTime'.`);
  return { instant: wallToInstant(zone, wall), zone, zoneName };
}

/** Writes an instant as Graph does: seven fractional digits, no offset, in the response zone. */
export function formatEventTime(instant: number, output: OutputZone): DateTimeTimeZone {
  return { dateTime: formatWall(instant, output.zone), timeZone: output.name };
}

/** `2024-10-15T08:00:00.0000000` for an instant in a zone. */
export function formatWall(instant: number, zone: string): string {
  const w = instantToWall(zone, instant);
  const pad = (n: number, size = 2) => String(n).padStart(size, '0');
  return `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}.0000000`;
}

/** An ISO 8601 UTC timestamp without milliseconds (`originalStart`: "2014-01-01T00:00:00Z"). */
export function formatUtc(instant: number): string {
  return `${new Date(instant).toISOString().slice(0, 19)}Z`;
}

/**
 * A query's `startDateTime`/`endDateTime` (calendarView, instances): ISO 8601, with an offset or `Z`; without one
 * it is read in the Prefer zone, else UTC, as Graph does.
 */
export function parseQueryInstant(text: string | undefined, name: string, output: OutputZone): number {
  if (text === undefined || text === '') {
    throw graphErrors.badRequest(
      `This request requires a time window specified by the query string parameters StartDateTime and EndDateTime.`,
    );
  }
  const parsed = DateTime.fromISO(text, { zone: output.zone, setZone: false });
  if (!parsed.isValid) throw graphErrors.badRequest(`The value '${text}' of parameter '${name}' is invalid.`);
  return parsed.toMillis();
}

/** The zone a request asks responses in (`Prefer: outlook.timezone="…"`), or UTC. */
export function outputZoneOf(prefer: string | undefined): OutputZone {
  const asked = /outlook\.timezone\s*=\s*"([^"]+)"/i.exec(prefer ?? '')?.[1];
  if (asked === undefined) return UTC_OUTPUT;
  const zone = resolveZone(asked);
  // An unknown zone in Prefer is ignored by Graph (the response is in UTC and no Preference-Applied comes back).
  return zone ? { name: asked, zone } : UTC_OUTPUT;
}
