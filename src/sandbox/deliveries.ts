/**
 * Asynchronous webhook delivery for the emulators' push notifications. A notification never blocks the API call
 * that caused it; each lane (one per channel or subscription) delivers in order, a failed attempt is retried a few
 * times with a short backoff, then dropped — as providers do. `idle()` lets tests wait until nothing is in flight.
 */

/** Sends one request: `globalThis.fetch` in production, a capturing function in tests. */
export type Deliver = (request: Request) => Promise<Response>;

/** How a queue retries. */
export interface DeliveryQueueOptions {
  readonly deliver: Deliver;
  /** Waits before each retry; its length is the number of retries. */
  readonly retryDelaysMs?: readonly number[];
  /** Whether a response status deserves another attempt (a network failure always does). */
  readonly retryOn?: (status: number) => boolean;
}

/** What became of one notification, kept for tests and demos that look at the sandbox itself. */
export interface DeliveryOutcome {
  readonly lane: string;
  readonly url: string;
  readonly attempts: number;
  /** The last status, or 0 when the last attempt failed without a response. */
  readonly status: number;
  readonly delivered: boolean;
}

/** A set of ordered delivery lanes. */
export interface DeliveryQueue {
  /** Queues a request on a lane; it is sent after everything queued on that lane before it. */
  enqueue(lane: string, request: Request): void;
  /** Resolves once no delivery is queued or in flight. */
  idle(): Promise<void>;
  /** The most recent outcomes (newest last, at most 200). */
  outcomes(): readonly DeliveryOutcome[];
}

const KEEP_OUTCOMES = 200;

/** Creates a queue that sends through `deliver`. */
export function createDeliveryQueue({
  deliver,
  retryDelaysMs = [20, 60, 180],
  retryOn = () => true,
}: DeliveryQueueOptions): DeliveryQueue {
  const lanes = new Map<string, Promise<void>>();
  const inFlight = new Set<Promise<void>>();
  const log: DeliveryOutcome[] = [];

  function remember(outcome: DeliveryOutcome): void {
    log.push(outcome);
    if (log.length > KEEP_OUTCOMES) log.shift();
  }

  async function send(lane: string, request: Request): Promise<void> {
    let status = 0;
    let attempts = 0;
    for (;;) {
      attempts++;
      try {
        const response = await deliver(request.clone());
        status = response.status;
        // The receiver's body means nothing to the sender; dropping it frees the connection.
        await response.body?.cancel();
        if (response.ok) return remember({ lane, url: request.url, attempts, status, delivered: true });
        if (!retryOn(status)) break;
      } catch {
        // A refused connection or a reset is what retries are for; the outcome log records the give-up below.
        status = 0;
      }
      const delay = retryDelaysMs[attempts - 1];
      if (delay === undefined) break;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    remember({ lane, url: request.url, attempts, status, delivered: false });
  }

  return {
    enqueue(lane, request) {
      const previous = lanes.get(lane) ?? Promise.resolve();
      const next = previous.then(() => send(lane, request));
      lanes.set(lane, next);
      inFlight.add(next);
      void next.finally(() => {
        inFlight.delete(next);
        if (lanes.get(lane) === next) lanes.delete(lane);
      });
    },
    async idle() {
      // Notifications are queued from a microtask after the change that caused them; let those run first.
      await Promise.resolve();
      while (inFlight.size > 0) {
        await Promise.allSettled([...inFlight]);
        await Promise.resolve();
      }
    },
    outcomes: () => [...log],
  };
}
