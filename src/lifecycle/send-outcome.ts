import { ProviderError } from '../providers/provider-error.ts';

/**
 * What a failed send means for the prompt, judged by what the provider could have done with it:
 * - `retry`: it cannot have gone out (throttled — a throttled request is not processed —, or the connection was
 *   never made): try again, honouring Retry-After, up to a cap;
 * - `unknown`: it may have gone out (a 5xx, a timeout or a dropped connection after the request was written):
 *   never resent blindly; the sender sees it and may send it again;
 * - `refused`: the provider refused it for good (a bad recipient, mail disabled, a malformed message): not retried;
 *   the sender sees why;
 * - `auth`: the account cannot send until the person reconnects (a dead grant, a permission left unticked): the
 *   prompt waits and goes out after reconnecting.
 */
export type SendOutcome =
  | { readonly kind: 'retry'; readonly retryAfterMs: number | undefined }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'refused' }
  | { readonly kind: 'auth'; readonly error: ProviderError };

/** Classifies whatever a send threw. Anything that is not a provider's answer may have gone out: `unknown`. */
export function sendOutcome(error: unknown): SendOutcome {
  if (!(error instanceof ProviderError)) return { kind: 'unknown' };
  const { kind, details } = error;
  if (kind === 'auth') return { kind: 'auth', error };
  if (kind === 'rate-limit') return { kind: 'retry', retryAfterMs: details.retryAfterMs };
  if (kind === 'transient') {
    // Graph throttles with 503 + Retry-After too; a refused connection carried nothing.
    if (details.notSent || (details.status === 503 && details.retryAfterMs !== undefined)) {
      return { kind: 'retry', retryAfterMs: details.retryAfterMs };
    }
    return { kind: 'unknown' };
  }
  return { kind: 'refused' };
}
