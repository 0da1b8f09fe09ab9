import { accountSession } from '../accounts/account-session.ts';
import { pauseAccount } from '../accounts/reconnect.ts';
import type { Clock } from '../agenda/clock.ts';
import type { WriteBudget } from '../core/write-budget.ts';
import type { Db } from '../db/database.ts';
import type { AccountOrigin, Provider } from '../db/schema.ts';
import type { OAuthProvider } from '../providers/oauth.ts';
import type { AccountSession, CalendarProvider } from '../providers/provider.ts';
import { isProviderError, ProviderError } from '../providers/provider-error.ts';
import type { Keys } from '../security/keys.ts';

/** A connected provider: its API and its OAuth side. */
export interface ProviderKit {
  readonly api: CalendarProvider;
  readonly oauth: OAuthProvider;
  /** Whether this kit reaches the real provider or the sandbox's emulation: recorded on each account it connects. */
  readonly origin: AccountOrigin;
}

/** The providers this deployment has credentials (or the sandbox) for. */
export type Providers = Readonly<Partial<Record<Provider, ProviderKit>>>;

/** What the lifecycle's jobs run with. */
export interface LifecycleDeps {
  readonly db: Db;
  readonly keys: Keys;
  readonly clock: Clock;
  readonly providers: Providers;
  readonly baseUrl: string;
  readonly promptDelayMinutes: number;
  /** How many hours before each meeting its reminder goes out; 0: none. */
  readonly reminderHours: number;
  /** How often the next meeting's invite may be written (each write can email the other person). */
  readonly writeBudget: WriteBudget;
}

/** The kit of a provider, or a clear error when this deployment has none for it. */
export function kitFor(deps: LifecycleDeps, provider: Provider): ProviderKit {
  const kit = deps.providers[provider];
  if (!kit) throw new ProviderError('invalid', `${provider} is not configured on this deployment`);
  return kit;
}

/** A session for an account row. */
export function sessionFor(
  deps: LifecycleDeps,
  account: { id: string; email: string; provider: Provider; tokens_encrypted: string | null; status: string },
): AccountSession {
  return accountSession(
    { db: deps.db, keys: deps.keys, oauth: kitFor(deps, account.provider).oauth, clock: deps.clock },
    account,
  );
}

/**
 * Runs the provider part of a job for an account. A dead grant or a missing permission pauses the account ("needs
 * reconnect", with what the person must do) and ends the job: its work resumes when the person reconnects.
 */
export async function pausingOnAuth<T>(
  deps: LifecycleDeps,
  account: { readonly id: string; readonly email: string },
  work: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await work();
  } catch (error) {
    if (!isProviderError(error, 'auth')) throw error;
    await pauseAccount(deps.db, account, error);
    return undefined;
  }
}
