import { Client, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import type { AccountSession } from '../provider.ts';
import { msSince, type ProviderCallObserver } from '../provider-calls.ts';
import { failedToConnect, PROVIDER_TIMEOUT_MS } from '../provider-error.ts';

/**
 * A Graph client for one account, built with an explicit middleware chain: our own auth middleware, then the HTTP
 * handler. The library's defaults do not fit: its auth middleware only sends the token to https Graph hosts (and
 * strips it for the sandbox), and its retry handler re-sends POSTs such as sendMail on 429/503. Retries are the
 * tick's decision. Every request that goes out is reported to `observe`, if given.
 */
export function graphClient(
  session: AccountSession,
  graphRoot: string,
  timeoutMs = PROVIDER_TIMEOUT_MS,
  observe?: ProviderCallObserver,
): Client {
  const auth: Middleware & { next?: Middleware } = {
    async execute(context: Context) {
      const headers = new Headers(context.options?.headers as HeadersInit | undefined);
      headers.set('Authorization', `Bearer ${await session.accessToken()}`);
      // Times in UTC, whatever the mailbox's zone: one way to read every dateTime. Other preferences a call states
      // (odata.maxpagesize) go in the same header (RFC 7240: one Prefer, comma-separated).
      const prefer = headers.get('Prefer') ?? '';
      if (!/outlook\.timezone/i.test(prefer)) {
        headers.set('Prefer', [prefer, 'outlook.timezone="UTC"'].filter((p) => p !== '').join(', '));
      }
      // No call may hang a tick: each gives up after `timeoutMs`.
      context.options = {
        ...context.options,
        headers: Object.fromEntries(headers.entries()),
        signal: context.options?.signal ?? AbortSignal.timeout(timeoutMs),
      };
      await auth.next?.execute(context);
    },
    setNext(next: Middleware) {
      auth.next = next;
    },
  };
  auth.setNext?.(observe ? observing(graphRoot, observe) : http);
  return Client.initWithMiddleware({ middleware: auth, baseUrl: graphRoot, defaultVersion: 'v1.0' });
}

/** The name a refused connection travels under: the Graph client keeps only an error's name (as its `code`). */
export const CONNECT_FAILED = 'ConnectFailed';

/**
 * The HTTP step, as the library's HTTPMessageHandler does it (one fetch), except that a connection that could not be
 * made is told apart: the client turns any thrown error into a GraphError keeping only its name, and a send that
 * never left may be tried again where one that broke midway may not.
 */
const http: Middleware = {
  async execute(context: Context) {
    try {
      context.response = await fetch(context.request, context.options);
    } catch (error) {
      if (!failedToConnect(error)) throw error;
      throw Object.assign(new Error(`could not connect: ${(error as Error).message}`, { cause: error }), {
        name: CONNECT_FAILED,
      });
    }
  },
};

/**
 * The HTTP step, timed and reported: one report per request that went out (the token is fetched before, in the auth
 * step, so a refresh is not counted as this call).
 */
function observing(graphRoot: string, observe: ProviderCallObserver): Middleware {
  return {
    async execute(context: Context) {
      const url = typeof context.request === 'string' ? context.request : context.request.url;
      const operation = graphOperation(context.options?.method ?? 'GET', url, graphRoot);
      const started = performance.now();
      const report = (status: number | 'error', throttled: boolean) =>
        observe({ provider: 'microsoft', operation, status, throttled, ms: msSince(started) });
      try {
        await http.execute(context);
      } catch (error) {
        report('error', false);
        throw error;
      }
      const status = context.response?.status ?? 'error';
      // Graph throttles with 429, and with 503 plus Retry-After ("Microsoft Graph throttling guidance").
      report(status, status === 429 || (status === 503 && context.response?.headers.has('retry-after') === true));
    },
  };
}

/** Collections whose next path segment is an item's id. */
const ID_AFTER = new Set(['events', 'subscriptions', 'messages', 'calendars', 'users', 'instances']);

/**
 * What a Graph request asked, with ids and the query left out so the vocabulary stays small:
 * `GET me/events/{id}/instances`, `POST me/sendMail`, `PATCH subscriptions/{id}`.
 */
export function graphOperation(method: string, url: string, graphRoot: string): string {
  const path = url.startsWith(graphRoot) ? url.slice(graphRoot.length) : new URL(url).pathname;
  const segments = path
    .split(/[?#]/, 1)[0]!
    .split('/')
    .filter((s) => s !== '' && s !== 'v1.0');
  const named = segments.map((segment, i) =>
    i > 0 && ID_AFTER.has(segments[i - 1]!.toLowerCase()) ? '{id}' : segment,
  );
  return `${method.toUpperCase()} ${named.join('/')}`;
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
