/**
 * Graph change notifications on `me/events` ("Set up notifications for changes in resource data", "Create
 * subscription", "Reduce missing subscriptions and change notifications"): the validation handshake on the
 * notification and lifecycle URLs (decoded token, 200 text/plain, else 400 `ValidationError` and no subscription),
 * the 10080-minute limit for Outlook resources, notifications with clientState and Outlook `resourceData`, the
 * documented duplicates (an `updated` change is delivered twice), renewal, deletion, expiry by the clock, lifecycle
 * notifications, retries on 5xx and the pause control.
 */
import type { Event, Subscription } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateEndpoint, validationMessage } from '../../../src/sandbox/graph/subscriptions/validation.ts';
import { control, expectGraphError, graphClient, type RunningSandbox, startSandbox, webhooks } from './support.ts';

const hooks = webhooks({
  refuse: (url) => url.includes('refuses'),
  status: (url) => (url.includes('broken') ? 500 : 202),
});
let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox({ deliver: hooks.deliver });
});
afterAll(() => run.close());

const inOneDay = () => new Date(run.clock.now().getTime() + 86_400_000).toISOString();
const meeting = {
  subject: '1:1',
  start: { dateTime: '2024-10-15T10:00:00', timeZone: 'UTC' },
  end: { dateTime: '2024-10-15T10:30:00', timeZone: 'UTC' },
};

async function subscribe(user: string, name: string, extra: object = {}): Promise<Subscription> {
  return graphClient(run.base, user)
    .api('/subscriptions')
    .post({
      changeType: 'created,updated,deleted',
      notificationUrl: `https://hooks.example.com/${name}`,
      resource: 'me/events',
      expirationDateTime: inOneDay(),
      clientState: `secret-${name}`,
      ...extra,
    });
}

const receivedAt = (name: string) => hooks.received.filter((r) => r.url === `https://hooks.example.com/${name}`);

describe('creating a subscription', () => {
  it('validates the notification and lifecycle URLs with a token they must echo decoded, then answers 201', async () => {
    const subscription = await subscribe('maya@example.com', 'maya', {
      lifecycleNotificationUrl: 'https://hooks.example.com/maya-lifecycle',
    });
    const checks = hooks.validations.filter((v) => v.url.includes('/maya'));
    expect(checks.map((v) => v.url)).toEqual([
      'https://hooks.example.com/maya',
      'https://hooks.example.com/maya-lifecycle',
    ]);
    expect(checks[0]?.token).toMatch(
      /^Validation: Testing client application reachability for subscription Request-Id: /,
    );
    expect(checks[0]?.contentType).toMatch(/^text\/plain/);
    const me = await graphClient(run.base, 'maya@example.com').api('/me').get();
    expect(subscription).toMatchObject({
      resource: 'me/events',
      changeType: 'created,updated,deleted',
      clientState: 'secret-maya',
      notificationUrl: 'https://hooks.example.com/maya',
      lifecycleNotificationUrl: 'https://hooks.example.com/maya-lifecycle',
      expirationDateTime: inOneDay(),
      creatorId: me.id,
    });
    expect(subscription.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-/);
  });

  it('answers 400 ValidationError and keeps no subscription when the endpoint does not echo the token', async () => {
    const client = graphClient(run.base, 'nia@example.com');
    const error = await expectGraphError(subscribe('nia@example.com', 'refuses'), 400, 'ValidationError');
    expect(error.message).toMatch(/Notification endpoint must respond with 200 OK to validation request/);
    const list = await client.api('/subscriptions').get();
    expect(list.value).toEqual([]);
  });

  it('gives up on an endpoint that does not answer within the limit (10 s on Graph), and on a JSON echo', async () => {
    const silent = () => new Promise<Response>(() => undefined);
    const failure = await validateEndpoint(silent, 'https://hooks.example.com/silent', 30);
    expect(failure).toBe('timeout');
    expect(validationMessage('timeout')).toBe('Subscription validation request timed out.');
    const json = async (request: Request) =>
      Response.json(new URL(request.url).searchParams.get('validationToken'), { status: 200 });
    expect(await validateEndpoint(json, 'https://hooks.example.com/json')).toBe('rejected');
  });

  it('refuses more than 10080 minutes and moves an expiration under 45 minutes out to 45', async () => {
    const tooLong = new Date(run.clock.now().getTime() + 10_081 * 60_000).toISOString();
    await expectGraphError(subscribe('omar@example.com', 'omar', { expirationDateTime: tooLong }), 400, 'BadRequest');
    const soon = new Date(run.clock.now().getTime() + 5 * 60_000).toISOString();
    const short = await subscribe('omar@example.com', 'omar', { expirationDateTime: soon });
    expect(short.expirationDateTime).toBe(new Date(run.clock.now().getTime() + 45 * 60_000).toISOString());
  });
});

