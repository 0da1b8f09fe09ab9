/**
 * The Hono environment the Graph emulator's routes share: the caller once authenticated, and the error handler that
 * writes `GraphApiError`s in Graph's format with the `request-id` Graph stamps on every response.
 */
import type { Context, ErrorHandler, MiddlewareHandler } from 'hono';
import { GraphApiError, graphErrors } from './errors.ts';

/** Variables set by the emulator's middleware. */
export interface GraphEnv {
  Variables: {
    /** The authenticated caller's email (or, at the token endpoint, the user a grant belongs to). */
    user?: string;
    /** Graph's `request-id` for this call. */
    requestId?: string;
  };
}

/** The authenticated caller; 401 when the auth middleware did not run or found no one. */
export function callerOf(c: Context<GraphEnv>): string {
  const user = c.get('user');
  if (user === undefined) throw graphErrors.emptyToken();
  return user;
}

/** Middleware: gives every call a `request-id` (and echoes `client-request-id`), as Graph's responses carry. */
export const requestIds: MiddlewareHandler<GraphEnv> = async function requestIds(c, next) {
  const requestId = crypto.randomUUID();
  c.set('requestId', requestId);
  await next();
  c.header('request-id', requestId);
  c.header('client-request-id', c.req.header('client-request-id') ?? requestId);
};

/** Writes a thrown `GraphApiError` as Graph's JSON error; anything else is a 500 `generalException`, logged. */
export function graphErrorHandler(clock: () => Date): ErrorHandler<GraphEnv> {
  return (error, c) => {
    const requestId = c.get('requestId') ?? crypto.randomUUID();
    const clientRequestId = c.req.header('client-request-id') ?? requestId;
    const known =
      error instanceof GraphApiError
        ? error
        : new GraphApiError(500, 'generalException', 'An internal server error occurred.');
    // A bug in the emulator: answer as Graph would, and keep the cause visible to whoever runs the tests.
    if (!(error instanceof GraphApiError)) console.error('sandbox: unexpected error', error);
    for (const [name, value] of Object.entries(known.headers)) c.header(name, value);
    return c.json(known.body(requestId, clientRequestId, clock()), known.status);
  };
}

/** Reads a JSON request body; 400 `BadRequest` when it is not JSON. */
export async function jsonBody(c: Context<GraphEnv>): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Graph answers unparsable JSON with a generic BadRequest; the parser's message adds nothing for a client.
    throw graphErrors.badRequest(
      'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.',
    );
  }
}
