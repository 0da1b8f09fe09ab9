import type { ProviderCallObserver } from '../provider-calls.ts';
import { msSince } from '../provider-calls.ts';
import { toProviderError } from './google-errors.ts';

/**
 * One call to Google, timed and reported to `observe` whether it answers or fails; a failure is rethrown as it came
 * (callers decide whether to turn it into a ProviderError). `statusOf` reads the HTTP status off an answer.
 */
export async function observedCall<T>(
  observe: ProviderCallObserver,
  doing: string,
  work: () => Promise<T>,
  statusOf: (result: T) => number = () => 200,
): Promise<T> {
  const started = performance.now();
  try {
    const result = await work();
    observe({ provider: 'google', operation: doing, status: statusOf(result), throttled: false, ms: msSince(started) });
    return result;
  } catch (error) {
    const failure = toProviderError(error, doing);
    observe({
      provider: 'google',
      operation: doing,
      status: failure.details.status ?? 'error',
      throttled: failure.kind === 'rate-limit',
      ms: msSince(started),
    });
    throw error;
  }
}
