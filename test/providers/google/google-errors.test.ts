import { describe, expect, it } from 'vitest';
import { toProviderError } from '../../../src/providers/google/google-errors.ts';

/** A GaxiosError's shape, with Google's documented error body. */
const gaxios = (status: number, reason?: string, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`status ${status}`), {
    status,
    response: {
      status,
      headers,
      data: reason === 'invalid_grant' ? { error: reason } : { error: { code: status, errors: [{ reason }] } },
    },
  });

describe('Google errors in the terms the lifecycle acts on', () => {
  it.each([
    [429, 'rateLimitExceeded', 'rate-limit'],
    [403, 'rateLimitExceeded', 'rate-limit'],
    [403, 'userRateLimitExceeded', 'rate-limit'],
    [403, 'quotaExceeded', 'rate-limit'],
    [403, 'forbiddenForNonOrganizer', 'forbidden'],
    [412, 'conditionNotMet', 'conflict'],
    [410, 'fullSyncRequired', 'gone'],
    [404, 'notFound', 'not-found'],
    [401, 'authError', 'auth'],
    [400, 'invalid_grant', 'auth'],
    [400, 'invalid', 'invalid'],
    [500, 'backendError', 'transient'],
    [503, undefined, 'transient'],
  ])('%i %s is %s', (status, reason, kind) => {
    const error = toProviderError(gaxios(status, reason), 'events.patch');
    expect(error.kind).toBe(kind);
    expect(error.details.status).toBe(status);
    expect(error.message).toContain('events.patch');
  });

  it('honours Retry-After and treats a network failure as transient', () => {
    expect(toProviderError(gaxios(429, 'rateLimitExceeded', { 'retry-after': '7' }), 'x').details.retryAfterMs).toBe(
      7000,
    );
    const network = toProviderError(Object.assign(new Error('ECONNRESET'), { code: 'ECONNRESET' }), 'x');
    expect(network.kind).toBe('transient');
    expect(network.retryable).toBe(true);
  });
});
