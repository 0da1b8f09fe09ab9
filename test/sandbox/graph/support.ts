/**
 * The real `@microsoft/microsoft-graph-client` pointed at the sandbox, as ENGINEERING.md prescribes: built with
 * `Client.initWithMiddleware` and an explicit chain (a tiny auth middleware, then `HTTPMessageHandler`), because the
 * library's default auth middleware strips the token from non-https hosts and `Client.init` with an http base sends
 * none. Absolute nextLinks / deltaLinks are turned into paths before `client.api()`, which mis-parses http URLs.
 */

import {
  Client,
  type Context,
  GraphError,
  HTTPMessageHandler,
  type Middleware,
} from '@microsoft/microsoft-graph-client';
import type { ChangeNotificationCollection, Event } from '@microsoft/microsoft-graph-types';
import { expect } from 'vitest';

export { type RunningSandbox, startSandbox, testClock } from '../support.ts';

/** A Graph client acting as `user` (a `sandbox:` token), or with whatever token `token()` returns. */
export function graphClient(base: string, as: string | (() => string)): Client {
  const token = typeof as === 'string' ? () => `sandbox:${as}` : as;
  const auth: Middleware & { next?: Middleware } = {
    async execute(context: Context) {
      const headers = new Headers(context.options?.headers as HeadersInit | undefined);
      headers.set('Authorization', `Bearer ${token()}`);
      context.options = { ...context.options, headers: Object.fromEntries(headers.entries()) };
      await auth.next?.execute(context);
    },
    setNext(next: Middleware) {
      auth.next = next;
    },
  };
  auth.setNext?.(new HTTPMessageHandler());
  return Client.initWithMiddleware({ middleware: auth, baseUrl: `${base}/sandbox/graph/`, defaultVersion: 'v1.0' });
}

/** An absolute `@odata.nextLink` / `@odata.deltaLink` as a path the client accepts. */
export function relative(link: string): string {
  const url = new URL(link);
  expect(url.pathname.startsWith('/sandbox/graph/v1.0/')).toBe(true);
  return url.pathname.slice('/sandbox/graph/v1.0'.length) + url.search;
}

/** Awaits a call expected to fail with Graph's error, and returns the client's `GraphError`. */
export async function expectGraphError(call: Promise<unknown>, status: number, code: string): Promise<GraphError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GraphError);
  const failure = error as GraphError;
  expect(failure.statusCode).toBe(status);
  expect(failure.code).toBe(code);
  return failure;
}

/** POSTs to a Microsoft control endpoint and returns its JSON. */
export async function control(base: string, path: string, query: Record<string, string>): Promise<unknown> {
  const response = await fetch(`${base}/sandbox/control/microsoft/${path}?${new URLSearchParams(query)}`, {
    method: 'POST',
  });
  expect(response.status).toBe(200);
  return response.json();
}

/** One notification POST a webhook received. */
export interface Received {
  readonly url: string;
  readonly body: ChangeNotificationCollection;
}

/**
 * A `deliver` that plays the webhook endpoints: it answers validation requests by echoing the decoded token as
 * `text/plain` (unless `refuse` says otherwise for that URL), records them, and records every notification.
 */
export function webhooks(options: { refuse?: (url: string) => boolean; status?: (url: string) => number } = {}) {
  const validations: { url: string; token: string; contentType: string | null }[] = [];
  const received: Received[] = [];
  const deliver = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    const token = url.searchParams.get('validationToken');
    const endpoint = `${url.origin}${url.pathname}`;
    if (token !== null) {
      validations.push({ url: endpoint, token, contentType: request.headers.get('content-type') });
      if (options.refuse?.(endpoint)) return new Response('nope', { status: 403 });
      return new Response(token, { status: 200, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
    }
    received.push({ url: endpoint, body: (await request.json()) as ChangeNotificationCollection });
    return new Response(null, { status: options.status?.(endpoint) ?? 202 });
  };
  return { deliver, validations, received };
}

/** A whole-hour instant in ISO form, for readable expectations. */
export function utc(iso: string): string {
  return new Date(iso).toISOString();
}

/** One page of a Graph collection. */
export type Page<T = Event> = { value: T[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string };

/** Creates a recurring series as `as` (the `body` supplies times and recurrence). */
export async function createSeries(base: string, as: string, body: object): Promise<Event> {
  return graphClient(base, as)
    .api('/me/events')
    .post({ subject: 'series', ...body });
}
