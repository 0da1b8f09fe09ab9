/**
 * Google's JSON error format for Calendar v3 and Gmail v1, as listed in "Handle API errors"
 * (developers.google.com/workspace/calendar/api/guides/errors): `{ error: { code, message, errors: [{ domain,
 * reason, message, locationType?, location? }] } }`. Handlers throw `GoogleApiError`; the app's error handler
 * turns it into that body, so the real clients see the same `GaxiosError.response.data` they would from Google.
 */
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** One entry of `error.errors`. */
export interface GoogleErrorItem {
  readonly domain: string;
  readonly reason: string;
  readonly message: string;
  readonly locationType?: string;
  readonly location?: string;
}

/** The body Google answers an API error with. */
export interface GoogleErrorBody {
  readonly error: {
    readonly code: number;
    readonly message: string;
    readonly errors: readonly GoogleErrorItem[];
    /** The canonical status name; newer APIs (Gmail) send it, Calendar v3's documented examples do not. */
    readonly status?: string;
  };
}

interface ErrorDetails {
  readonly domain?: string;
  readonly locationType?: string;
  readonly location?: string;
  readonly status?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** An API error with the status, reason and message Google would send. */
export class GoogleApiError extends Error {
  readonly status: ContentfulStatusCode;
  readonly reason: string;
  readonly details: ErrorDetails;

  constructor(status: ContentfulStatusCode, reason: string, message: string, details: ErrorDetails = {}) {
    super(message);
    this.name = 'GoogleApiError';
    this.status = status;
    this.reason = reason;
    this.details = details;
  }

  /** The JSON body for this error. */
  body(): GoogleErrorBody {
    const { domain = 'global', locationType, location, status } = this.details;
    const item: GoogleErrorItem = {
      domain,
      reason: this.reason,
      message: this.message,
      ...(locationType !== undefined && { locationType }),
      ...(location !== undefined && { location }),
    };
    return { error: { code: this.status, message: this.message, errors: [item], ...(status && { status }) } };
  }
}

/** The errors the emulators raise, with Google's documented reasons and messages. */
export const googleErrors = {
  authError: () =>
    new GoogleApiError(401, 'authError', 'Invalid Credentials', {
      locationType: 'header',
      location: 'Authorization',
      headers: { 'WWW-Authenticate': 'Bearer realm="https://accounts.google.com/", error="invalid_token"' },
    }),
  insufficientScopes: () =>
    new GoogleApiError(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.', {
      status: 'PERMISSION_DENIED',
    }),
  notFound: () => new GoogleApiError(404, 'notFound', 'Not Found'),
  deleted: () => new GoogleApiError(410, 'deleted', 'Resource has been deleted'),
  invalid: (message: string, location?: string) =>
    new GoogleApiError(400, 'invalid', message, location ? { locationType: 'parameter', location } : {}),
  required: (message: string, location?: string) =>
    new GoogleApiError(400, 'required', message, location ? { locationType: 'parameter', location } : {}),
  timeRangeEmpty: (location: string) =>
    new GoogleApiError(400, 'timeRangeEmpty', 'The specified time range is empty.', {
      domain: 'calendar',
      locationType: 'parameter',
      location,
    }),
  parseError: () => new GoogleApiError(400, 'parseError', 'Parse Error'),
  duplicate: () => new GoogleApiError(409, 'duplicate', 'The requested identifier already exists.'),
  conditionNotMet: () =>
    new GoogleApiError(412, 'conditionNotMet', 'Precondition Failed', { locationType: 'header', location: 'If-Match' }),
  fullSyncRequired: () =>
    new GoogleApiError(410, 'fullSyncRequired', 'Sync token is no longer valid, a full sync is required.', {
      domain: 'calendar',
    }),
  forbiddenForNonOrganizer: () =>
    new GoogleApiError(
      403,
      'forbiddenForNonOrganizer',
      'Shared properties can only be changed by the organizer of the event.',
      {
        domain: 'calendar',
      },
    ),
  forbidden: (message: string) => new GoogleApiError(403, 'forbidden', message),
  /**
   * events.watch to a plain-http address. "Push notifications" asks for an HTTPS receiver with a valid certificate;
   * clients log Google's refusal as 400 `push.webhookUrlNotHttps` "WebHook callback must be HTTPS: {address}".
   */
  webhookUrlNotHttps: (address: string) =>
    new GoogleApiError(400, 'push.webhookUrlNotHttps', `WebHook callback must be HTTPS: ${address}`),
} as const;

/** Messages of the reasons a fault may name ("Handle API errors" for Calendar; Gmail's "Resolve errors"). */
const INJECTED_MESSAGES: Readonly<Record<string, string>> = {
  rateLimitExceeded: 'Rate Limit Exceeded',
  userRateLimitExceeded: 'User Rate Limit Exceeded',
  quotaExceeded: 'Quota Exceeded',
  dailyLimitExceeded: 'Daily Limit Exceeded',
  backendError: 'Backend Error',
  insufficientPermissions: 'Request had insufficient authentication scopes.',
};

/** Reasons Google files under the `usageLimits` domain. */
const USAGE_LIMITS = ['rateLimitExceeded', 'userRateLimitExceeded', 'quotaExceeded', 'dailyLimitExceeded'];

/** Which API a fault hits: Gmail's 429 differs from Calendar's documented one. */
export type GoogleApi = 'calendar' | 'gmail';

/**
 * The error an injected fault (`/sandbox/control/google/fail-next`) answers with, by status and reason: 403/429
 * default to `rateLimitExceeded`, others to `backendError`. Gmail's 429 is the body Gmail sends when a user's quota
 * is used up — `"Resource has been exhausted (e.g. check quota)."` in the `global` domain with status
 * `RESOURCE_EXHAUSTED` (as logged in elie222/inbox-zero#379). `insufficientPermissions` is the emulator's own 403
 * for a token without the scope.
 */
export function injectedError(
  status: ContentfulStatusCode,
  reason: string | undefined,
  retryAfter?: string,
  api: GoogleApi = 'calendar',
): GoogleApiError {
  const headers = retryAfter ? { 'Retry-After': retryAfter } : undefined;
  const named = reason ?? (status === 429 || status === 403 ? 'rateLimitExceeded' : 'backendError');
  if (api === 'gmail' && status === 429 && named === 'rateLimitExceeded') {
    return new GoogleApiError(429, named, 'Resource has been exhausted (e.g. check quota).', {
      status: 'RESOURCE_EXHAUSTED',
      ...(headers && { headers }),
    });
  }
  const canonical = api !== 'gmail' ? undefined : named === 'insufficientPermissions' ? 'PERMISSION_DENIED' : undefined;
  return new GoogleApiError(status, named, INJECTED_MESSAGES[named] ?? named, {
    domain: USAGE_LIMITS.includes(named) ? 'usageLimits' : 'global',
    ...(canonical && { status: canonical }),
    ...(headers && { headers }),
  });
}
