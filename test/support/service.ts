import type { AddressInfo } from 'node:net';
import { calendar, type calendar_v3 } from '@googleapis/calendar';
import { serve } from '@hono/node-server';
import { composeService, type Service, sandboxAt } from '../../src/compose.ts';
import type { Db } from '../../src/db/database.ts';
import { JOB_MAX_ATTEMPTS } from '../../src/lifecycle/handlers.ts';
import { runTick } from '../../src/lifecycle/tick.ts';
import { RECAP_SUBJECT_START } from '../../src/mail/recap-email.tsx';
import { createSandbox, type Sandbox } from '../../src/sandbox/sandbox.ts';
import type { StandaloneSandbox } from '../../src/sandbox/standalone.ts';
import { deriveKeys, type Keys } from '../../src/security/keys.ts';
import { openTestDatabase, type TestDatabase } from './database.ts';
import { TEST_SECRET_KEY, type TestClock, testClock } from './harness.ts';

/** The whole service in sandbox mode behind a real HTTP server, with a clock the test drives. */
export interface ServiceHarness {
  readonly url: string;
  /** Where the sandbox answers: `url` itself, or the standalone sandbox the service was started against. */
  readonly sandboxUrl: string;
  readonly db: Db;
  readonly keys: Keys;
  readonly clock: TestClock;
  readonly service: Service;
  /** The emulators: served by this service in-process, or the standalone sandbox it uses. */
  readonly sandbox: Sandbox;
  readonly database: TestDatabase;
  /** Runs ticks until no job is due (waiting for push notifications in flight between them). */
  settle(): Promise<{ ran: number; failed: number }>;
  /** Moves the clock and settles. */
  advance(ms: number): Promise<void>;
  /** A Calendar client acting as a sandbox user (as that person would in Google Calendar). */
  calendarAs(email: string): CalendarAs;
  close(): Promise<void>;
}

export interface CalendarAs {
  readonly events: {
    insert(params: calendar_v3.Params$Resource$Events$Insert): Promise<calendar_v3.Schema$Event>;
    patch(params: calendar_v3.Params$Resource$Events$Patch): Promise<calendar_v3.Schema$Event>;
    get(params: calendar_v3.Params$Resource$Events$Get): Promise<calendar_v3.Schema$Event>;
    delete(params: calendar_v3.Params$Resource$Events$Delete): Promise<void>;
    instances(params: calendar_v3.Params$Resource$Events$Instances): Promise<calendar_v3.Schema$Events>;
  };
}

/**
 * Starts the service (sandbox mode, PROMPT_DELAY_MINUTES=0 unless given) on a fresh database and a free port, serving
 * the emulators itself — or, given `standalone`, using that standalone sandbox as a SANDBOX_URL deployment would.
 */
export async function startService(
  options: {
    now?: string;
    /** A clock shared with other services or a standalone sandbox (then `now` is ignored). */
    clock?: TestClock;
    standalone?: StandaloneSandbox;
    promptDelayMinutes?: number;
    /** REMINDER_HOURS; default the service's own (24). */
    reminderHours?: number;
    deliver?: (request: Request) => Promise<Response>;
    providerTimeoutMs?: number;
  } = {},
): Promise<ServiceHarness> {
  const database = await openTestDatabase();
  const keys = await deriveKeys(TEST_SECRET_KEY);
  const clock = options.clock ?? testClock(options.now ?? '2026-11-24T09:00:00Z');
  let service: Service | undefined;
  const server = await new Promise<{ url: string; close(): Promise<void> }>((resolve) => {
    const s = serve(
      { fetch: (request, env) => service!.app.fetch(request, env), port: 0, hostname: '127.0.0.1' },
      (info: AddressInfo) =>
        resolve({
          url: `http://127.0.0.1:${info.port}`,
          close: () => new Promise<void>((done) => s.close(() => done())),
        }),
    );
  });
  const { standalone } = options;
  const sandbox = standalone?.sandbox ?? createSandbox({ clock, ...(options.deliver && { deliver: options.deliver }) });
  const sandboxUrl = standalone?.url ?? server.url;
  service = composeService({
    config: {
      baseUrl: server.url,
      sandbox: true,
      promptDelayMinutes: options.promptDelayMinutes ?? 0,
      ...(options.reminderHours !== undefined && { reminderHours: options.reminderHours }),
    },
    db: database.db,
    databaseKind: database.kind,
    keys,
    clock,
    sandbox: standalone ? sandboxAt(standalone.url) : sandboxAt(server.url, sandbox.app),
    providerTimeoutMs: options.providerTimeoutMs,
  });
  const settle = async () => {
    let ran = 0;
    let failed = 0;
    for (let round = 0; round < 50; round++) {
      await sandbox.idle();
      const report = await runTick({
        db: database.db,
        clock,
        handlers: service!.handlers,
        maxAttempts: JOB_MAX_ATTEMPTS,
      });
      ran += report.ran;
      failed += report.failed;
      if (report.ran + report.failed === 0) {
        await sandbox.idle();
        const again = await runTick({
          db: database.db,
          clock,
          handlers: service!.handlers,
          maxAttempts: JOB_MAX_ATTEMPTS,
        });
        if (again.ran + again.failed === 0) return { ran, failed };
        ran += again.ran;
        failed += again.failed;
      }
    }
    throw new Error('the service did not settle within 50 ticks');
  };
  const cal = calendar({ version: 'v3' });
  const calendarAs = (email: string): CalendarAs => {
    const opts = {
      rootUrl: `${sandboxUrl}/sandbox/google/`,
      retry: false,
      headers: { Authorization: `Bearer sandbox:${email}` },
    };
    return {
      events: {
        insert: async (p) => (await cal.events.insert(p, opts)).data,
        patch: async (p) => (await cal.events.patch(p, opts)).data,
        get: async (p) => (await cal.events.get(p, opts)).data,
        delete: async (p) => {
          await cal.events.delete(p, opts);
        },
        instances: async (p) => (await cal.events.instances(p, opts)).data,
      },
    };
  };
  return {
    url: server.url,
    sandboxUrl,
    db: database.db,
    keys,
    clock,
    service,
    sandbox,
    database,
    settle,
    advance: async (ms) => {
      clock.advance(ms);
      await settle();
    },
    calendarAs,
    close: async () => {
      await sandbox.idle();
      await server.close();
      await database.close();
    },
  };
}

