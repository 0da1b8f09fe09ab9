import type { Hono } from 'hono';
import type { Clock } from './agenda/clock.ts';
import { type Config, pollingNotice, pushAvailable } from './config.ts';
import { DEFAULT_WRITE_BUDGET, type WriteBudget } from './core/write-budget.ts';
import type { DatabaseKind, Db } from './db/database.ts';
import { createApp } from './http/app.tsx';
import type { AppEnv } from './http/app-deps.ts';
import type { LifecycleDeps, Providers } from './lifecycle/deps.ts';
import { jobHandlers } from './lifecycle/handlers.ts';
import type { WatchPolicy } from './lifecycle/sync-calendar.ts';
import type { JobHandler } from './lifecycle/tick.ts';
import { GOOGLE_ENDPOINTS, sandboxGoogleEndpoints } from './providers/google/endpoints.ts';
import { createGoogleOAuth } from './providers/google/google-oauth.ts';
import { createGoogleProvider } from './providers/google/google-provider.ts';
import { microsoftEndpoints, sandboxMicrosoftEndpoints } from './providers/microsoft/endpoints.ts';
import { createMicrosoftOAuth } from './providers/microsoft/microsoft-oauth.ts';
import { createMicrosoftProvider } from './providers/microsoft/microsoft-provider.ts';
import { createSandbox, type Sandbox } from './sandbox/sandbox.ts';
import type { Keys } from './security/keys.ts';

/** The OAuth client the sandbox knows Carryover by (sandbox mode only; it checks nothing secret). */
export const SANDBOX_CLIENT = { clientId: 'carryover-sandbox', clientSecret: 'carryover-sandbox-secret' } as const;

export interface ServiceParts {
  readonly config: Pick<Config, 'baseUrl' | 'sandbox' | 'promptDelayMinutes' | 'google' | 'microsoft'> &
    Partial<Pick<Config, 'push' | 'writeBudget'>>;
  readonly db: Db;
  readonly databaseKind: DatabaseKind;
  readonly keys: Keys;
  readonly clock: Clock;
  /** How the sandbox delivers push notifications (default: fetch over HTTP). */
  readonly deliver?: ((request: Request) => Promise<Response>) | undefined;
  /** The invite write budget, over the config's (benchmarks compare budgets). */
  readonly writeBudget?: WriteBudget | undefined;
  /** How long one provider call may take (default 30 s); tests shorten it to try timeouts. */
  readonly providerTimeoutMs?: number | undefined;
  /** A sandbox that outlives this composition (Workers compose per request; the sandbox's state must not). */
  readonly sandbox?: Sandbox | undefined;
}

/** A wired service: the HTTP app, the tick's job handlers, and the sandbox when it runs in sandbox mode. */
export interface Service {
  readonly app: Hono<AppEnv>;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  readonly lifecycle: LifecycleDeps;
  readonly sandbox: Sandbox | undefined;
}

/**
 * Wires the service from its parts, the same way for Node, Workers and tests. In sandbox mode the providers point at
 * the emulators this same app serves, over real HTTP; otherwise at Google and Microsoft with the
 * configured credentials.
 */
export function composeService(parts: ServiceParts): Service {
  const { config, clock } = parts;
  const sandbox = config.sandbox
    ? createSandbox({ clock, ...(parts.deliver ? { deliver: parts.deliver } : {}) })
    : undefined;
  const providers: Providers = {};
  const timeouts = parts.providerTimeoutMs ? { timeoutMs: parts.providerTimeoutMs } : {};
  const googleCredentials = config.google ?? (config.sandbox ? SANDBOX_CLIENT : undefined);
  if (googleCredentials) {
    const endpoints = config.sandbox ? sandboxGoogleEndpoints(config.baseUrl) : GOOGLE_ENDPOINTS;
    Object.assign(providers, {
      google: {
        api: createGoogleProvider(endpoints, { ...timeouts, clock }),
        oauth: createGoogleOAuth(googleCredentials, endpoints, clock, timeouts),
      },
    });
  }
  const microsoftCredentials =
    config.microsoft ?? (config.sandbox ? { ...SANDBOX_CLIENT, tenant: 'common' } : undefined);
  if (microsoftCredentials) {
    const endpoints = config.sandbox
      ? sandboxMicrosoftEndpoints(config.baseUrl, microsoftCredentials.tenant)
      : microsoftEndpoints(microsoftCredentials.tenant);
    Object.assign(providers, {
      microsoft: {
        api: createMicrosoftProvider(endpoints, clock, timeouts),
        oauth: createMicrosoftOAuth(microsoftCredentials, endpoints, clock, timeouts),
      },
    });
  }
  // Push needs a public https address (or the sandbox); without it the service polls on purpose and says so once.
  const push = config.push ?? pushAvailable(config.baseUrl, config.sandbox);
  if (!push) announcePolling(config.baseUrl);
  const lifecycle: LifecycleDeps & WatchPolicy = {
    db: parts.db,
    keys: parts.keys,
    clock,
    providers,
    baseUrl: config.baseUrl,
    promptDelayMinutes: config.promptDelayMinutes,
    writeBudget: parts.writeBudget ?? config.writeBudget ?? DEFAULT_WRITE_BUDGET,
    push,
  };
  const app = createApp({
    db: parts.db,
    databaseKind: parts.databaseKind,
    keys: parts.keys,
    clock,
    baseUrl: config.baseUrl,
    sandbox: config.sandbox,
    providers,
    sandboxRoutes: sandbox?.app,
  });
  return { app, handlers: jobHandlers(lifecycle), lifecycle, sandbox };
}

/** The origins already told they run without push: Workers compose per request, and once per process is enough. */
const announced = new Set<string>();

/** Says, once per process and address, what running without push costs. */
function announcePolling(baseUrl: string): void {
  if (announced.has(baseUrl)) return;
  announced.add(baseUrl);
  console.warn(pollingNotice(baseUrl));
}
