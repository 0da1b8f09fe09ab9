/**
 * Graph behaviours Carryover has relied on since it was first built, tested on the sandbox alone (FIDELITY.md,
 * "Since the first build"): the subscription's `clientState` limit ("subscription resource type"), the `missed`
 * lifecycle notification ("Reduce missing subscriptions and change notifications"), sendMail taking no idempotency key
 * ("user: sendMail"), and the traps of `@microsoft/microsoft-graph-client` v3 against a plain-http base, read from its
 * source: `AuthenticationHandler` + `GraphRequestUtil.isValidEndpoint` (the token only for https Graph hosts or
 * `customHosts`), `GraphRequest.parsePath` (only an https:// URL is taken apart), `RetryHandler` (429/503/504 retried,
 * POST included).
 */
import {
  Client,
  type Context,
  GraphError,
  HTTPMessageHandler,
  type Middleware,
  RetryHandler,
} from '@microsoft/microsoft-graph-client';
import type { Subscription } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage, StatsSnapshot } from '../../../src/sandbox/sandbox.ts';
import { control, expectGraphError, graphClient, type RunningSandbox, startSandbox, webhooks } from './support.ts';

const hooks = webhooks();
let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox({ deliver: hooks.deliver });
});
afterAll(() => run.close());

const inOneDay = () => new Date(run.clock.now().getTime() + 86_400_000).toISOString();

async function inbox(to: string): Promise<MailMessage[]> {
  return (await (await fetch(`${run.base}/sandbox/mail?to=${encodeURIComponent(to)}`)).json()) as MailMessage[];
}

async function stats(user: string): Promise<StatsSnapshot[string]> {
  const snapshot = (await (await fetch(`${run.base}/sandbox/stats?user=${user}`)).json()) as StatsSnapshot;
  return snapshot[user] ?? [];
}

const mail = (subject: string) => ({
  message: {
    subject,
    body: { contentType: 'HTML', content: '<p>What did you agree?</p>' },
    toRecipients: [{ emailAddress: { address: 'sam@example.com' } }],
  },
  saveToSentItems: true,
});

/** A client whose chain is given middleware by middleware, ending in a step that records each request's URL. */
function chain(user: string, ...middle: Middleware[]): { client: Client; urls: string[] } {
  const urls: string[] = [];
  const auth: Middleware & { next?: Middleware } = {
    async execute(context: Context) {
      const headers = new Headers(context.options?.headers as HeadersInit | undefined);
      headers.set('Authorization', `Bearer sandbox:${user}`);
      context.options = { ...context.options, headers: Object.fromEntries(headers.entries()) };
      await auth.next?.execute(context);
    },
    setNext(next: Middleware) {
      auth.next = next;
    },
  };
  const http = new HTTPMessageHandler();
  const record: Middleware & { next?: Middleware } = {
    async execute(context: Context) {
      urls.push(typeof context.request === 'string' ? context.request : context.request.url);
      await http.execute(context);
    },
  };
  const steps = [auth, ...middle, record];
  for (let i = 0; i < steps.length - 1; i++) steps[i]?.setNext?.(steps[i + 1] as Middleware);
  return {
    client: Client.initWithMiddleware({
      middleware: auth,
      baseUrl: `${run.base}/sandbox/graph/`,
      defaultVersion: 'v1.0',
    }),
    urls,
  };
}

