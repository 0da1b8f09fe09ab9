/**
 * Event collections: `/me/events` (single events and series masters — "List events"), `/me/events/{id}/instances`
 * and `/me/calendarView` (occurrences, exceptions and single events overlapping `[startDateTime, endDateTime)` —
 * "List calendarView", "List instances"). Pages hold `$top` items (else `Prefer: odata.maxpagesize`, else 10) and
 * link on with an absolute `@odata.nextLink` carrying `$skip`, as Graph's do.
 */
import type { ExtendedProperty, Mailbox, StoredEvent } from './model.ts';
import { maxPageSize, parseQueryOptions, type QueryOptions, selectProperties } from './query.ts';
import { type GraphEvent, renderEvent, renderInstance, type View } from './render.ts';
import { instancesOf } from './series.ts';

/** A time window, in epoch ms, end exclusive. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

/** One item a window shows: a single event or one occurrence/exception. */
export interface WindowItem {
  readonly id: string;
  readonly start: number;
  /** The item's current changeKey: what delta compares to tell a change. */
  readonly changeKey: string;
  readonly extended: ReadonlyMap<string, ExtendedProperty>;
  render(view: View): GraphEvent;
}

/** A page of events as Graph answers it. */
export interface EventPage {
  readonly '@odata.context': string;
  readonly '@odata.nextLink'?: string;
  readonly value: GraphEvent[];
}

const DEFAULT_PAGE_SIZE = 10;

/** Single events and occurrences that overlap a window, by start then id. */
export function itemsInWindow(mailbox: Mailbox, window: TimeWindow): WindowItem[] {
  const items: WindowItem[] = [];
  for (const event of mailbox.events.values()) items.push(...eventItems(event, window));
  return items.sort((a, b) => a.start - b.start || a.id.localeCompare(b.id));
}

/** The occurrences of one series master in a window. */
export function instanceItems(master: StoredEvent, window: TimeWindow): WindowItem[] {
  return instancesOf(master, window.end)
    .filter((instance) => overlaps(instance.fields.start.instant, instance.fields.end.instant, window))
    .map((instance) => ({
      id: instance.id,
      start: instance.fields.start.instant,
      changeKey: (instance.exception?.version ?? master.version).changeKey,
      extended: instance.exception?.extended ?? new Map<string, ExtendedProperty>(),
      render: (view: View) => renderInstance(view, instance),
    }));
}

/** `/me/events`: single events and series masters, filtered, ordered and paged. */
export function listEvents(mailbox: Mailbox, url: URL, view: View, prefer: string | undefined): EventPage {
  const options = parseQueryOptions(url);
  // Oldest first; the sort is stable, so items created at the same instant keep their creation order.
  const events = [...mailbox.events.values()].sort((a, b) => a.created - b.created);
  let rendered = events.map((event) => ({ event: renderEvent(view, event), extended: event.extended }));
  if (options.filter) rendered = rendered.filter(options.filter);
  const values = rendered.map((r) => r.event);
  if (options.orderBy) values.sort(options.orderBy);
  return page(values, url, options, prefer, context(url, mailbox, 'events'));
}

/** A windowed list (instances or calendarView), ordered by start, paged. */
export function listWindow(
  items: readonly WindowItem[],
  url: URL,
  view: View,
  prefer: string | undefined,
  mailbox: Mailbox,
  entity: string,
): EventPage {
  const options = parseQueryOptions(url);
  let rendered = items.map((item) => ({ event: item.render(view), extended: item.extended }));
  if (options.filter) rendered = rendered.filter(options.filter);
  const values = rendered.map((r) => r.event);
  if (options.orderBy) values.sort(options.orderBy);
  return page(values, url, options, prefer, context(url, mailbox, entity));
}

/** Whether an event's span overlaps a window (a zero-length event counts when it starts inside it). */
export function overlaps(start: number, end: number, window: TimeWindow): boolean {
  if (start === end) return start >= window.start && start < window.end;
  return start < window.end && end > window.start;
}

/** `@odata.context` for a collection of a user's events. */
export function context(url: URL, mailbox: Mailbox, entity: string): string {
  return `${url.origin}/sandbox/graph/v1.0/$metadata#users('${mailbox.userId}')/${entity}`;
}

/** A URL as Graph writes its links: OData's `$` options unescaped. */
export function odataUrl(url: URL): string {
  return url.toString().replaceAll('%24', '$');
}

function eventItems(event: StoredEvent, window: TimeWindow): WindowItem[] {
  if (event.recurrence) return instanceItems(event, window);
  if (!overlaps(event.fields.start.instant, event.fields.end.instant, window)) return [];
  return [
    {
      id: event.id,
      start: event.fields.start.instant,
      changeKey: event.version.changeKey,
      extended: event.extended,
      render: (view: View) => renderEvent(view, event),
    },
  ];
}

function page(
  values: GraphEvent[],
  url: URL,
  options: QueryOptions,
  prefer: string | undefined,
  odataContext: string,
): EventPage {
  const size = options.top ?? maxPageSize(prefer) ?? DEFAULT_PAGE_SIZE;
  const slice = values.slice(options.skip, options.skip + size).map((e) => selectProperties(e, options.select));
  const more = options.skip + size < values.length;
  const next = new URL(url);
  next.searchParams.set('$skip', String(options.skip + size));
  return {
    '@odata.context': odataContext,
    value: slice,
    ...(more && { '@odata.nextLink': odataUrl(next) }),
  };
}
