import { describe, expect, it } from 'vitest';
import { toProviderError } from '../../../src/providers/google/google-errors.ts';

/** A GaxiosError as googleapis throws it: the response with Google's error body. */
function gaxios(status: number, reason: string, headers: Record<string, string> = {}) {
  return Object.assign(new Error(`${status} ${reason}`), {
    status,
    response: { status, headers, data: { error: { code: status, message: reason, errors: [{ reason }] } } },
  });
}

describe('Google errors in the terms the lifecycle acts on', () => {
  it.each([
    [429, 'rateLimitExceeded', 'rate-limit'],
    [403, 'userRateLimitExceeded', 'rate-limit'],
    [403, 'dailyLimitExceeded', 'rate-limit'],
    [403, 'insufficientPermissions', 'auth'],
    [403, 'forbiddenForNonOrganizer', 'forbidden'],
    [400, 'invalidArgument', 'invalid'],
    [412, 'conditionNotMet', 'conflict'],
    [410, 'fullSyncRequired', 'gone'],
    [500, 'backendError', 'transient'],
  ])('maps %i %s to %s', (status, reason, kind) => {
    expect(toProviderError(gaxios(status, reason), 'events.patch').kind).toBe(kind);
  });

  it('honours Retry-After on a throttled call', () => {
    expect(toProviderError(gaxios(429, 'rateLimitExceeded', { 'retry-after': '2' }), 'x').details.retryAfterMs).toBe(
      2000,
    );
  });

  it('names the permission an unticked scope left out (granular consent)', () => {
    const error = gaxios(403, 'insufficientPermissions');
    expect(toProviderError(error, 'gmail.messages.send').details.permission).toBe('Send email on your behalf (Gmail)');
    expect(toProviderError(error, 'events.list').details.permission).toContain('Google Calendar');
  });

  it('tells a connection that was never made (nothing sent) from one that broke after the request went out', () => {
    const network = (code: string) => Object.assign(new Error(`request failed: ${code}`), { code });
    expect(toProviderError(network('ECONNREFUSED'), 'gmail.messages.send').details.notSent).toBe(true);
    expect(toProviderError(network('ECONNRESET'), 'gmail.messages.send').details.notSent).toBeUndefined();
    expect(toProviderError(network('ECONNRESET'), 'gmail.messages.send').kind).toBe('transient');
  });
});
