/**
 * The faults a chaos run injects, each through the same door production would see it come through: the sandbox's
 * controls (a provider's refusal, throttling, outage, slowness, a dropped connection after processing, an expired
 * sync cursor, a removed subscription, a dead grant, a failing token endpoint), the sandbox front (a connection reset
 * before the provider saw the request) and the instance fronts (push notifications lost, duplicated, held back and so
 * overtaken). Every injection is counted by kind for the run's figures.
 */

import type { SandboxFront } from './proxy.ts';
import type { Random } from './random.ts';

export type Provider = 'google' | 'microsoft';

/** A connected organizer whose calls the faults hit. */
export interface Target {
  readonly provider: Provider;
  readonly email: string;
  /** Graph: the calendar's live subscription id, when it has one. */
  readonly subscriptionId?: string | undefined;
}

/** How many faults of each kind were injected. */
export type FaultCounts = Map<string, number>;

export function count(counts: FaultCounts, kind: string, by = 1): void {
  counts.set(kind, (counts.get(kind) ?? 0) + by);
}

async function control(sandboxUrl: string, path: string): Promise<void> {
  const response = await fetch(`${sandboxUrl}/sandbox/control/${path}`, { method: 'POST' });
  if (!response.ok) throw new Error(`control ${path}: ${response.status} ${await response.text()}`);
}

/** The API faults, by the name the figures use. */
export const API_FAULTS = [
  '429 Retry-After',
  '403 rate limit / 503 Retry-After',
  '5xx',
  'timeout',
  'dropped after processing',
  'dropped before processing',
  '410 sync state gone',
  'invalid_grant',
  'token endpoint failure',
  'notifications paused',
  'subscription removed / missed / reauthorize',
] as const;
export type ApiFault = (typeof API_FAULTS)[number];

/**
 * Injects one fault of `kind` on `target`. Returns false when it does not apply (a Google calendar has no Graph
 * lifecycle events; a Graph calendar without a live subscription cannot lose one).
 */
export async function inject(
  kind: ApiFault,
  target: Target,
  env: { readonly sandboxUrl: string; readonly sandboxFront: SandboxFront; readonly timeoutMs: number },
  random: Random,
): Promise<boolean> {
  const email = encodeURIComponent(target.email);
  const p = target.provider;
  const calls = random.int(1, 3);
  switch (kind) {
    case '429 Retry-After':
      await control(
        env.sandboxUrl,
        `${p}/fail-next?email=${email}&status=429&retryAfter=${random.int(1, 120)}&count=${calls}`,
      );
      return true;
    case '403 rate limit / 503 Retry-After':
      await control(
        env.sandboxUrl,
        p === 'google'
          ? `google/fail-next?email=${email}&status=403&reason=${random.pick(['rateLimitExceeded', 'userRateLimitExceeded'])}&count=${calls}`
          : `microsoft/fail-next?email=${email}&status=503&retryAfter=${random.int(1, 60)}&count=${calls}`,
      );
      return true;
    case '5xx':
      await control(
        env.sandboxUrl,
        `${p}/fail-next?email=${email}&status=${random.pick([500, 502, 503, 504])}&count=${calls}`,
      );
      return true;
    case 'timeout':
      await control(env.sandboxUrl, `${p}/delay-next?email=${email}&ms=${env.timeoutMs + 1_000}&count=1`);
      return true;
    case 'dropped after processing':
      await control(env.sandboxUrl, `${p}/drop-after?email=${email}&count=1`);
      return true;
    case 'dropped before processing':
      // The front cannot tell users apart (a bearer token names none): the provider's next call is reset, whoever's.
      env.sandboxFront.dropBefore(
        p === 'google' ? random.pick(['/sandbox/google/calendar/', '/sandbox/google/gmail/']) : '/sandbox/graph/',
        1,
      );
      return true;
    case '410 sync state gone':
      await control(
        env.sandboxUrl,
        p === 'google'
          ? `google/expire-sync-tokens?email=${email}`
          : `microsoft/expire-delta-tokens?email=${email}${random.chance(0.5) ? '&status=400&code=resyncRequired' : ''}`,
      );
      return true;
    case 'invalid_grant':
      await control(
        env.sandboxUrl,
        p === 'google'
          ? `google/fail-token?email=${email}&count=1&error=invalid_grant`
          : `microsoft/fail-token?email=${email}&count=1&code=${random.pick([50173, 700082])}`,
      );
      return true;
    case 'token endpoint failure':
      // google-auth-library retries its token POSTs three times itself: four failures reach Carryover.
      await control(
        env.sandboxUrl,
        p === 'google'
          ? `google/fail-token?email=${email}&count=4&status=${random.pick([429, 500, 503])}`
          : `microsoft/fail-token?email=${email}&count=${calls}&status=${random.pick([429, 500, 503])}`,
      );
      return true;
    case 'notifications paused':
      await control(env.sandboxUrl, `${p}/pause-notifications?email=${email}&paused=true`);
      return true;
    case 'subscription removed / missed / reauthorize':
      if (p !== 'microsoft' || !target.subscriptionId) return false;
      {
        const event = random.pick(['subscriptionRemoved', 'missed', 'reauthorizationRequired']);
        const response = await fetch(
          `${env.sandboxUrl}/sandbox/control/microsoft/lifecycle?subscription=${encodeURIComponent(target.subscriptionId)}&event=${event}`,
          { method: 'POST' },
        );
        await response.arrayBuffer();
        // 404: the subscription Carryover recorded is already gone (removed earlier, not yet made again).
        return response.ok;
      }
  }
}

/** Takes every pending API fault off a user, and lets their notifications flow again (the end of a run). */
export async function clearFaults(target: Target, env: { readonly sandboxUrl: string }): Promise<void> {
  const email = encodeURIComponent(target.email);
  const p = target.provider;
  await control(env.sandboxUrl, `${p}/fail-next?email=${email}&count=0`);
  await control(env.sandboxUrl, `${p}/fail-token?email=${email}&count=0`);
  await control(env.sandboxUrl, `${p}/pause-notifications?email=${email}&paused=false`);
}