describe('change notifications', () => {
  it('POSTs created, updated (twice, as Graph may duplicate) and deleted with clientState and Outlook resourceData', async () => {
    const user = 'pia@example.com';
    const subscription = await subscribe(user, 'pia');
    const client = graphClient(run.base, user);
    const created: Event & { '@odata.etag': string } = await client.api('/me/events').post(meeting);
    await run.sandbox.idle();
    const updated: Event & { '@odata.etag': string } = await client
      .api(`/me/events/${encodeURIComponent(created.id ?? '')}`)
      .patch({ subject: 'renamed' });
    await run.sandbox.idle();
    await client.api(`/me/events/${encodeURIComponent(created.id ?? '')}`).delete();
    await run.sandbox.idle();

    const notifications = receivedAt('pia').flatMap((r) => r.body.value ?? []);
    expect(notifications.map((n) => n.changeType)).toEqual(['created', 'updated', 'updated', 'deleted']);
    const me = await client.api('/me').get();
    expect(notifications[1]).toEqual({
      subscriptionId: subscription.id,
      subscriptionExpirationDateTime: subscription.expirationDateTime,
      changeType: 'updated',
      resource: `Users/${me.id}/Events/${created.id}`,
      resourceData: {
        '@odata.type': '#Microsoft.Graph.Event',
        '@odata.id': `Users/${me.id}/Events/${created.id}`,
        '@odata.etag': updated['@odata.etag'],
        id: created.id,
      },
      clientState: 'secret-pia',
      tenantId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it("notifies an attendee's subscription when the organizer invites them", async () => {
    await subscribe('quin@example.com', 'quin');
    await graphClient(run.base, 'rex@example.com')
      .api('/me/events')
      .post({ ...meeting, attendees: [{ emailAddress: { address: 'quin@example.com' }, type: 'required' }] });
    await run.sandbox.idle();
    const copy = (await graphClient(run.base, 'quin@example.com').api('/me/events').get()).value[0] as Event;
    expect(
      receivedAt('quin')
        .flatMap((r) => r.body.value ?? [])
        .map((n) => [n.changeType, n.resourceData]),
    ).toEqual([['created', expect.objectContaining({ id: copy.id })]]);
  });

  it('renews with PATCH, stops after DELETE, and stops by the clock when a subscription expires', async () => {
    const user = 'sol@example.com';
    const client = graphClient(run.base, user);
    const subscription = await subscribe(user, 'sol');
    const later = new Date(run.clock.now().getTime() + 3 * 86_400_000).toISOString();
    const renewed: Subscription = await client
      .api(`/subscriptions/${subscription.id}`)
      .patch({ expirationDateTime: later });
    expect(renewed.expirationDateTime).toBe(later);
    await client.api(`/subscriptions/${subscription.id}`).delete();
    await expectGraphError(client.api(`/subscriptions/${subscription.id}`).get(), 404, 'ResourceNotFound');

    const expiring = await subscribe(user, 'sol-expiring');
    run.clock.advance(2 * 86_400_000);
    try {
      await client.api('/me/events').post(meeting);
      await run.sandbox.idle();
      expect(receivedAt('sol')).toEqual([]);
      expect(receivedAt('sol-expiring')).toEqual([]);
      await expectGraphError(client.api(`/subscriptions/${expiring.id}`).get(), 404, 'ResourceNotFound');
    } finally {
      run.clock.set('2024-10-01T08:00:00Z');
    }
  });

  it('retries a notification the endpoint answers with 500, then drops it; loses them while paused', async () => {
    const user = 'tao@example.com';
    const client = graphClient(run.base, user);
    await subscribe(user, 'broken');
    await client.api('/me/events').post(meeting);
    await run.sandbox.idle();
    expect(receivedAt('broken')).toHaveLength(4);
    const outcomes = (await (await fetch(`${run.base}/sandbox/control/microsoft/deliveries`)).json()) as {
      url: string;
      attempts: number;
      delivered: boolean;
    }[];
    expect(outcomes.find((o) => o.url === 'https://hooks.example.com/broken')).toMatchObject({
      attempts: 4,
      delivered: false,
    });

    await subscribe(user, 'tao');
    await control(run.base, 'pause-notifications', { email: user, paused: 'true' });
    await client.api('/me/events').post(meeting);
    await run.sandbox.idle();
    expect(receivedAt('tao')).toEqual([]);
    await control(run.base, 'pause-notifications', { email: user, paused: 'false' });
    await client.api('/me/events').post(meeting);
    await run.sandbox.idle();
    expect(receivedAt('tao').map((r) => r.body.value?.[0]?.changeType)).toEqual(['created']);
  });
});

describe('lifecycle notifications', () => {
  it('sends reauthorizationRequired and subscriptionRemoved to the lifecycle URL; reauthorize answers 204', async () => {
    const user = 'uma@example.com';
    const client = graphClient(run.base, user);
    const subscription = await subscribe(user, 'uma', {
      lifecycleNotificationUrl: 'https://hooks.example.com/uma-lifecycle',
    });
    await control(run.base, 'lifecycle', { subscription: subscription.id ?? '', event: 'reauthorizationRequired' });
    await run.sandbox.idle();
    expect(receivedAt('uma-lifecycle').map((r) => r.body)).toEqual([
      {
        value: [
          {
            subscriptionId: subscription.id,
            subscriptionExpirationDateTime: subscription.expirationDateTime,
            tenantId: expect.any(String),
            clientState: 'secret-uma',
            lifecycleEvent: 'reauthorizationRequired',
          },
        ],
      },
    ]);
    const reauthorized = await client.api(`/subscriptions/${subscription.id}/reauthorize`).post({});
    expect(reauthorized).toBeUndefined();
    await control(run.base, 'lifecycle', { subscription: subscription.id ?? '', event: 'subscriptionRemoved' });
    await run.sandbox.idle();
    expect(receivedAt('uma-lifecycle').map((r) => r.body.value?.[0]?.lifecycleEvent)).toEqual([
      'reauthorizationRequired',
      'subscriptionRemoved',
    ]);
    await expectGraphError(client.api(`/subscriptions/${subscription.id}`).get(), 404, 'ResourceNotFound');
  });
});

describe('renewal, reauthorization and limits', () => {
  it('renews with PATCH expirationDateTime without a new validation handshake ("Update subscription")', async () => {
    const subscription = await subscribe('renew@example.com', 'renew');
    const handshakes = hooks.validations.length;
    const later = new Date(run.clock.now().getTime() + 5 * 86_400_000).toISOString();
    const renewed: Subscription = await graphClient(run.base, 'renew@example.com')
      .api(`/subscriptions/${subscription.id}`)
      .patch({ expirationDateTime: later });
    expect(renewed.expirationDateTime).toBe(later);
    expect(hooks.validations.length).toBe(handshakes);
  });

  it('reauthorizes with POST /subscriptions/{id}/reauthorize (204), and 404s an unknown subscription', async () => {
    const client = graphClient(run.base, 'reauth@example.com');
    const subscription = await subscribe('reauth@example.com', 'reauth');
    const response = await fetch(`${run.base}/sandbox/graph/v1.0/subscriptions/${subscription.id}/reauthorize`, {
      method: 'POST',
      headers: { Authorization: 'Bearer sandbox:reauth@example.com' },
    });
    expect(response.status).toBe(204);
    await expectGraphError(
      client.api(`/subscriptions/${crypto.randomUUID()}/reauthorize`).post({}),
      404,
      'ResourceNotFound',
    );
  });

  it('refuses the 1,001st active subscription of a mailbox with 403 ExtensionError ("1000 active subscriptions per mailbox")', async () => {
    const user = 'many@example.com';
    for (let i = 0; i < 1000; i++) await subscribe(user, `many-${i}`);
    const error = await expectGraphError(subscribe(user, 'one-too-many'), 403, 'ExtensionError');
    expect(error.message).toContain('Maximum number of subscriptions has been reached');
    // Another mailbox is not affected; deleting one makes room again.
    await subscribe('other@example.com', 'other');
    const client = graphClient(run.base, user);
    const list = await client.api('/subscriptions').get();
    await client.api(`/subscriptions/${list.value[0].id}`).delete();
    await subscribe(user, 'room-again');
  }, 60_000);
});

describe('https notification URLs', () => {
  it('refuses http URLs as Graph does (microsoft-graph-docs#2751) when the sandbox allowance is off', async () => {
    const strict = await startSandbox({ deliver: hooks.deliver, allowHttpNotificationUrls: false });
    try {
      const client = graphClient(strict.base, 'strict@example.com');
      const body = {
        changeType: 'created,updated,deleted',
        resource: 'me/events',
        expirationDateTime: new Date(strict.clock.now().getTime() + 86_400_000).toISOString(),
        clientState: 'secret',
      };
      const error = await expectGraphError(
        client.api('/subscriptions').post({ ...body, notificationUrl: 'http://hooks.example.com/plain' }),
        400,
        'InvalidRequest',
      );
      expect(error.message).toBe("NotificationUrl scheme='http' is not supported.");
      await expectGraphError(
        client.api('/subscriptions').post({
          ...body,
          notificationUrl: 'https://hooks.example.com/strict',
          lifecycleNotificationUrl: 'http://hooks.example.com/plain',
        }),
        400,
        'InvalidRequest',
      );
      const ok: Subscription = await client
        .api('/subscriptions')
        .post({ ...body, notificationUrl: 'https://hooks.example.com/strict' });
      expect(ok.id).toBeTruthy();
    } finally {
      await strict.close();
    }
    // The default sandbox allows http, so that tests and the demo run on plain localhost.
    const allowed: Subscription = await graphClient(run.base, 'plain@example.com').api('/subscriptions').post({
      changeType: 'updated',
      notificationUrl: 'http://hooks.example.com/plain',
      resource: 'me/events',
      expirationDateTime: inOneDay(),
    });
    expect(allowed.notificationUrl).toBe('http://hooks.example.com/plain');
  });
});
