/**
 * events.list (Calendar v3 "Synchronize resources efficiently"): a full list, or with `syncToken` every copy on the
 * calendar changed since the token — deleted ones included as cancelled items — with `nextSyncToken` only on the
 * last page (full lists get one too). `singleEvents=false` returns masters, single events and exceptions (cancelled
 * instances of a live series included even without `showDeleted`, as documented); `singleEvents=true` expands
 * recurring events into instances.
 */
import type { calendar_v3 } from '@googleapis/calendar';
import { googleErrors } from '../errors.ts';
import type { ListQuery } from './list-query.ts';
import type { CalendarCopy, CalendarState, EventFields, StoredEvent } from './model.ts';
import type { Pager } from './paging.ts';
import { renderEvent, renderInstance, renderTombstone, type View } from './render.ts';
import { instanceAt, instancesOf, instantOf, timeRange } from './series.ts';
import type { CalendarStore } from './store.ts';
import { formatTimestamp } from './time.ts';

/** Without `timeMax`, recurring events expand this far past now (Google documents no limit; a year covers use). */
export const EXPANSION_HORIZON_MS = 400 * 86_400_000;

interface Item {
  readonly event: calendar_v3.Schema$Event;
  readonly start: number;
  readonly updated: number;
  /** The copy's change number: unordered lists come in the order things last changed, like a change log. */
  readonly change: number;
}

/** Answers events.list for a calendar. */
export function listEvents(
  store: CalendarStore,
  pager: Pager,
  calendar: CalendarState,
  query: ListQuery,
): calendar_v3.Schema$Events {
  const view: View = { calendar, timeZone: query.timeZone ?? calendar.timeZone };
  const of = { owner: calendar.id, call: 'list' } as const;
  const page = query.pageToken
    ? pager.next(of, query.pageToken, query.fingerprint, query.maxResults)
    : pager.first(of, query.fingerprint, collect(store, calendar, view, query), query.maxResults, store.lastChange());
  return eventsResponse(store, calendar, page.items, {
    ...(page.nextPageToken !== undefined && { nextPageToken: page.nextPageToken }),
    ...(page.syncChange !== undefined && { nextSyncToken: store.issueSyncToken(calendar.id, page.syncChange) }),
  });
}

/** The `Events` envelope around a page of items. */
export function eventsResponse(
  store: CalendarStore,
  calendar: CalendarState,
  items: calendar_v3.Schema$Event[],
  tokens: { nextPageToken?: string; nextSyncToken?: string },
): calendar_v3.Schema$Events {
  let updated = 0;
  for (const copy of calendar.copies.values()) updated = Math.max(updated, copy.updated);
  return {
    kind: 'calendar#events',
    etag: `"p${store.lastChange()}"`,
    summary: calendar.id,
    description: '',
    updated: formatTimestamp(updated || store.now()),
    timeZone: calendar.timeZone,
    accessRole: 'owner',
    defaultReminders: [],
    ...tokens,
    items,
  };
}

