/**
 * The Hono environment the Google emulator's routes share: the caller's email once authenticated, and the error
 * handler that writes `GoogleApiError`s in Google's format.
 */
import type { Context, ErrorHandler } from 'hono';
import { GoogleApiError, googleErrors } from './errors.ts';

/** Variables set by the emulator's middleware. */
export interface GoogleEnv {
  Variables: {
    /** The authenticated caller (or, at the token endpoint, the user a grant belongs to). */
    user?: string;
  };
}

/** The authenticated caller; 401 when the auth middleware did not run or found no one. */
export function callerOf(c: Context<GoogleEnv>): string {
  const user = c.get('user');
  if (user === undefined) throw googleErrors.authError();
  return user;
}

/** Writes a thrown `GoogleApiError` as Google's JSON error; anything else is a 500 `backendError`, logged. */
export const googleErrorHandler: ErrorHandler<GoogleEnv> = (error, c) => {
  if (error instanceof GoogleApiError) {
    for (const [name, value] of Object.entries(error.details.headers ?? {})) c.header(name, value);
    return c.json(error.body(), error.status);
  }
  // A bug in the emulator: say so as Google would, and keep the cause visible to whoever runs the tests.
  console.error('sandbox: unexpected error', error);
  return c.json(new GoogleApiError(500, 'backendError', 'Backend Error').body(), 500);
};

/** Reads a JSON request body; 400 `parseError` when it is not JSON. */
export async function jsonBody(c: Context<GoogleEnv>): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Google answers unparsable bodies with `parseError`; the JSON error itself carries nothing more useful.
    throw googleErrors.parseError();
  }
}
