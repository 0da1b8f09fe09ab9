/**
 * "Processed, then the connection dropped", shared by the provider emulators: `drop-after?email=&count=` makes the
 * user's next `count` API calls run as usual — the event written, the mail delivered, the call counted with its
 * real status — and then answers none of them: the TCP connection is reset instead, so the client sees a network
 * error (ECONNRESET) after its request went out and cannot know whether the provider acted. This is the failure a
 * sender must treat as "outcome unknown" (Gmail send has no idempotency key; neither has Graph's sendMail).
 *
 * Node only. The socket is reached through @hono/node-server: its `HttpBindings` (`c.env.incoming`, when the entry
 * point hands `app.fetch` the bindings), or else the Node request its own `Request` object carries. Under workerd, or
 * through `app.request()`, there is no socket: the control answers 501 there rather than pretend.
 */
import type { Context, Env, Handler, MiddlewareHandler } from 'hono';
import { bad, countParam, emailParam } from './controls.ts';
import { createPendingTable, type Pending, type PendingTable } from './pending.ts';

/** Drops waiting for a user's next API calls. */
export type Drops = PendingTable<Pending>;

/** Creates an empty drop table. */
export function createDrops(): Drops {
  return createPendingTable<Pending>();
}

/** The part of a Node `net.Socket` a drop uses, declared here so the sandbox needs no Node types to bundle. */
interface ResettableSocket {
  /** Sends a TCP RST and destroys the socket (Node ≥ 16.17): the peer reads ECONNRESET. */
  resetAndDestroy(): unknown;
}

function isResettable(value: unknown): value is ResettableSocket {
  return typeof value === 'object' && value !== null && typeof Reflect.get(value, 'resetAndDestroy') === 'function';
}

/** The socket of the Node request behind this call, when the sandbox is served by @hono/node-server. */
function socketOf(c: Context): ResettableSocket | undefined {
  const bindings: unknown = c.env;
  const incoming = typeof bindings === 'object' && bindings !== null ? Reflect.get(bindings, 'incoming') : undefined;
  const fromBindings = typeof incoming === 'object' && incoming !== null ? Reflect.get(incoming, 'socket') : undefined;
  if (isResettable(fromBindings)) return fromBindings;
  // An entry point that calls `app.fetch(request)` without the bindings (test/support/service.ts does) still passes
  // @hono/node-server's own Request, which keeps the Node request under its private `incomingKey` symbol. That is
  // an internal of the library: test/sandbox/drop-after.test.ts serves the sandbox both ways, so an upgrade that
  // moves it fails there rather than in the product's tests.
  const raw = c.req.raw;
  const key = Object.getOwnPropertySymbols(raw).find((symbol) => symbol.description === 'incomingKey');
  const nodeRequest: unknown = key === undefined ? undefined : Reflect.get(raw, key);
  const socket =
    typeof nodeRequest === 'object' && nodeRequest !== null ? Reflect.get(nodeRequest, 'socket') : undefined;
  return isResettable(socket) ? socket : undefined;
}

/**
 * Middleware, outermost on the API routes: lets the call run to the end, then, when the caller has a drop pending,
 * resets the connection instead of answering. `identify` names the caller once the inner middleware has run.
 */
export function dropAfterProcessing<E extends Env>(
  drops: Drops,
  identify: (c: Context<E>) => string | undefined,
): MiddlewareHandler<E> {
  return async function dropAfterProcessing(c, next) {
    await next();
    const user = identify(c);
    if (user === undefined || !drops.take(user)) return;
    const socket = socketOf(c);
    if (!socket) {
      // The control refused this setup, so only a sandbox served two ways at once gets here: say so loudly.
      c.res = c.json({ error: 'drop-after: this call was processed, but there is no Node socket to drop' }, 501);
      return;
    }
    // Nothing of the answer has been written yet (@hono/node-server writes once the app has returned), so the
    // client reads a reset where the status line would be.
    socket.resetAndDestroy();
  };
}

/** `drop-after?email=&count=`: the user's next `count` API calls are processed, then their connection is reset. */
export function dropAfterHandler(drops: Drops): Handler {
  return (c) => {
    const email = emailParam(c);
    const count = countParam(c);
    if (!email) return bad(c, 'the query needs ?email=');
    if (count === undefined) return bad(c, 'count must be a whole number');
    if (count === 0) {
      drops.clear(email);
      return c.json({ email, cleared: true });
    }
    if (!socketOf(c)) {
      return c.json(
        {
          error: 'drop-after needs the sandbox served by @hono/node-server (Node): there is no connection to drop here',
        },
        501,
      );
    }
    drops.add(email, { remaining: count });
    return c.json({ email, count });
  };
}
