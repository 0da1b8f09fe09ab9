import { accountSession } from '../accounts/account-session.ts';
import type { Clock } from '../agenda/clock.ts';
import type { Db } from '../db/database.ts';
import type { Provider } from '../db/schema.ts';
import type { OAuthProvider } from '../providers/oauth.ts';
import type { AccountSession, CalendarProvider } from '../providers/provider.ts';
import { ProviderError } from '../providers/provider-error.ts';
import type { Keys } from '../security/keys.ts';

/** A connected provider: its API and its OAuth side. */
export interface ProviderKit {
  readonly api: CalendarProvider;
  readonly oauth: OAuthProvider;
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
