/**
 * Starts a sandbox over real HTTP and points the real Google clients at it. Per ENGINEERING.md, the `rootUrl`
 * keeps its `/sandbox/google/` prefix only when passed in each call's options, so `googleCalendar` hands back the
 * options to pass with every call.
 */
import type { AddressInfo } from 'node:net';
import { calendar, type calendar_v3 } from '@googleapis/calendar';
import { gmail, type gmail_v1 } from '@googleapis/gmail';
import { serve } from '@hono/node-server';
import { gaxios, type OAuth2Client } from 'google-auth-library';
import { expect } from 'vitest';
import { createSandbox, type Sandbox, type SandboxOptions } from '../../src/sandbox/sandbox.ts';

/** A clock tests move by hand. */
export interface TestClock {
  readonly now: () => Date;
  set(iso: string): void;
  advance(ms: number): void;
}

/** A sandbox served on a free loopback port. */
export interface RunningSandbox {
  readonly sandbox: Sandbox;
  readonly base: string;
  readonly clock: TestClock;
  close(): Promise<void>;
}

/** Options to pass with each googleapis call: the sandbox root, no gaxios retries, and who is calling. */
export interface CallOptions {
  readonly rootUrl: string;
  readonly retry: false;
  readonly headers?: Record<string, string>;
  readonly auth?: OAuth2Client;
}

/** Creates a clock at an instant. */
export function testClock(iso = '2024-10-01T08:00:00Z'): TestClock {
  let current = new Date(iso);
  return {
    now: () => current,
    set: (next) => {
      current = new Date(next);
    },
    advance: (ms) => {
      current = new Date(current.getTime() + ms);
    },
  };
}

/**
 * Starts a sandbox (own clock unless given) and serves it over HTTP. `nodeBindings: false` serves it as an entry
 * point that calls `app.fetch(request)` without @hono/node-server's bindings does (test/support/service.ts).
 */
export async function startSandbox(
  options: Partial<SandboxOptions> & { clock?: TestClock; nodeBindings?: boolean } = {},
): Promise<RunningSandbox> {
  const { nodeBindings = true, ...sandboxOptions } = options;
  const clock = options.clock ?? testClock();
  const sandbox = createSandbox({ ...sandboxOptions, clock: clock.now });
  const fetch = nodeBindings ? sandbox.app.fetch : (request: Request) => sandbox.app.fetch(request);
  return new Promise((resolve) => {
    const server = serve({ fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        sandbox,
        base: `http://127.0.0.1:${info.port}`,
        clock,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}

/** A Calendar v3 client acting as `user` (a `sandbox:` token) or through an OAuth2Client. */
export function googleCalendar(base: string, as: string | OAuth2Client) {
  const api: calendar_v3.Calendar = calendar({ version: 'v3' });
  return { api, options: callOptions(base, as) };
}

/** A Gmail v1 client acting as `user` (a `sandbox:` token) or through an OAuth2Client. */
export function googleGmail(base: string, as: string | OAuth2Client) {
  const api: gmail_v1.Gmail = gmail({ version: 'v1' });
  return { api, options: callOptions(base, as) };
}

/** The per-call options for a caller, with extra headers (`If-Match`) merged in. */
export function callOptions(
  base: string,
  as: string | OAuth2Client,
  headers: Record<string, string> = {},
): CallOptions {
  const rootUrl = `${base}/sandbox/google/`;
  if (typeof as === 'string')
    return { rootUrl, retry: false, headers: { Authorization: `Bearer sandbox:${as}`, ...headers } };
  return { rootUrl, retry: false, auth: as, headers };
}

/** Awaits a call expected to fail with Google's error body, and returns that body's first reason. */
export async function expectGoogleError(
  call: Promise<unknown>,
  status: number,
  reason: string,
): Promise<gaxios.GaxiosError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(gaxios.GaxiosError);
  const failure = error as gaxios.GaxiosError<{ error: { code: number; errors: { reason: string }[] } }>;
  expect(failure.status).toBe(status);
  expect(failure.response?.data.error.code).toBe(status);
  expect(failure.response?.data.error.errors[0]?.reason).toBe(reason);
  return failure;
}

/** POSTs to a control endpoint and returns its JSON. */
export async function control(base: string, path: string, query: Record<string, string>): Promise<unknown> {
  const response = await fetch(`${base}/sandbox/control/google/${path}?${new URLSearchParams(query)}`, {
    method: 'POST',
  });
  expect(response.status).toBe(200);
  return response.json();
}

/** A recording `deliver`: keeps every notification request and answers 200 (or what `answer` says). */
export function capturingDeliver(answer: (request: Request, index: number) => number = () => 200) {
  const requests: Request[] = [];
  const deliver = async (request: Request) => {
    requests.push(request);
    return new Response(null, { status: answer(request, requests.length - 1) });
  };
  return { requests, deliver };
}
