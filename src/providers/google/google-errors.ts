import { failedToConnect, kindForStatus, ProviderError } from '../provider-error.ts';
import { GOOGLE_PERMISSIONS } from './scopes.ts';

/** The permissions as Google's consent screen words them, with the product they belong to. */
const [CALENDAR, GMAIL] = GOOGLE_PERMISSIONS;
const GMAIL_PERMISSION = `${GMAIL.consentText} (Gmail)`;
const CALENDAR_PERMISSION = `${CALENDAR.consentText} (Google Calendar)`;

/** The parts of a GaxiosError this module reads (declared here rather than importing gaxios' type). */
interface GaxiosLike {
  readonly status?: number;
  readonly code?: string | number;
  readonly message: string;
  readonly response?: { readonly status?: number; readonly data?: unknown; readonly headers?: unknown };
}

/** Google's error body: `{error: {code, message, errors: [{reason}]}}`; OAuth errors: `{error, error_description}`. */
function reasonOf(data: unknown): string | undefined {
  if (typeof data !== 'object' || data === null) return undefined;
  const error = (data as { error?: unknown }).error;
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const errors = (error as { errors?: { reason?: string }[] }).errors;
    return errors?.[0]?.reason;
  }
  return undefined;
}

function retryAfterMs(headers: unknown): number | undefined {
  // gaxios hands over a Headers (possibly another realm's, so no instanceof) or a plain object.
  const get = (name: string): string | null | undefined =>
    typeof (headers as Headers | undefined)?.get === 'function'
      ? (headers as Headers).get(name)
      : (headers as Record<string, string> | undefined)?.[name];
  const value = get('retry-after');
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/**
 * Turns whatever a googleapis call threw into a ProviderError the lifecycle can act on. Google signals throttling
 * as 429 or as 403 with reason rateLimitExceeded/userRateLimitExceeded; quotaExceeded wants a long pause.
 */
export function toProviderError(error: unknown, doing: string): ProviderError {
  if (error instanceof ProviderError) return error;
  const e = error as GaxiosLike;
  const status = e.response?.status ?? (typeof e.status === 'number' ? e.status : undefined);
  const reason = reasonOf(e.response?.data);
  const details = {
    ...(status !== undefined ? { status } : {}),
    ...(reason !== undefined ? { reason } : {}),
    ...(status === undefined && failedToConnect(error) ? { notSent: true } : {}),
  };
  const message = `Google ${doing} failed${status ? ` (${status}${reason ? ` ${reason}` : ''})` : ''}: ${e.message}`;
  const make = (kind: ProviderError['kind'], extra: { retryAfterMs?: number; permission?: string } = {}) =>
    new ProviderError(kind, message, { ...details, ...extra }, { cause: error });

  if (status === 429 || reason === 'rateLimitExceeded' || reason === 'userRateLimitExceeded') {
    const wait = retryAfterMs(e.response?.headers);
    return make('rate-limit', wait !== undefined ? { retryAfterMs: wait } : {});
  }
  if (reason === 'quotaExceeded' || reason === 'dailyLimitExceeded') {
    return make('rate-limit', { retryAfterMs: 3600_000 });
  }
  // The person unticked a permission on Google's consent screen (granular consent): only they can give it back.
  if (reason === 'insufficientPermissions' || reason === 'ACCESS_TOKEN_SCOPE_INSUFFICIENT') {
    return make('auth', { permission: doing.startsWith('gmail') ? GMAIL_PERMISSION : CALENDAR_PERMISSION });
  }
  return make(kindForStatus(status, reason));
}