describe('subscriptions ("subscription resource type", "Reduce missing subscriptions and change notifications")', () => {
  it('refuses a clientState over 128 characters ("The maximum length is 128 characters") and echoes one of 128 in every notification', async () => {
    const user = 'state@example.com';
    const client = graphClient(run.base, user);
    const body = {
      changeType: 'created,updated,deleted',
      notificationUrl: 'https://hooks.example.com/state',
      resource: 'me/events',
      expirationDateTime: inOneDay(),
    };
    await expectGraphError(
      client.api('/subscriptions').post({ ...body, clientState: 's'.repeat(129) }),
      400,
      'BadRequest',
    );
    const subscription: Subscription = await client
      .api('/subscriptions')
      .post({ ...body, clientState: 's'.repeat(128) });
    expect(subscription.clientState).toBe('s'.repeat(128));
    await client.api('/me/events').post({
      subject: '1:1',
      start: { dateTime: '2024-10-15T10:00:00', timeZone: 'UTC' },
      end: { dateTime: '2024-10-15T10:30:00', timeZone: 'UTC' },
    });
    await run.sandbox.idle();
    const received = hooks.received.filter((r) => r.url === 'https://hooks.example.com/state');
    expect(received.flatMap((r) => r.body.value ?? []).map((n) => n.clientState)).toEqual(['s'.repeat(128)]);
  });

  it('sends missed to the lifecycle URL with the clientState, and the subscription lives on (lifecycle event "missed")', async () => {
    const user = 'missed@example.com';
    const client = graphClient(run.base, user);
    const subscription: Subscription = await client.api('/subscriptions').post({
      changeType: 'created,updated,deleted',
      notificationUrl: 'https://hooks.example.com/missed',
      lifecycleNotificationUrl: 'https://hooks.example.com/missed-lifecycle',
      resource: 'me/events',
      expirationDateTime: inOneDay(),
      clientState: 'secret-missed',
    });
    await control(run.base, 'lifecycle', { subscription: subscription.id ?? '', event: 'missed' });
    await run.sandbox.idle();
    const lifecycle = hooks.received.filter((r) => r.url === 'https://hooks.example.com/missed-lifecycle');
    expect(lifecycle.map((r) => r.body.value)).toEqual([
      [
        {
          subscriptionId: subscription.id,
          subscriptionExpirationDateTime: subscription.expirationDateTime,
          tenantId: expect.any(String),
          clientState: 'secret-missed',
          lifecycleEvent: 'missed',
        },
      ],
    ]);
    const still: Subscription = await client.api(`/subscriptions/${subscription.id}`).get();
    expect(still.id).toBe(subscription.id);
  });
});

describe('user: sendMail (202 Accepted, no id, no idempotency key)', () => {
  it('accepts the same message twice and delivers it twice', async () => {
    const user = 'twice@example.com';
    const client = graphClient(run.base, user);
    for (let i = 0; i < 2; i++) {
      const raw = (await client
        .api('/me/sendMail')
        .responseType('raw' as never)
        .post(mail('Same prompt'))) as Response;
      expect(raw.status).toBe(202);
      expect(await raw.text()).toBe('');
    }
    expect((await inbox('sam@example.com')).filter((m) => m.from === user)).toHaveLength(2);
  });
});

describe('@microsoft/microsoft-graph-client v3 against a plain-http base (read from its source)', () => {
  it('Client.init sends no Authorization to an http base, customHosts or not (AuthenticationHandler, isValidEndpoint): 401', async () => {
    for (const customHosts of [undefined, new Set(['127.0.0.1'])]) {
      const client = Client.init({
        authProvider: (done) => done(null, 'sandbox:init@example.com'),
        baseUrl: `${run.base}/sandbox/graph/`,
        defaultVersion: 'v1.0',
        ...(customHosts ? { customHosts } : {}),
      });
      await expectGraphError(client.api('/me').get(), 401, 'InvalidAuthenticationToken');
    }
  });

  it('appends an absolute http nextLink to the base instead of following it (GraphRequest.parsePath takes apart https:// only)', async () => {
    const user = 'links@example.com';
    const { client, urls } = chain(user);
    const nextLink = `${run.base}/sandbox/graph/v1.0/me/events?$top=1&$skip=1`;
    const failure = await client
      .api(nextLink)
      .get()
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(failure).toBeInstanceOf(GraphError);
    expect((failure as GraphError).statusCode).toBeGreaterThanOrEqual(400);
    expect(urls).toEqual([`${run.base}/sandbox/graph/v1.0/${nextLink}`]);
    await client.api(new URL(nextLink).pathname.replace('/sandbox/graph/v1.0', '') + new URL(nextLink).search).get();
    expect(urls[1]).toBe(nextLink);
  });

  it('re-sends a POST /me/sendMail answered 503 with Retry-After when the default RetryHandler is in the chain (429/503/504, POST included)', async () => {
    const user = 'retried@example.com';
    const { client, urls } = chain(user, new RetryHandler());
    await control(run.base, 'fail-next', { email: user, status: '503', count: '1', retryAfter: '1' });
    await client.api('/me/sendMail').post(mail('Retried prompt'));
    expect(urls).toHaveLength(2);
    const posts = (await stats(user)).filter((c) => c.method === 'POST');
    expect(posts.map((c) => [c.status, c.count]).sort()).toEqual([
      [202, 1],
      [503, 1],
    ]);
    expect((await inbox('sam@example.com')).filter((m) => m.subject === 'Retried prompt')).toHaveLength(1);
  }, 15_000);
});
