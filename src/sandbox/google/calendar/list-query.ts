/**
 * Query parameters of events.list and events.instances, validated as Calendar v3 documents them: `maxResults`
 * defaults to 250 and "the page size can never be larger than 2500 events" — a larger value is served as 2500, not
 * refused (a client asking for 10,000 got 2,500: wanasit/google-calendar#6) —, `orderBy=startTime` needs
 * `singleEvents=true`, and a `syncToken` cannot be
 * combined with `iCalUID, orderBy, privateExtendedProperty, q, sharedExtendedProperty, timeMin, timeMax,
 * updatedMin` (400 `invalid`).
 */
import { googleErrors } from '../errors.ts';
import { isValidZone, parseRfc3339 } from './time.ts';

/** A parsed events.list query. */
export interface ListQuery {
  readonly timeMin?: number;
  readonly timeMax?: number;
  readonly updatedMin?: number;
  readonly singleEvents: boolean;
  readonly orderBy?: 'startTime' | 'updated';
  readonly showDeleted: boolean;
  readonly maxResults: number;
  readonly pageToken?: string;
  readonly syncToken?: string;
  readonly q?: string;
  readonly iCalUID?: string;
  readonly privateExtendedProperty: readonly (readonly [string, string])[];
  readonly sharedExtendedProperty: readonly (readonly [string, string])[];
  readonly timeZone?: string;
  /** The query minus `pageToken` and `maxResults`: a page token only continues the query it came from. */
  readonly fingerprint: string;
}

/** A parsed events.instances query. */
export interface InstancesQuery {
  readonly timeMin?: number;
  readonly timeMax?: number;
  readonly originalStart?: number;
  readonly showDeleted: boolean;
  readonly maxResults: number;
  readonly pageToken?: string;
  readonly timeZone?: string;
  readonly fingerprint: string;
}

const DEFAULT_MAX_RESULTS = 250;
const MAX_RESULTS_CAP = 2500;
const SYNC_INCOMPATIBLE = [
  'iCalUID',
  'orderBy',
  'privateExtendedProperty',
  'q',
  'sharedExtendedProperty',
  'timeMin',
  'timeMax',
  'updatedMin',
];

/** Reads events.list parameters from a URL. */
export function parseListQuery(url: URL, calendarId: string): ListQuery {
  const params = url.searchParams;
  const syncToken = params.get('syncToken') ?? undefined;
  if (syncToken !== undefined) {
    const clash = SYNC_INCOMPATIBLE.find((name) => params.has(name));
    if (clash) throw googleErrors.invalid(`The ${clash} parameter cannot be used together with syncToken.`, clash);
  }
  const singleEvents = bool(params, 'singleEvents');
  const orderBy = params.get('orderBy') ?? undefined;
  if (orderBy !== undefined && orderBy !== 'startTime' && orderBy !== 'updated') {
    throw googleErrors.invalid('Invalid value for orderBy.', 'orderBy');
  }
  if (orderBy === 'startTime' && !singleEvents) {
    throw googleErrors.invalid('The requested ordering is not available for the particular query.', 'orderBy');
  }
  const { timeMin, timeMax } = timeWindow(params);
  const updatedMin = instantParam(params, 'updatedMin');
  const q = params.get('q') ?? undefined;
  const iCalUID = params.get('iCalUID') ?? undefined;
  const pageToken = params.get('pageToken') ?? undefined;
  const timeZone = zoneParam(params);
  return {
    singleEvents,
    showDeleted: bool(params, 'showDeleted'),
    maxResults: maxResults(params),
    privateExtendedProperty: properties(params, 'privateExtendedProperty'),
    sharedExtendedProperty: properties(params, 'sharedExtendedProperty'),
    fingerprint: fingerprint(params, calendarId),
    ...(timeMin !== undefined && { timeMin }),
    ...(timeMax !== undefined && { timeMax }),
    ...(updatedMin !== undefined && { updatedMin }),
    ...(orderBy !== undefined && { orderBy }),
    ...(pageToken !== undefined && { pageToken }),
    ...(syncToken !== undefined && { syncToken }),
    ...(q !== undefined && { q }),
    ...(iCalUID !== undefined && { iCalUID }),
    ...(timeZone !== undefined && { timeZone }),
  };
}

/** Reads events.instances parameters from a URL. */
export function parseInstancesQuery(url: URL, scope: string): InstancesQuery {
  const params = url.searchParams;
  const { timeMin, timeMax } = timeWindow(params);
  const originalStart = instantParam(params, 'originalStart');
  const pageToken = params.get('pageToken') ?? undefined;
  const timeZone = zoneParam(params);
  return {
    showDeleted: bool(params, 'showDeleted'),
    maxResults: maxResults(params),
    fingerprint: fingerprint(params, scope),
    ...(timeMin !== undefined && { timeMin }),
    ...(timeMax !== undefined && { timeMax }),
    ...(originalStart !== undefined && { originalStart }),
    ...(pageToken !== undefined && { pageToken }),
    ...(timeZone !== undefined && { timeZone }),
  };
}

function timeWindow(params: URLSearchParams): { timeMin: number | undefined; timeMax: number | undefined } {
  const timeMin = instantParam(params, 'timeMin');
  const timeMax = instantParam(params, 'timeMax');
  if (timeMin !== undefined && timeMax !== undefined && timeMax <= timeMin)
    throw googleErrors.timeRangeEmpty('timeMax');
  return { timeMin, timeMax };
}

function instantParam(params: URLSearchParams, name: string): number | undefined {
  const text = params.get(name);
  if (text === null) return undefined;
  const instant = parseRfc3339(text);
  // Calendar v3: "Must be an RFC3339 timestamp with mandatory time zone offset".
  if (instant === undefined) throw googleErrors.invalid('Bad Request', name);
  return instant;
}

function maxResults(params: URLSearchParams): number {
  const text = params.get('maxResults');
  if (text === null) return DEFAULT_MAX_RESULTS;
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw googleErrors.invalid('Invalid value for maxResults.', 'maxResults');
  return Math.min(value, MAX_RESULTS_CAP);
}

function zoneParam(params: URLSearchParams): string | undefined {
  const zone = params.get('timeZone') ?? undefined;
  if (zone !== undefined && !isValidZone(zone)) throw googleErrors.invalid('Invalid time zone.', 'timeZone');
  return zone;
}

function bool(params: URLSearchParams, name: string): boolean {
  return params.get(name) === 'true';
}

function properties(params: URLSearchParams, name: string): (readonly [string, string])[] {
  return params.getAll(name).map((entry) => {
    const at = entry.indexOf('=');
    if (at < 1) throw googleErrors.invalid(`Invalid value for ${name}.`, name);
    return [entry.slice(0, at), entry.slice(at + 1)] as const;
  });
}

function fingerprint(params: URLSearchParams, scope: string): string {
  const kept = [...params.entries()].filter(
    ([key]) => !['pageToken', 'maxResults', 'fields', 'prettyPrint', 'alt'].includes(key),
  );
  kept.sort(([a, av], [b, bv]) => (a === b ? av.localeCompare(bv) : a.localeCompare(b)));
  return `${scope}?${new URLSearchParams(kept).toString()}`;
}
