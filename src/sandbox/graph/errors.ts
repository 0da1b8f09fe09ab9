/**
 * Graph's JSON error format ("Microsoft Graph error responses and resource types", learn.microsoft.com/graph/errors):
 * `{ error: { code, message, innerError: { date, 'request-id', 'client-request-id' } } }`. Handlers throw
 * `GraphApiError`; the app's error handler writes it, so the Graph JS client raises the `GraphError` (with
 * `statusCode`, `code`, `requestId`) it would raise against Graph.
 */
import type { PublicError } from '@microsoft/microsoft-graph-types';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** The inner error Graph attaches to every error (the client reads `request-id` and `date` from it). */
export interface GraphInnerError {
  readonly date: string;
  readonly 'request-id': string;
  readonly 'client-request-id': string;
}

/** The body Graph answers an API error with. */
export interface GraphErrorBody {
  readonly error: Omit<PublicError, 'innerError'> & { readonly innerError: GraphInnerError };
}

/** An API error with the status, code and message Graph would send. */
export class GraphApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly code: string;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: ContentfulStatusCode, code: string, message: string, headers: Record<string, string> = {}) {
    super(message);
    this.name = 'GraphApiError';
    this.status = status;
    this.code = code;
    this.headers = headers;
  }

  /** The JSON body, stamped with the request's ids and the sandbox time. */
  body(requestId: string, clientRequestId: string, now: Date): GraphErrorBody {
    return {
      error: {
        code: this.code,
        message: this.message,
        // Graph writes `date` without fractional seconds: "2024-10-01T08:00:00".
        innerError: {
          date: now.toISOString().slice(0, 19),
          'request-id': requestId,
          'client-request-id': clientRequestId,
        },
      },
    };
  }
}

/** The errors the emulator raises, with the codes and messages Graph documents or is reported to send. */
export const graphErrors = {
  emptyToken: () =>
    new GraphApiError(401, 'InvalidAuthenticationToken', 'Access token is empty.', {
      'WWW-Authenticate': wwwAuthenticate(),
    }),
  invalidToken: () =>
    new GraphApiError(401, 'InvalidAuthenticationToken', 'Lifetime validation failed, the token is expired.', {
      'WWW-Authenticate': wwwAuthenticate(),
    }),
  accessDenied: (message = 'Access is denied. Check credentials and try again.') =>
    new GraphApiError(403, 'ErrorAccessDenied', message),
  itemNotFound: () => new GraphApiError(404, 'ErrorItemNotFound', 'The specified object was not found in the store.'),
  resourceNotFound: (message = 'The object was not found.') => new GraphApiError(404, 'ResourceNotFound', message),
  badRequest: (message: string) => new GraphApiError(400, 'BadRequest', message),
  invalidRequest: (message: string) => new GraphApiError(400, 'ErrorInvalidRequest', message),
  // Graph's own (not Exchange's) code for a malformed request, e.g. an http notificationUrl (microsoft-graph-docs#2751).
  invalidRequestCode: (message: string) => new GraphApiError(400, 'InvalidRequest', message),
  invalidProperty: (message: string) => new GraphApiError(400, 'ErrorInvalidProperty', message),
  invalidRecipients: () => new GraphApiError(400, 'ErrorInvalidRecipients', 'At least one recipient is not valid.'),
  invalidFilter: (message: string) => new GraphApiError(400, 'ErrorInvalidUrlQueryFilter', message),
  // "ErrorIrresolvableConflict — The send or update operation could not be performed because the change key passed
  // in the request does not match the current change key for the item." (412 Precondition Failed)
  conflict: () =>
    new GraphApiError(
      412,
      'ErrorIrresolvableConflict',
      'The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.',
    ),
  syncStateNotFound: () =>
    new GraphApiError(410, 'syncStateNotFound', 'The sync state is not found, a full resync is required.'),
  resyncRequired: () => new GraphApiError(410, 'resyncRequired', 'Resync required. Replace any local cached data.'),
  /** The same refusals as a 400: "a 40X-series error with error codes such as syncStateNotFound" (delta query overview). */
  syncStateNotFound400: () =>
    new GraphApiError(400, 'syncStateNotFound', 'The sync state is not found, a full resync is required.'),
  resyncRequired400: () => new GraphApiError(400, 'resyncRequired', 'Resync required. Replace any local cached data.'),
  validationError: (message: string) => new GraphApiError(400, 'ValidationError', message),
  methodNotAllowed: () =>
    new GraphApiError(405, 'Request_BadRequest', 'The HTTP method is not allowed on this resource.'),
  notImplemented: (message: string) => new GraphApiError(501, 'NotImplemented', message),
} as const;

/** Codes and messages for failures injected by `fail-next`, by status, when the control names no code. */
const INJECTED: Record<number, readonly [string, string]> = {
  400: ['BadRequest', 'Bad request.'],
  401: ['InvalidAuthenticationToken', 'Access token has expired or is not yet valid.'],
  403: ['ErrorAccessDenied', 'Access is denied. Check credentials and try again.'],
  404: ['ErrorItemNotFound', 'The specified object was not found in the store.'],
  409: ['ErrorIrresolvableConflict', 'Conflict.'],
  410: ['syncStateNotFound', 'The sync state is not found, a full resync is required.'],
  412: ['ErrorIrresolvableConflict', 'The change key passed in the request does not match the current change key.'],
  429: ['TooManyRequests', 'Application is over its MailboxConcurrency limit.'],
  500: ['generalException', 'An internal server error occurred.'],
  502: ['badGateway', 'Bad gateway.'],
  503: ['serviceNotAvailable', 'The service is temporarily unavailable.'],
  504: ['gatewayTimeout', 'The gateway timed out.'],
};

/** The error an injected fault answers with. */
export function injectedError(status: ContentfulStatusCode, code?: string, retryAfter?: string): GraphApiError {
  const [defaultCode, message] = INJECTED[status] ?? ['UnknownError', 'An error occurred.'];
  return new GraphApiError(status, code ?? defaultCode, message, retryAfter ? { 'Retry-After': retryAfter } : {});
}

// What Graph answers a bad token with: the resource (Graph's app id) and where to get a token.
function wwwAuthenticate(): string {
  return 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"';
}
