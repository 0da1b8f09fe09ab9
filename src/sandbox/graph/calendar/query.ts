/**
 * The OData query options the emulator understands on event collections and items ("Use query parameters to
 * customize responses"): `$select`, `$top`, `$skip`, `$orderby` on start/created/modified, `$expand` of
 * `singleValueExtendedProperties($filter=id eq '…')`, and a `$filter` subset — `and`-joined `iCalUId`, `type`,
 * `subject` equality and `singleValueExtendedProperties/any(ep: ep/id eq '…' and ep/value eq '…')` (the documented
 * way to find items by an extended property). Anything else is refused with 400 rather than guessed.
 */
import { graphErrors } from '../errors.ts';
import type { ExtendedProperty } from './model.ts';
import type { GraphEvent } from './render.ts';

/** What a filter can look at. */
export interface FilterSubject {
  readonly event: GraphEvent;
  readonly extended: ReadonlyMap<string, ExtendedProperty>;
}

export type Filter = (subject: FilterSubject) => boolean;

/** Parsed query options. */
export interface QueryOptions {
  readonly select: readonly string[] | undefined;
  readonly extendedIds: ReadonlySet<string> | undefined;
  readonly top: number | undefined;
  readonly skip: number;
  readonly filter: Filter | undefined;
  readonly orderBy: ((a: GraphEvent, b: GraphEvent) => number) | undefined;
}

const MAX_TOP = 1000;

/** Reads the query options of a URL. */
export function parseQueryOptions(url: URL): QueryOptions {
  const params = url.searchParams;
  const top = params.get('$top');
  const skip = params.get('$skip');
  return {
    select: params
      .get('$select')
      ?.split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    extendedIds: parseExpand(params.get('$expand')),
    top: top === null ? undefined : count(top, '$top', 1, MAX_TOP),
    skip: skip === null ? 0 : count(skip, '$skip', 0, Number.MAX_SAFE_INTEGER),
    filter: parseFilter(params.get('$filter')),
    orderBy: parseOrderBy(params.get('$orderby')),
  };
}

/** `Prefer: odata.maxpagesize=N`, when sent. */
export function maxPageSize(prefer: string | undefined): number | undefined {
  const match = /odata\.maxpagesize\s*=\s*(\d+)/i.exec(prefer ?? '');
  return match?.[1] === undefined ? undefined : Math.min(Math.max(Number(match[1]), 1), MAX_TOP);
}

/** Keeps only the `$select`ed properties (plus `id` and the etag, which Graph always returns). */
export function selectProperties(event: GraphEvent, select: readonly string[] | undefined): GraphEvent {
  if (!select) return event;
  const keep = new Set(['@odata.etag', '@odata.type', 'id', '@removed', ...select, 'singleValueExtendedProperties']);
  return Object.fromEntries(Object.entries(event).filter(([key]) => keep.has(key))) as GraphEvent;
}

function parseExpand(expand: string | null): ReadonlySet<string> | undefined {
  if (expand === null) return undefined;
  const match = /^singleValueExtendedProperties(?:\(\$filter=(.*)\))?$/i.exec(expand.trim());
  if (!match)
    throw graphErrors.badRequest(
      `Parsing OData Select and Expand failed: could not find a property named '${expand}'.`,
    );
  if (match[1] === undefined)
    throw graphErrors.badRequest('Expanding singleValueExtendedProperties needs a $filter on id.');
  const ids = new Set<string>();
  for (const clause of match[1].split(/\s+or\s+/i)) {
    const id = /^id\s+eq\s+'((?:[^']|'')*)'$/i.exec(clause.trim())?.[1];
    if (id === undefined) throw graphErrors.invalidFilter(`Unsupported filter in $expand: ${clause}`);
    ids.add(id.replaceAll("''", "'").trim().toLowerCase());
  }
  return ids;
}

function parseFilter(text: string | null): Filter | undefined {
  if (text === null) return undefined;
  const clauses: Filter[] = [];
  let rest = text.trim();
  const any =
    /^singleValueExtendedProperties\/any\(\s*(\w+)\s*:\s*\1\/id\s+eq\s+'((?:[^']|'')*)'\s+and\s+\1\/value\s+eq\s+'((?:[^']|'')*)'\s*\)/i;
  const equality = /^(iCalUId|type|subject)\s+eq\s+'((?:[^']|'')*)'/i;
  while (rest !== '') {
    const ext = any.exec(rest);
    const eq = ext ? null : equality.exec(rest);
    if (ext?.[2] !== undefined && ext[3] !== undefined) {
      const id = unquote(ext[2]).toLowerCase();
      const value = unquote(ext[3]);
      clauses.push(({ extended }) => extended.get(id)?.value === value);
      rest = rest.slice(ext[0].length);
    } else if (eq?.[1] !== undefined && eq[2] !== undefined) {
      const property = (eq[1].charAt(0).toLowerCase() + eq[1].slice(1)) as 'iCalUId' | 'type' | 'subject';
      const value = unquote(eq[2]);
      clauses.push(({ event }) => (property === 'iCalUId' ? event.iCalUId : event[property]) === value);
      rest = rest.slice(eq[0].length);
    } else {
      throw graphErrors.invalidFilter(`The sandbox does not support this $filter: ${text}`);
    }
    rest = rest.trim();
    const and = /^and\s+/i.exec(rest);
    if (and) rest = rest.slice(and[0].length);
    else if (rest !== '') throw graphErrors.invalidFilter(`The sandbox does not support this $filter: ${text}`);
  }
  return (subject) => clauses.every((clause) => clause(subject));
}

function parseOrderBy(text: string | null): ((a: GraphEvent, b: GraphEvent) => number) | undefined {
  if (text === null) return undefined;
  const match = /^(start\/dateTime|end\/dateTime|createdDateTime|lastModifiedDateTime)(?:\s+(asc|desc))?$/i.exec(
    text.trim(),
  );
  if (!match?.[1]) throw graphErrors.badRequest(`The sandbox does not support this $orderby: ${text}`);
  const key = match[1].toLowerCase();
  const sign = match[2]?.toLowerCase() === 'desc' ? -1 : 1;
  const value = (e: GraphEvent): string =>
    key === 'start/datetime'
      ? (e.start?.dateTime ?? '')
      : key === 'end/datetime'
        ? (e.end?.dateTime ?? '')
        : key === 'createddatetime'
          ? (e.createdDateTime ?? '')
          : (e.lastModifiedDateTime ?? '');
  return (a, b) => sign * value(a).localeCompare(value(b));
}

function unquote(text: string): string {
  return text.replaceAll("''", "'");
}

function count(text: string, name: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < min) throw graphErrors.badRequest(`Invalid value '${text}' for ${name}.`);
  return Math.min(value, max);
}
