import type { Client } from '@microsoft/microsoft-graph-client';
import type { Subscription } from '@microsoft/microsoft-graph-types';
import type { Watch } from '../provider.ts';
import { isProviderError } from '../provider-error.ts';
import { toProviderError } from './graph-errors.ts';

/**
 * Change notification subscriptions on `me/events` ("Create subscription", "Update subscription", "subscription:
 * reauthorize", "Delete subscription"). A subscription is made once and then renewed in place with PATCH
 * `expirationDateTime` — no new validation handshake, no second subscription counting against the 1,000 a mailbox may
 * hold — and reauthorized with `POST …/reauthorize` when Graph asks (`reauthorizationRequired`).
 */

/** Longest a subscription to Outlook events may live (10,080 minutes), less a margin. */
const MAX_SUBSCRIPTION_MS = (10_080 - 60) * 60_000;

async function run<T>(doing: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toProviderError(error, doing);
  }
}

function watchOf(subscription: Subscription, asked: Date): Watch {
  return {
    id: subscription.id ?? '',
    resourceId: subscription.id ?? '',
    expiresAt: new Date(subscription.expirationDateTime ?? asked.toISOString()),
  };
}

/** The expiry to ask for: `ttlSeconds` from now, within Graph's limit for Outlook resources. */
function expiry(now: Date, ttlSeconds: number): Date {
  return new Date(now.getTime() + Math.min(ttlSeconds * 1000, MAX_SUBSCRIPTION_MS));
}

/** Creates a subscription (Graph validates both URLs first: they must answer its handshake, and be https). */
export async function createSubscription(
  graph: Client,
  now: Date,
  { address, token, ttlSeconds }: { address: string; token: string; ttlSeconds: number },
): Promise<Watch> {
  const expires = expiry(now, ttlSeconds);
  const subscription = await run<Subscription>('create subscription', () =>
    graph.api('/subscriptions').post({
      changeType: 'created,updated,deleted',
      notificationUrl: address,
      lifecycleNotificationUrl: `${address}/lifecycle`,
      resource: 'me/events',
      expirationDateTime: expires.toISOString(),
      clientState: token,
    }),
  );
  return watchOf(subscription, expires);
}

/**
 * Renews a subscription in place: `POST …/reauthorize` first when Graph asked for it, then PATCH
 * `expirationDateTime`. `not-found` when Graph no longer has it (removed or expired): make a new one.
 */
export async function renewSubscription(
  graph: Client,
  now: Date,
  id: string,
  { ttlSeconds, reauthorize }: { ttlSeconds: number; reauthorize: boolean },
): Promise<Watch> {
  const path = `/subscriptions/${encodeURIComponent(id)}`;
  if (reauthorize) await run('reauthorize subscription', () => graph.api(`${path}/reauthorize`).post({}));
  const expires = expiry(now, ttlSeconds);
  const subscription = await run<Subscription>('renew subscription', () =>
    graph.api(path).patch({ expirationDateTime: expires.toISOString() }),
  );
  return watchOf({ ...subscription, id: subscription.id ?? id }, expires);
}

/** Deletes a subscription; one Graph no longer has is not an error. */
export async function deleteSubscription(graph: Client, id: string): Promise<void> {
  try {
    await run('delete subscription', () => graph.api(`/subscriptions/${encodeURIComponent(id)}`).delete());
  } catch (error) {
    if (!isProviderError(error, 'not-found')) throw error;
  }
}
