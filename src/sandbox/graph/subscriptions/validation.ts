/**
 * The notification endpoint validation handshake (Graph "Set up notifications for changes in resource data":
 * "Microsoft Graph sends a POST request to the notification URL … ?validationToken={opaqueTokenCreatedByMicrosoftGraph}";
 * the endpoint must answer "within 10 seconds" with "200 OK", "text/plain" and "the validation token" decoded).
 * The token is text with spaces and colons, as Graph's are, so an endpoint that echoes it undecoded fails here too.
 */
import type { Deliver } from '../../deliveries.ts';

/** Graph waits this long for the endpoint's answer. */
export const VALIDATION_TIMEOUT_MS = 10_000;

/** Why a handshake failed, in the words Graph answers the subscription request with. */
export type ValidationFailure = 'timeout' | 'rejected';

/** POSTs the validation request to a URL; resolves to undefined when the endpoint answered as required. */
export async function validateEndpoint(
  deliver: Deliver,
  url: string,
  timeoutMs = VALIDATION_TIMEOUT_MS,
): Promise<ValidationFailure | undefined> {
  const token = `Validation: Testing client application reachability for subscription Request-Id: ${crypto.randomUUID()}`;
  const target = new URL(url);
  target.searchParams.set('validationToken', token);
  const request = new Request(target, {
    method: 'POST',
    headers: { 'Content-Type': 'text/plain; charset=utf-8' },
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const answer = await Promise.race([deliver(request).catch(() => undefined), timeout]);
    if (answer === 'timeout') return 'timeout';
    if (!answer) return 'rejected';
    const type = answer.headers.get('Content-Type') ?? '';
    const text = await answer.text();
    return answer.status === 200 && type.toLowerCase().startsWith('text/plain') && text === token
      ? undefined
      : 'rejected';
  } finally {
    clearTimeout(timer);
  }
}

/** The message Graph fails a subscription request with when validation failed. */
export function validationMessage(failure: ValidationFailure): string {
  return failure === 'timeout'
    ? 'Subscription validation request timed out.'
    : 'Subscription validation request failed. Notification endpoint must respond with 200 OK to validation request.';
}
