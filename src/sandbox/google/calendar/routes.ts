/**
 * Calendar v3 over HTTP, under `/sandbox/google/calendar/v3/`: calendarList, calendars.get, settings.get
 * (timezone), events list/insert/get/patch/update/delete/instances/move/watch, and channels.stop. A calendar id is
 * `primary` or the caller's own email; any other calendar is 404, as a calendar the caller cannot see is on Google.
 */
import type { calendar_v3 } from '@googleapis/calendar';
import { type Context, Hono } from 'hono';
import type { Mailbox } from '../../mailbox.ts';
import { normalizeEmail } from '../../users.ts';
import { callerOf, type GoogleEnv, jsonBody } from '../context.ts';
import { googleErrors } from '../errors.ts';
import { parseEventBody } from './event-input.ts';
import { listInstances } from './instances.ts';
import { listEvents } from './list.ts';
import { parseInstancesQuery, parseListQuery } from './list-query.ts';
import type { CalendarState } from './model.ts';
import type { Pager } from './paging.ts';
import { deleteTarget, moveEvent } from './removal.ts';
import { renderEvent, renderInstance, type View } from './render.ts';
import type { CalendarStore } from './store.ts';
import { checkIfMatch, resolveTarget, type Target, targetEtag } from './targets.ts';
import { isValidZone } from './time.ts';
import { emailGuests, sendUpdatesParam } from './update-emails.ts';
import type { Channels } from './watch.ts';
import { insertEvent, writeTarget } from './writes.ts';

const BASE = '/sandbox/google/calendar/v3';

/** What the routes work on. */
export interface CalendarRoutesDeps {
  readonly store: CalendarStore;
  readonly pager: Pager;
  readonly channels: Channels;
  /** Where the emails `sendUpdates` asks for are delivered. */
  readonly mailbox: Mailbox;
}

