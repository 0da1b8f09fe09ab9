import type { MiddlewareHandler } from 'hono';
import { log } from '../../observability/log.ts';
import type { AppEnv } from '../app-deps.ts';

/** Paths whose segment after the first is a link token: `/a/{token}/…` (shared and personal agenda links). */
const TOKEN_PREFIXES: ReadonlySet<string> = new Set(['a']);
/**
 * Any other segment that looks like a token (43 base64url characters is a link token; 40 and more is taken to be
 * one): a token sent to a wrong or future path must not reach a log either.
 */
const TOKEN_LIKE = /^[A-Za-z0-9_-]{40,}$/;
/** Longest path a line carries: a junk request must not make a huge line. */
const MAX_PATH = 200;

/**
 * A request path as a log line may show it: the query dropped (OAuth's `code` and `state`, Graph's validationToken,
 * `?to=` addresses), every link token replaced by `:token`, and bounded in length.
 *
 * @example redactPath('/a/Zm9v…43 chars…/topics?x=1') // '/a/:token/topics'
 */
export function redactPath(pathWithQuery: string): string {
  const path = pathWithQuery.split(/[?#]/, 1)[0] ?? '';
  const segments = path.split('/');
  const redacted = segments.map((segment, i) => {
    if (i === 2 && segment !== '' && TOKEN_PREFIXES.has(segments[1] ?? '')) return ':token';
    return TOKEN_LIKE.test(segment) ? ':token' : segment;
  });
  const text = redacted.join('/');
  return text.length > MAX_PATH ? `${text.slice(0, MAX_PATH)}…` : text;
}

/**
 * Probes and scrapes: their lines are debug, so a load balancer asking every few seconds does not fill the log. And
 * webhooks: each has its own `webhook` line with the same request id, status and time, so a second line per
 * notification would only double the logging that bounds how many notifications a second one instance takes.
 */
const QUIET_PATHS: ReadonlySet<string> = new Set([
  '/healthz',
  '/readyz',
  '/metrics',
  '/webhooks/google',
  '/webhooks/microsoft',
  '/webhooks/microsoft/lifecycle',
]);

/**
 * One `http.request` line per request, when its answer is ready: the request id (X-Request-Id, set by the
 * request-id middleware before this one), method, redacted path, status and milliseconds. Successful probes,
 * scrapes and webhooks are logged at debug level.
 */
export function requestLog(): MiddlewareHandler<AppEnv> {
  return async function logRequest(c, next) {
    const started = performance.now();
    await next();
    const path = redactPath(new URL(c.req.url).pathname);
    const status = c.res.status;
    const line = {
      requestId: c.get('requestId'),
      method: c.req.method,
      path,
      status,
      ms: Math.round((performance.now() - started) * 10) / 10,
    };
    if (status >= 500) log.warn('http.request', line);
    else if (status < 400 && QUIET_PATHS.has(path)) log.debug('http.request', line);
    else log.info('http.request', line);
  };
}