/** One browser's cookies, kept across requests (per path; no domain rules needed on one host). */
export interface CookieJar {
  /** The Cookie header this browser sends to `path` ('' when none). */
  cookie(path: string): string;
  /** Keeps (or, when expired or emptied, drops) the cookies a response sets. */
  store(response: Response): void;
}

/** An empty cookie jar: a fresh browser. */
export function cookieJar(): CookieJar {
  const jar = new Map<string, { value: string; path: string }>();
  return {
    cookie: (path) =>
      [...jar.entries()]
        .filter(([, c]) => path.startsWith(c.path))
        .map(([name, c]) => `${name}=${c.value}`)
        .join('; '),
    store(response) {
      for (const line of response.headers.getSetCookie()) {
        const [pair, ...attributes] = line.split(';').map((part) => part.trim());
        const [name, ...rest] = (pair ?? '').split('=');
        const cookiePath = attributes.find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
        const value = rest.join('=');
        if (!name) continue;
        if (value === '' || attributes.some((a) => /^max-age=0$/i.test(a))) jar.delete(name);
        else jar.set(name, { value, path: cookiePath });
      }
    },
  };
}

/**
 * Follows a browser's way through redirects with cookies, e.g. GET /connect/google?login_hint=… → consent
 * (auto-approved in the sandbox) → callback → /account. A fresh browser each call unless given a `jar`; `init`
 * shapes the first request (a form POST, say), the redirects after it are GETs.
 */
export async function followRedirects(
  start: string,
  options: { jar?: CookieJar; init?: RequestInit; maxHops?: number } = {},
): Promise<{ url: string; response: Response; cookie: (path: string) => string }> {
  const { jar = cookieJar(), init = {}, maxHops = 10 } = options;
  let url = start;
  let request: RequestInit = init;
  for (let hop = 0; hop < maxHops; hop++) {
    const cookie = jar.cookie(new URL(url).pathname);
    const headers = new Headers(request.headers);
    if (cookie) headers.set('cookie', cookie);
    const response = await fetch(url, { ...request, redirect: 'manual', headers });
    jar.store(response);
    const location = response.headers.get('location');
    if (response.status < 300 || response.status >= 400 || !location) return { url, response, cookie: jar.cookie };
    url = new URL(location, url).href;
    request = {};
  }
  throw new Error(`more than ${maxHops} redirects from ${start}`);
}

/** A message the sandbox delivered, as `GET /sandbox/mail` lists it. */
export interface DeliveredMail {
  readonly from: string;
  readonly subject: string;
  readonly text: string | null;
  readonly html: string | null;
}

/** Which of Carryover's emails a message is: the recap after a meeting (the prompt), or the reminder before it. */
export function kindOfMail(mail: Pick<DeliveredMail, 'subject'>): 'recap' | 'reminder' {
  return mail.subject.startsWith(RECAP_SUBJECT_START) ? 'recap' : 'reminder';
}

/**
 * The messages the sandbox delivered to `email`, newest first: all of them, or only recaps or only reminders (a
 * reminder goes out before every meeting, so tests about prompts count recaps).
 */
export async function mailTo(
  h: Pick<ServiceHarness, 'url'>,
  email: string,
  kind?: 'recap' | 'reminder',
): Promise<DeliveredMail[]> {
  const all = (await (await fetch(`${h.url}/sandbox/mail?to=${encodeURIComponent(email)}`)).json()) as DeliveredMail[];
  return kind ? all.filter((mail) => kindOfMail(mail) === kind) : all;
}