function collect(
  store: CalendarStore,
  calendar: CalendarState,
  view: View,
  query: ListQuery,
): calendar_v3.Schema$Event[] {
  const since = query.syncToken === undefined ? undefined : store.redeemSyncToken(calendar.id, query.syncToken);
  if (query.syncToken !== undefined && since === undefined) throw googleErrors.fullSyncRequired();
  const incremental = since !== undefined;
  // Calendar v3: deleted items always come back in a sync, and `updatedMin` includes deletions "regardless of
  // showDeleted".
  const withDeleted = incremental || query.showDeleted || query.updatedMin !== undefined;
  const horizon = query.timeMax ?? store.now() + EXPANSION_HORIZON_MS;
  const items: Item[] = [];
  const tombstone = (copy: CalendarCopy, event: StoredEvent | undefined) =>
    items.push({ event: renderTombstone(view, copy, event), start: 0, updated: copy.updated, change: copy.changeSeq });

  for (const copy of calendar.copies.values()) {
    if (since !== undefined && copy.changeSeq <= since) continue;
    if (query.updatedMin !== undefined && copy.updated < query.updatedMin) continue;
    const event = store.event(copy.masterId);
    if (copy.stamp === undefined) {
      if (!event || event.cancelled || copy.removed) {
        if (withDeleted) tombstone(copy, event);
        continue;
      }
      if (!matches(query, event, event.fields, copy)) continue;
      if (query.singleEvents && event.recurrence) {
        for (const instance of instancesOf(event, horizon, view.timeZone)) {
          // An exception this calendar holds is listed from its own copy (below), with its own change number.
          if (calendar.copies.has(instance.id)) continue;
          if (!inWindow(query, instance.fields, view.timeZone)) continue;
          const rendered = renderInstance(view, event, instance, undefined, copy);
          items.push({
            event: rendered,
            start: timeRange(instance.fields, view.timeZone).start,
            updated: copy.updated,
            change: copy.changeSeq,
          });
        }
      } else if (seriesInWindow(query, event, view.timeZone, horizon)) {
        items.push({
          event: renderEvent(view, event, copy),
          start: instantOf(event.fields.start, view.timeZone),
          updated: copy.updated,
          change: copy.changeSeq,
        });
      }
      continue;
    }
    const instance = event && !event.cancelled && !copy.removed ? instanceAt(event, copy.stamp) : undefined;
    if (!event || !instance) {
      if (withDeleted) tombstone(copy, event);
      continue;
    }
    if (!matches(query, event, instance.fields, copy)) continue;
    if (instance.cancelled) {
      // "Cancelled instances of recurring events … will still be included if showDeleted and singleEvents are both
      // False" — a client syncing masters needs them to know which occurrences not to expect.
      if ((withDeleted || !query.singleEvents) && inWindow(query, instance.fields, view.timeZone))
        tombstone(copy, event);
      continue;
    }
    if (!inWindow(query, instance.fields, view.timeZone)) continue;
    const rendered = renderInstance(view, event, instance, copy, calendar.copies.get(event.id));
    items.push({
      event: rendered,
      start: timeRange(instance.fields, view.timeZone).start,
      updated: copy.updated,
      change: copy.changeSeq,
    });
  }
  return sortItems(items, query).map((item) => item.event);
}

function sortItems(items: Item[], query: ListQuery): Item[] {
  const id = (item: Item) => item.event.id ?? '';
  if (query.orderBy === 'startTime') return items.sort((a, b) => a.start - b.start || id(a).localeCompare(id(b)));
  return items.sort((a, b) => a.updated - b.updated || a.change - b.change || a.start - b.start);
}

function matches(query: ListQuery, event: StoredEvent, fields: EventFields, copy: CalendarCopy): boolean {
  if (query.iCalUID !== undefined && event.iCalUID !== query.iCalUID) return false;
  for (const [key, value] of query.privateExtendedProperty) if (copy.privateProperties[key] !== value) return false;
  for (const [key, value] of query.sharedExtendedProperty) if (fields.sharedProperties[key] !== value) return false;
  if (query.q !== undefined) {
    const text = [fields.summary, fields.description, fields.location, ...fields.attendees.map((a) => a.email)]
      .join('\n')
      .toLowerCase();
    if (
      !query.q
        .toLowerCase()
        .split(/\s+/)
        .every((word) => text.includes(word))
    )
      return false;
  }
  return true;
}

// Calendar v3: timeMin bounds an event's end (exclusive), timeMax its start (exclusive).
export function inWindow(
  query: Pick<ListQuery, 'timeMin' | 'timeMax'>,
  fields: Pick<EventFields, 'start' | 'end'>,
  zone: string,
): boolean {
  const { start, end } = timeRange(fields, zone);
  if (query.timeMin !== undefined && end <= query.timeMin) return false;
  if (query.timeMax !== undefined && start >= query.timeMax) return false;
  return true;
}

function seriesInWindow(query: ListQuery, event: StoredEvent, zone: string, horizon: number): boolean {
  if (!event.recurrence) return inWindow(query, event.fields, zone);
  if (query.timeMin === undefined && query.timeMax === undefined) return true;
  return instancesOf(event, horizon, zone).some(
    (instance) => !instance.cancelled && inWindow(query, instance.fields, zone),
  );
}
