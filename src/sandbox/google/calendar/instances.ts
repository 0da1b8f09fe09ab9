/**
 * events.instances (Calendar v3): the occurrences of a recurring event in a window, each with id
 * `{masterId}_{stamp}`, `recurringEventId` and `originalStartTime`. An exception replaces its occurrence (a moved
 * one shows its new time and keeps its `originalStartTime`); cancelled instances appear only with `showDeleted`.
 */
import type { calendar_v3 } from '@googleapis/calendar';
import { googleErrors } from '../errors.ts';
import { EXPANSION_HORIZON_MS, eventsResponse, inWindow } from './list.ts';
import type { InstancesQuery } from './list-query.ts';
import type { CalendarState } from './model.ts';
import type { Pager } from './paging.ts';
import { occurrenceKey } from './recurrence.ts';
import { renderInstance, renderTombstone, type View } from './render.ts';
import { instancesOf } from './series.ts';
import type { CalendarStore } from './store.ts';

/** Answers events.instances for one recurring event on a calendar. */
export function listInstances(
  store: CalendarStore,
  pager: Pager,
  calendar: CalendarState,
  eventId: string,
  query: InstancesQuery,
): calendar_v3.Schema$Events {
  const event = store.event(eventId);
  const masterCopy = calendar.copies.get(eventId);
  if (!event || !masterCopy) throw googleErrors.notFound();
  if (event.cancelled || masterCopy.removed) throw googleErrors.deleted();
  const view: View = { calendar, timeZone: query.timeZone ?? calendar.timeZone };
  const collect = (): calendar_v3.Schema$Event[] => {
    const horizon = query.timeMax ?? store.now() + EXPANSION_HORIZON_MS;
    const items: calendar_v3.Schema$Event[] = [];
    for (const instance of instancesOf(event, horizon, view.timeZone)) {
      if (query.originalStart !== undefined && occurrenceKey(instance.original) !== query.originalStart) continue;
      const copy = calendar.copies.get(instance.id);
      if (instance.cancelled || copy?.removed) {
        if (query.showDeleted && copy) items.push(renderTombstone(view, copy, event));
        continue;
      }
      if (!inWindow(query, instance.fields, view.timeZone)) continue;
      items.push(renderInstance(view, event, instance, copy, masterCopy));
    }
    return items;
  };
  const of = { owner: calendar.id, call: 'instances' } as const;
  const page = query.pageToken
    ? pager.next(of, query.pageToken, query.fingerprint, query.maxResults)
    : pager.first(of, query.fingerprint, collect(), query.maxResults);
  return eventsResponse(store, calendar, page.items, {
    ...(page.nextPageToken !== undefined && { nextPageToken: page.nextPageToken }),
  });
}