/** The Calendar v3 routes (authentication and faults are applied by the caller). */
export function calendarRoutes({ store, pager, channels, mailbox }: CalendarRoutesDeps): Hono<GoogleEnv> {
  const app = new Hono<GoogleEnv>();

  function calendarOf(c: Context<GoogleEnv>): CalendarState {
    const user = callerOf(c);
    const requested = c.req.param('calendarId') ?? 'primary';
    if (requested !== 'primary' && normalizeEmail(requested) !== user) throw googleErrors.notFound();
    return store.calendar(user);
  }

  function viewOf(c: Context<GoogleEnv>, calendar: CalendarState): View {
    const zone = c.req.query('timeZone');
    return { calendar, timeZone: zone !== undefined && isValidZone(zone) ? zone : calendar.timeZone };
  }

  function render(view: View, target: Target): calendar_v3.Schema$Event {
    if (target.kind === 'event') return renderEvent(view, target.event, target.copy);
    return renderInstance(view, target.event, target.instance, target.copy, target.masterCopy);
  }

  app.get(`${BASE}/users/me/calendarList`, (c) => {
    const calendar = calendarOf(c);
    const list: calendar_v3.Schema$CalendarList = {
      kind: 'calendar#calendarList',
      etag: `"l${store.lastChange()}"`,
      items: [calendarListEntry(calendar)],
    };
    return c.json(list);
  });

  app.get(`${BASE}/users/me/calendarList/:calendarId`, (c) => c.json(calendarListEntry(calendarOf(c))));

  app.get(`${BASE}/calendars/:calendarId`, (c) => {
    const calendar = calendarOf(c);
    const resource: calendar_v3.Schema$Calendar = {
      kind: 'calendar#calendar',
      etag: `"c${calendar.resourceId}"`,
      id: calendar.id,
      summary: calendar.id,
      timeZone: calendar.timeZone,
    };
    return c.json(resource);
  });

  app.get(`${BASE}/users/me/settings/:setting`, (c) => {
    if (c.req.param('setting') !== 'timezone') throw googleErrors.notFound();
    const calendar = calendarOf(c);
    const setting: calendar_v3.Schema$Setting = {
      kind: 'calendar#setting',
      etag: `"s${calendar.resourceId}"`,
      id: 'timezone',
      value: calendar.timeZone,
    };
    return c.json(setting);
  });

  app.get(`${BASE}/calendars/:calendarId/events`, (c) => {
    const calendar = calendarOf(c);
    return c.json(listEvents(store, pager, calendar, parseListQuery(new URL(c.req.url), calendar.id)));
  });

  app.post(`${BASE}/calendars/:calendarId/events`, async (c) => {
    const calendar = calendarOf(c);
    const event = insertEvent({ store, calendar }, parseEventBody(await jsonBody(c)));
    const copy = calendar.copies.get(event.id);
    if (!copy) throw googleErrors.notFound();
    return c.json(renderEvent(viewOf(c, calendar), event, copy));
  });

  app.post(`${BASE}/calendars/:calendarId/events/watch`, async (c) => {
    const calendar = calendarOf(c);
    const url = new URL(c.req.url);
    const resourceUri = `${url.origin}${BASE}/calendars/${encodeURIComponent(c.req.param('calendarId'))}/events?alt=json`;
    return c.json(channels.watch(calendar.id, callerOf(c), await jsonBody(c), resourceUri));
  });

  app.get(`${BASE}/calendars/:calendarId/events/:eventId`, (c) => {
    const calendar = calendarOf(c);
    const target = resolveTarget(store, calendar, c.req.param('eventId'));
    // Conditional GET, as Google supports it: an unchanged resource is 304 with no body.
    if (c.req.header('If-None-Match') === targetEtag(target)) return c.body(null, 304);
    return c.json(render(viewOf(c, calendar), target));
  });

  for (const [method, mode] of [
    ['patch', 'patch'],
    ['put', 'update'],
  ] as const) {
    app[method](`${BASE}/calendars/:calendarId/events/:eventId`, async (c) => {
      const calendar = calendarOf(c);
      const eventId = c.req.param('eventId');
      const sendUpdates = sendUpdatesParam(new URL(c.req.url));
      const body = parseEventBody(await jsonBody(c));
      const target = resolveTarget(store, calendar, eventId);
      checkIfMatch(target, c.req.header('If-Match'));
      const change = writeTarget({ store, calendar }, target, body, mode);
      if (change) {
        emailGuests(
          { mailbox, guests: store.guests, now: store.now },
          calendar.id,
          change,
          sendUpdates,
          calendar.timeZone,
        );
      }
      return c.json(render(viewOf(c, calendar), resolveTarget(store, calendar, eventId)));
    });
  }

  app.delete(`${BASE}/calendars/:calendarId/events/:eventId`, (c) => {
    const calendar = calendarOf(c);
    const target = resolveTarget(store, calendar, c.req.param('eventId'));
    checkIfMatch(target, c.req.header('If-Match'));
    deleteTarget({ store, calendar }, target);
    return c.body(null, 204);
  });

  app.get(`${BASE}/calendars/:calendarId/events/:eventId/instances`, (c) => {
    const calendar = calendarOf(c);
    const eventId = c.req.param('eventId');
    const query = parseInstancesQuery(new URL(c.req.url), `${calendar.id}/${eventId}`);
    return c.json(listInstances(store, pager, calendar, eventId, query));
  });

  app.post(`${BASE}/calendars/:calendarId/events/:eventId/move`, (c) => {
    const calendar = calendarOf(c);
    const destination = normalizeEmail(c.req.query('destination') ?? '');
    if (destination === '') throw googleErrors.required('Required parameter: destination', 'destination');
    const target = resolveTarget(store, calendar, c.req.param('eventId'));
    const event = moveEvent({ store, calendar }, target, destination);
    const destinationCalendar = store.calendar(event.organizer);
    const copy = destinationCalendar.copies.get(event.id);
    if (!copy) throw googleErrors.notFound();
    return c.json(renderEvent(viewOf(c, destinationCalendar), event, copy));
  });

  app.post(`${BASE}/channels/stop`, async (c) => {
    channels.stop(callerOf(c), await jsonBody(c));
    return c.body(null, 204);
  });

  return app;
}

function calendarListEntry(calendar: CalendarState): calendar_v3.Schema$CalendarListEntry {
  return {
    kind: 'calendar#calendarListEntry',
    etag: `"e${calendar.resourceId}"`,
    id: calendar.id,
    summary: calendar.id,
    timeZone: calendar.timeZone,
    accessRole: 'owner',
    primary: true,
    selected: true,
    defaultReminders: [],
    conferenceProperties: { allowedConferenceSolutionTypes: ['hangoutsMeet'] },
  };
}
