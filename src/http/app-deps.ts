import type { Hono } from 'hono';
import type { Clock } from '../agenda/clock.ts';
import type { DatabaseKind, Db } from '../db/database.ts';
import type { Providers } from '../lifecycle/deps.ts';
import type { Keys } from '../security/keys.ts';

/** What the HTTP app is built from; entry points and tests wire real parts. */
export interface AppDeps {
  readonly db: Db;
  readonly databaseKind: DatabaseKind;
  readonly keys: Keys;
  readonly clock: Clock;
  /** The public origin people reach the service at (links in invites and emails are built from it). */
  readonly baseUrl: string;
  readonly sandbox: boolean;
  /** The providers people can connect (real, or the sandbox's emulation of them). */
  readonly providers?: Providers | undefined;
  /** The provider emulators' routes, mounted in sandbox mode only. */
  readonly sandboxRoutes?: Hono | undefined;
  /** METRICS_TOKEN: `/metrics` is served only when set, and only to `Authorization: Bearer <token>`. */
  readonly metricsToken?: string | undefined;
  /** REMINDER_HOURS: how long before each meeting its reminder goes out; 0 (or unset) when this deployment sends none. */
  readonly reminderHours?: number | undefined;
}

/** Hono's environment for Carryover: the deps, the request's id (X-Request-Id) and the per-request CSP nonce. */
export interface AppEnv {
  Variables: { deps: AppDeps; requestId: string; secureHeadersNonce?: string };
}
