/**
 * `/sandbox/graph/v1.0/subscriptions`: create (201, after the validation handshake), list, get, update
 * (`expirationDateTime` renews), delete (204) and reauthorize (204), each on the caller's own subscriptions.
 */
import { Hono } from 'hono';
import { GRAPH_BASE } from '../calendar/routes.ts';
import type { GraphStore } from '../calendar/store.ts';
import { callerOf, type GraphEnv, jsonBody } from '../context.ts';
import type { Subscriptions } from './subscriptions.ts';

/** The subscription routes (authentication and faults are applied by the caller). */
export function subscriptionRoutes(subscriptions: Subscriptions, store: GraphStore): Hono<GraphEnv> {
  const app = new Hono<GraphEnv>();
  const base = `${GRAPH_BASE}/subscriptions`;
  const context = (url: string, suffix = '') => `${new URL(url).origin}${GRAPH_BASE}/$metadata#subscriptions${suffix}`;

  app.post(base, async (c) => {
    const owner = callerOf(c);
    const subscription = await subscriptions.create(owner, store.mailbox(owner).userId, await jsonBody(c));
    return c.json({ '@odata.context': context(c.req.url, '/$entity'), ...subscription }, 201);
  });

  app.get(base, (c) => c.json({ '@odata.context': context(c.req.url), value: subscriptions.list(callerOf(c)) }));

  app.get(`${base}/:id`, (c) =>
    c.json({ '@odata.context': context(c.req.url, '/$entity'), ...subscriptions.get(callerOf(c), c.req.param('id')) }),
  );

  app.patch(`${base}/:id`, async (c) => {
    const subscription = subscriptions.renew(callerOf(c), c.req.param('id'), await jsonBody(c));
    return c.json({ '@odata.context': context(c.req.url, '/$entity'), ...subscription });
  });

  app.delete(`${base}/:id`, (c) => {
    subscriptions.remove(callerOf(c), c.req.param('id'));
    return c.body(null, 204);
  });

  app.post(`${base}/:id/reauthorize`, (c) => {
    subscriptions.reauthorize(callerOf(c), c.req.param('id'));
    return c.body(null, 204);
  });

  return app;
}
