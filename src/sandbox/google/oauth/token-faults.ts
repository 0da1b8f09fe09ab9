/**
 * How Google's token endpoint refuses, for `fail-token`: `{error, error_description}` JSON ("Using OAuth 2.0 for
 * Web Server Applications"; RFC 6749 §5.2) — 400 `invalid_grant` "Token has been expired or revoked.", 401
 * `invalid_client` — and, when Google's side fails, 5xx `{"error": "internal_failure"}` (reported in
 * googleapis/google-auth-library-python#368 and googleapis/google-api-nodejs-client#2353) or, for a 502 from
 * Google's front end, its HTML "That's an error." page (googleapis/google-auth-library-python#1260). What Google
 * answers a throttled token request with is undocumented; the sandbox chooses 429 `rate_limit_exceeded`.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { TokenFaultBuilder } from '../../token-faults.ts';

/** Named errors: the status Google answers each with and its `error_description` (none for `internal_failure`). */
const NAMED: Record<string, readonly [ContentfulStatusCode, string | undefined]> = {
  invalid_grant: [400, 'Token has been expired or revoked.'],
  invalid_request: [400, 'Bad Request'],
  invalid_scope: [400, 'Some requested scopes were invalid.'],
  invalid_client: [401, 'The OAuth client was not found.'],
  unauthorized_client: [401, 'Unauthorized'],
  rate_limit_exceeded: [429, 'Rate Limit Exceeded'],
  internal_failure: [500, undefined],
};

/** The error a status alone stands for. */
const BY_STATUS: Record<number, string> = {
  400: 'invalid_grant',
  401: 'invalid_client',
  429: 'rate_limit_exceeded',
  500: 'internal_failure',
  503: 'internal_failure',
  504: 'internal_failure',
};

/** Builds Google's answer for a `fail-token` request. */
export const googleTokenFault: TokenFaultBuilder = ({ status, error, retryAfter }) => {
  const headers: Record<string, string> = {
    'Cache-Control': 'no-store',
    ...(retryAfter && { 'Retry-After': retryAfter }),
  };
  if (status === 502 && error === undefined) {
    return (c: Context) => c.html(FRONT_END_502, 502, headers);
  }
  const name = error ?? (status === undefined ? 'invalid_grant' : BY_STATUS[status]);
  if (name === undefined) return `no Google token error stands for status ${status}: name one with error=`;
  const [namedStatus, description] = NAMED[name] ?? [400, undefined];
  const answerStatus = status ?? namedStatus;
  const body = { error: name, ...(description !== undefined && { error_description: description }) };
  return (c: Context) => c.json(body, answerStatus, headers);
};

/** Google's front-end error page, as clients have logged it from the token endpoint. */
const FRONT_END_502 = `<!DOCTYPE html>
<html lang=en>
  <meta charset=utf-8>
  <title>Error 502 (Server Error)!!1</title>
  <p><b>502.</b> <ins>That’s an error.</ins>
  <p>The server encountered a temporary error and could not complete your request.<p>Please try again in 30 seconds.  <ins>That’s all we know.</ins>
`;
