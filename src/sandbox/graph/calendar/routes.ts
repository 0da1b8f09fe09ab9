/**
 * Graph v1.0 calendar routes under `/sandbox/graph/v1.0/`, for `/me` and `/users/{id | userPrincipalName}` (the
 * caller's own only: another user's calendar is 403 `ErrorAccessDenied`, as without delegated access), with the
 * default calendar's `/calendar/…` aliases: events list/create/get/update/delete, instances, accept / decline /
 * tentativelyAccept, calendarView and calendarView/delta. Writes honour `If-Match` (412 `ErrorIrresolvableConflict`).
 */
import { type Context, Hono } from 'hono';
import type { Users } from '../../users.ts';
import { callerOf, type GraphEnv, jsonBody } from '../context.ts';
import { graphErrors } from '../errors.ts';
import { outputZoneOf, parseQueryInstant } from './date-time.ts';
import type { DeltaRounds } from './delta.ts';
import { parseEventInput } from './event-input.ts';
import type { MeetingMessages } from './meeting-messages.ts';
import type { Mailbox } from './model.ts';
import { parseQueryOptions, selectProperties } from './query.ts';
import { etagOf, type GraphEvent, renderEvent, renderInstance, type View } from './render.ts';
import { RESPONSES, respond } from './responses.ts';
import { resolveTarget, seriesMaster, type Target } from './series.ts';
import type { GraphStore } from './store.ts';
import { context, instanceItems, itemsInWindow, listEvents, listWindow, type TimeWindow } from './views.ts';
import { createEvent, deleteTarget, updateTarget, type WriteContext } from './writes.ts';

export const GRAPH_BASE = '/sandbox/graph/v1.0';

/** What the routes work on. */
export interface CalendarRoutesDeps {
  readonly store: GraphStore;
  readonly users: Users;
  readonly delta: DeltaRounds;
  /** The meeting messages organizers' writes send (Exchange mails invitees on every change). */
  readonly messages?: MeetingMessages;
}

