import { Client, type Context, HTTPMessageHandler, type Middleware } from '@microsoft/microsoft-graph-client';
import type { AccountSession } from '../provider.ts';

/**
 * A Graph client for one account, built with an explicit middleware chain: our own auth middleware, then the HTTP
 * handler. The library's defaults do not fit: its auth middleware only sends the token to https Graph hosts (and
 * strips it for the sandbox), and its retry handler re-sends POSTs such as sendMail on 429/503. Retries are the
 * tick's decision.
 */
export function graphClient(session: AccountSession, graphRoot: string): Client {
  const auth: Middleware & { next?: Middleware } = {
    async execute(context: Context) {
      const headers = new Headers(context.options?.headers as HeadersInit | undefined);
      headers.set('Authorization', `Bearer ${await session.accessToken()}`);
      // Times in UTC, whatever the mailbox's zone: one way to read every dateTime.
      if (!headers.has('Prefer')) headers.set('Prefer', 'outlook.timezone="UTC"');
      context.options = { ...context.options, headers: Object.fromEntries(headers.entries()) };
      await auth.next?.execute(context);
    },
    setNext(next: Middleware) {
      auth.next = next;
    },
  };
  auth.setNext?.(new HTTPMessageHandler());
  return Client.initWithMiddleware({ middleware: auth, baseUrl: graphRoot, defaultVersion: 'v1.0' });
}

/**
 * A nextLink or deltaLink as a path the client accepts: the client appends absolute URLs to its base (a known
 * trap), so everything up to and including the version segment is cut off.
 */
export function relativeLink(link: string, graphRoot: string): string {
  const prefix = `${graphRoot}v1.0`;
  if (link.startsWith(prefix)) return link.slice(prefix.length);
  const url = new URL(link);
  return url.pathname.replace(/^.*?\/v1\.0/, '') + url.search;
}
