import type { Hono } from 'hono';
import type { SeriesLinks } from '../../src/agenda/links.ts';
import { createSeries, type NewSeriesInput } from '../../src/agenda/series-setup.ts';
import { DEFAULT_REMINDER_HOURS } from '../../src/config.ts';
import type { Db } from '../../src/db/database.ts';
import type { OccurrenceRow, SeriesRow } from '../../src/db/schema.ts';
import { createApp } from '../../src/http/app.tsx';
import type { AppEnv } from '../../src/http/app-deps.ts';
import { deriveKeys, type Keys } from '../../src/security/keys.ts';
import { openTestDatabase } from './database.ts';

/** A clock tests move by hand. */
export interface TestClock {
  (): Date;
  set(at: Date | string): void;
  advance(ms: number): void;
}

/** A clock that starts at `start` and only moves when told. */
export function testClock(start: Date | string): TestClock {
  let now = new Date(start);
  const clock = (() => new Date(now)) as TestClock;
  clock.set = (at) => {
    now = new Date(at);
  };
  clock.advance = (ms) => {
    now = new Date(now.getTime() + ms);
  };
  return clock;
}

export const TEST_SECRET_KEY = 'test-secret-key-that-is-long-enough-0123456789';

/** Everything a test of the service needs: the app over a fresh real database, its keys, and its clock. */
export interface Harness {
  readonly app: Hono<AppEnv>;
  readonly db: Db;
  readonly keys: Keys;
  readonly clock: TestClock;
  readonly baseUrl: string;
  close(): Promise<void>;
}

/** Starts the app on a fresh database (PGlite, or Postgres when TEST_DATABASE_URL is set). */
export async function startHarness(options: { now?: string; sandbox?: boolean } = {}): Promise<Harness> {
  const database = await openTestDatabase();
  const keys = await deriveKeys(TEST_SECRET_KEY);
  const clock = testClock(options.now ?? '2026-11-24T09:00:00Z');
  const baseUrl = 'http://localhost:3000';
  const app = createApp({
    db: database.db,
    databaseKind: database.kind,
    keys,
    clock,
    baseUrl,
    sandbox: options.sandbox ?? true,
    reminderHours: DEFAULT_REMINDER_HOURS,
  });
  return { app, db: database.db, keys, clock, baseUrl, close: () => database.close() };
}

const HOUR = 3600_000;
const WEEK = 7 * 24 * HOUR;

/**
 * A weekly 30-minute 1:1 between Maya (organizer) and Sam (attendee), `past` meetings before `now` and
 * `upcoming` after it, at the same time of day as `firstStart`.
 */
export function weeklyOccurrences(firstStart: string, count: number): NewSeriesInput['occurrences'] {
  const first = new Date(firstStart).getTime();
  return Array.from({ length: count }, (_, i) => ({
    startsAt: new Date(first + i * WEEK),
    endsAt: new Date(first + i * WEEK + HOUR / 2),
  }));
}

export interface SeededSeries {
  readonly series: SeriesRow;
  readonly links: SeriesLinks;
  readonly occurrences: readonly OccurrenceRow[];
}

/** Creates a 1:1 series through the data layer (the provider issues add the real way). */
export async function seedSeries(h: Harness, overrides: Partial<NewSeriesInput> = {}): Promise<SeededSeries> {
  const created = await createSeries(h.db, h.keys, {
    title: 'Maya / Sam weekly',
    organizer: { email: 'maya@example.com', name: 'Maya' },
    attendee: { email: 'sam@example.com', name: 'Sam' },
    timeZone: 'Europe/Berlin',
    // Two meetings before the default clock (2026-11-24T09:00Z) and three after it.
    occurrences: weeklyOccurrences('2026-11-10T10:00:00Z', 5),
    ...overrides,
  });
  if (!created.ok) throw new Error(`seedSeries: ${JSON.stringify(created.problem)}`);
  return created.value;
}

/** A JSON request to the app, as a program would send it. */
export async function api(
  h: Harness,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown; headers: Headers }> {
  const response = await h.app.request(path, {
    method,
    headers: { accept: 'application/json', ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null, headers: response.headers };
}

/** An HTML form post from Carryover's own page (same origin). */
export async function postForm(h: Harness, path: string, fields: Record<string, string>): Promise<Response> {
  return h.app.request(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: h.baseUrl },
    body: new URLSearchParams(fields).toString(),
  });
}
