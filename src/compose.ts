import type { Hono } from 'hono';
import type { Clock } from './agenda/clock.ts';
import { type Config, DEFAULT_REMINDER_HOURS, pollingNotice, pushAvailable } from './config.ts';
import { DEFAULT_WRITE_BUDGET, type WriteBudget } from './core/write-budget.ts';
import type { DatabaseKind, Db } from './db/database.ts';
import type { AccountOrigin } from './db/schema.ts';
import { createApp } from './http/app.tsx';
import type { AppEnv } from './http/app-deps.ts';
import type { LifecycleDeps, Providers } from './lifecycle/deps.ts';
import { jobHandlers } from './lifecycle/handlers.ts';
import type { WatchPolicy } from './lifecycle/sync-calendar.ts';
import type { JobHandler } from './lifecycle/tick.ts';
import { log } from './observability/log.ts';
import { GOOGLE_ENDPOINTS, type GoogleEndpoints, sandboxGoogleEndpoints } from './providers/google/endpoints.ts';
import { createGoogleOAuth } from './providers/google/google-oauth.ts';
import { createGoogleProvider } from './providers/google/google-provider.ts';
import {
  type MicrosoftEndpoints,
  microsoftEndpoints,
  sandboxMicrosoftEndpoints,
} from './providers/microsoft/endpoints.ts';
import { createMicrosoftOAuth } from './providers/microsoft/microsoft-oauth.ts';
import { createMicrosoftProvider } from './providers/microsoft/microsoft-provider.ts';
import type { Keys } from './security/keys.ts';

/** The OAuth client the sandbox knows Carryover by (sandbox mode only; it checks nothing secret). */
export const SANDBOX_CLIENT = { clientId: 'carryover-sandbox', clientSecret: 'carryover-sandbox-secret' } as const;

/**
 * Sandbox mode's emulators as the entry point brings them: production never loads them, so this module only knows
 * where they answer. Either this app serves them (`routes`: the in-process sandbox of `npm start`) and the endpoints
 * point back at BASE_URL, or a standalone sandbox does (`npm run sandbox`, SANDBOX_URL) and there are no routes.
 */
export interface SandboxBinding {
  /** The emulators' routes at their absolute `/sandbox/…` paths, mounted on this app; none for a standalone sandbox. */
  readonly routes?: Hono | undefined;
  readonly endpoints: { readonly google: GoogleEndpoints; readonly microsoft: MicrosoftEndpoints };
}

/**
 * The binding for emulators at `url`: this service's own BASE_URL with the `routes` it is to serve, or a standalone
 * sandbox's address.
 *
 * @example sandboxAt('http://127.0.0.1:4000') // a standalone sandbox
 */
export function sandboxAt(url: string, routes?: Hono): SandboxBinding {
  return {
    routes,
    endpoints: { google: sandboxGoogleEndpoints(url), microsoft: sandboxMicrosoftEndpoints(url, 'common') },
  };
}

export interface ServiceParts {
  readonly config: Pick<Config, 'baseUrl' | 'sandbox' | 'promptDelayMinutes' | 'google' | 'microsoft'> &
    Partial<Pick<Config, 'push' | 'writeBudget' | 'metricsToken' | 'reminderHours'>>;
  readonly db: Db;
  readonly databaseKind: DatabaseKind;
  readonly keys: Keys;
  readonly clock: Clock;
  /**
   * The emulators, in sandbox mode. Without them sandbox mode connects no calendar: only the demo 1:1 runs (the
   * Workers demo without SANDBOX_URL).
   */
  readonly sandbox?: SandboxBinding | undefined;
  /** The invite write budget, over the config's (benchmarks compare budgets). */
  readonly writeBudget?: WriteBudget | undefined;
  /** How long one provider call may take (default 30 s); tests shorten it to try timeouts. */
  readonly providerTimeoutMs?: number | undefined;
}

/** A wired service: the HTTP app, the tick's job handlers, and what they run with. */
export interface Service {
  readonly app: Hono<AppEnv>;
  readonly handlers: Readonly<Record<string, JobHandler>>;
  readonly lifecycle: LifecycleDeps;
}

/**
 * Wires the service from its parts, the same way for Node, Workers and tests. In sandbox mode the providers point at
 * the emulators the entry point brought (over real HTTP, even when this same app serves them); otherwise at Google
 * and Microsoft with the configured credentials.
 */
export function composeService(parts: ServiceParts): Service {
  const { config, clock } = parts;
  const sandbox = config.sandbox ? parts.sandbox : undefined;
  const origin: AccountOrigin = config.sandbox ? 'sandbox' : 'provider';
  const providers: Providers = {};
  const timeouts = parts.providerTimeoutMs ? { timeoutMs: parts.providerTimeoutMs } : {};
  const googleCredentials = config.google ?? (sandbox ? SANDBOX_CLIENT : undefined);
  if (googleCredentials) {
    const endpoints = sandbox ? sandbox.endpoints.google : GOOGLE_ENDPOINTS;
    Object.assign(providers, {
      google: {
        api: createGoogleProvider(endpoints, { ...timeouts, clock }),
        oauth: createGoogleOAuth(googleCredentials, endpoints, clock, timeouts),
        origin,
      },
    });
  }
  const microsoftCredentials = config.microsoft ?? (sandbox ? { ...SANDBOX_CLIENT, tenant: 'common' } : undefined);
  if (microsoftCredentials) {
    const endpoints = sandbox ? sandbox.endpoints.microsoft : microsoftEndpoints(microsoftCredentials.tenant);
    Object.assign(providers, {
      microsoft: {
        api: createMicrosoftProvider(endpoints, clock, timeouts),
        oauth: createMicrosoftOAuth(microsoftCredentials, endpoints, clock, timeouts),
        origin,
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
    reminderHours: config.reminderHours ?? DEFAULT_REMINDER_HOURS,
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
    sandboxRoutes: sandbox?.routes,
    metricsToken: config.metricsToken,
    reminderHours: lifecycle.reminderHours,
  });
  return { app, handlers: jobHandlers(lifecycle), lifecycle };
}

/** The origins already told they run without push: Workers compose per request, and once per process is enough. */
const announced = new Set<string>();

/** Says, once per process and address, what running without push costs. */
function announcePolling(baseUrl: string): void {
  if (announced.has(baseUrl)) return;
  announced.add(baseUrl);
  log.warn('config.polling', { baseUrl, text: pollingNotice(baseUrl) });
}