/** The calendar routes (authentication and faults are applied by the caller). */
export function calendarRoutes({ store, users, delta, messages }: CalendarRoutesDeps): Hono<GraphEnv> {
  const app = new Hono<GraphEnv>();

  function mailboxOf(c: Context<GraphEnv>): Mailbox {
    const caller = callerOf(c);
    const asked = c.req.param('userId');
    const mailbox = store.mailbox(caller);
    if (asked !== undefined && asked.toLowerCase() !== caller && asked.toLowerCase() !== mailbox.userId) {
      throw graphErrors.accessDenied();
    }
    return mailbox;
  }

  function viewOf(c: Context<GraphEnv>): View {
    const prefer = c.req.header('Prefer') ?? '';
    const output = outputZoneOf(prefer);
    const bodyType = /outlook\.body-content-type\s*=\s*"?text"?/i.test(prefer) ? 'text' : 'html';
    const applied = [
      ...(/outlook\.timezone/i.test(prefer) ? [`outlook.timezone="${output.name}"`] : []),
      ...(/outlook\.body-content-type/i.test(prefer) ? [`outlook.body-content-type="${bodyType}"`] : []),
    ];
    if (applied.length > 0) c.header('Preference-Applied', applied.join(', '));
    return { output, bodyType, extendedIds: parseQueryOptions(new URL(c.req.url)).extendedIds };
  }

  function writeContext(c: Context<GraphEnv>): WriteContext {
    return { store, users, mailbox: mailboxOf(c), messages };
  }

  function render(view: View, target: Target): GraphEvent {
    return target.kind === 'event' ? renderEvent(view, target.event) : renderInstance(view, target.instance);
  }

  function entity(c: Context<GraphEnv>, mailbox: Mailbox, event: GraphEvent) {
    const url = new URL(c.req.url);
    const select = parseQueryOptions(url).select;
    return { '@odata.context': `${context(url, mailbox, 'events')}/$entity`, ...selectProperties(event, select) };
  }

  function window(c: Context<GraphEnv>): TimeWindow {
    const output = outputZoneOf(c.req.header('Prefer'));
    const start = parseQueryInstant(
      c.req.query('startDateTime') ?? c.req.query('startdatetime'),
      'startDateTime',
      output,
    );
    const end = parseQueryInstant(c.req.query('endDateTime') ?? c.req.query('enddatetime'), 'endDateTime', output);
    if (end <= start) throw graphErrors.badRequest('The endDateTime must be after the startDateTime.');
    return { start, end };
  }

  for (const owner of [`${GRAPH_BASE}/me`, `${GRAPH_BASE}/users/:userId`]) {
    for (const events of [`${owner}/events`, `${owner}/calendar/events`]) {
      app.get(events, (c) => {
        const view = viewOf(c);
        return c.json(listEvents(mailboxOf(c), new URL(c.req.url), view, c.req.header('Prefer')));
      });

      app.post(events, async (c) => {
        const ctx = writeContext(c);
        const event = createEvent(ctx, parseEventInput(await jsonBody(c)));
        return c.json(entity(c, ctx.mailbox, renderEvent(viewOf(c), event)), 201);
      });

      app.get(`${events}/:id`, (c) => {
        const mailbox = mailboxOf(c);
        return c.json(entity(c, mailbox, render(viewOf(c), resolveTarget(mailbox, c.req.param('id')))));
      });

      app.patch(`${events}/:id`, async (c) => {
        const ctx = writeContext(c);
        const input = parseEventInput(await jsonBody(c));
        const target = resolveTarget(ctx.mailbox, c.req.param('id'));
        checkIfMatch(target, c.req.header('If-Match'));
        updateTarget(ctx, target, input);
        return c.json(entity(c, ctx.mailbox, render(viewOf(c), resolveTarget(ctx.mailbox, c.req.param('id')))));
      });

      app.delete(`${events}/:id`, (c) => {
        const ctx = writeContext(c);
        const target = resolveTarget(ctx.mailbox, c.req.param('id'));
        checkIfMatch(target, c.req.header('If-Match'));
        deleteTarget(ctx, target);
        return c.body(null, 204);
      });

      app.get(`${events}/:id/instances`, (c) => {
        const mailbox = mailboxOf(c);
        const master = seriesMaster(mailbox, c.req.param('id'));
        const items = instanceItems(master, window(c));
        return c.json(listWindow(items, new URL(c.req.url), viewOf(c), c.req.header('Prefer'), mailbox, 'events'));
      });

      app.post(`${events}/:id/:action{accept|decline|tentativelyAccept}`, async (c) => {
        const ctx = writeContext(c);
        const body = (await jsonBody(c)) as { sendResponse?: unknown };
        const response = RESPONSES[c.req.param('action')];
        if (!response) throw graphErrors.itemNotFound();
        respond(ctx, resolveTarget(ctx.mailbox, c.req.param('id')), response, body.sendResponse !== false);
        return c.body(null, 202);
      });
    }

    for (const view of [`${owner}/calendarView`, `${owner}/calendar/calendarView`]) {
      app.get(view, (c) => {
        const mailbox = mailboxOf(c);
        const items = itemsInWindow(mailbox, window(c));
        return c.json(
          listWindow(items, new URL(c.req.url), viewOf(c), c.req.header('Prefer'), mailbox, 'calendarView'),
        );
      });

      app.get(`${view}/delta`, (c) => {
        const mailbox = mailboxOf(c);
        const request = { mailbox, url: new URL(c.req.url), view: viewOf(c), prefer: c.req.header('Prefer') };
        return c.json(delta.page(request, () => window(c)));
      });
    }
  }

  return app;
}

/** 412 `ErrorIrresolvableConflict` when `If-Match` names another version than the item's current one. */
function checkIfMatch(target: Target, ifMatch: string | undefined): void {
  if (ifMatch === undefined || ifMatch.trim() === '*') return;
  const version =
    target.kind === 'event'
      ? target.event.version
      : (target.instance.exception?.version ?? target.instance.master.version);
  const current = etagOf(version).replace(/^W\//, '');
  const sent = ifMatch.split(',').map((value) => value.trim().replace(/^W\//, ''));
  if (!sent.includes(current)) throw graphErrors.conflict();
}
