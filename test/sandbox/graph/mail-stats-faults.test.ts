/**
 * Graph "user: sendMail" (202 Accepted, empty body, delivered into the shared sandbox mailbox from the signed-in
 * user), per-user call counts in the shared stats, and injected failures: "Microsoft Graph throttling guidance" —
 * 429 `TooManyRequests`, or 503 Service Unavailable, with `Retry-After` — reaching the client as a `GraphError` with
 * the header.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage, StatsSnapshot } from '../../../src/sandbox/sandbox.ts';
import { control, expectGraphError, graphClient, type RunningSandbox, startSandbox } from './support.ts';

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
});
afterAll(() => run.close());

async function inbox(to: string): Promise<MailMessage[]> {
  return (await (await fetch(`${run.base}/sandbox/mail?to=${encodeURIComponent(to)}`)).json()) as MailMessage[];
}

const message = {
  subject: 'Your 1:1 notes',
  body: { contentType: 'HTML', content: '<p>Carry over: <b>hiring plan</b></p>' },
  toRecipients: [{ emailAddress: { address: 'sam@example.com', name: 'Sam' } }],
  ccRecipients: [{ emailAddress: { address: 'lee@example.com' } }],
};

describe('sendMail', () => {
  it('answers 202 with no body and delivers from the signed-in user to every recipient', async () => {
    const client = graphClient(run.base, 'maya@example.com');
    const raw = await client
      .api('/me/sendMail')
      .responseType('raw' as never)
      .post({ message, saveToSentItems: true });
    expect((raw as Response).status).toBe(202);
    expect(await (raw as Response).text()).toBe('');
    const [received] = await inbox('sam@example.com');
    expect(received).toMatchObject({
      from: 'maya@example.com',
      to: ['sam@example.com'],
      cc: ['lee@example.com'],
      subject: 'Your 1:1 notes',
      html: '<p>Carry over: <b>hiring plan</b></p>',
      text: null,
    });
    expect((await inbox('lee@example.com'))[0]?.id).toBe(received?.id);
  });

  it('refuses a message without valid recipients (400 ErrorInvalidRecipients) and a foreign From (403)', async () => {
    const client = graphClient(run.base, 'maya@example.com');
    await expectGraphError(
      client.api('/me/sendMail').post({ message: { subject: 'x' } }),
      400,
      'ErrorInvalidRecipients',
    );
    await expectGraphError(
      client
        .api('/me/sendMail')
        .post({ message: { ...message, from: { emailAddress: { address: 'ceo@example.com' } } } }),
      403,
      'ErrorSendAsDenied',
    );
  });
});

describe('stats', () => {
  it('counts Graph calls per user by route and status', async () => {
    const user = 'counted@example.com';
    const client = graphClient(run.base, user);
    await client.api('/me/events').get();
    await client.api('/me/events').get();
    await expectGraphError(client.api('/me/events/AAMkADnope=').get(), 404, 'ErrorItemNotFound');
    const stats = (await (await fetch(`${run.base}/sandbox/stats?user=${user}`)).json()) as StatsSnapshot;
    expect(stats[user]).toEqual(
      expect.arrayContaining([
        { method: 'GET', path: '/sandbox/graph/v1.0/me/events', status: 200, count: 2 },
        { method: 'GET', path: '/sandbox/graph/v1.0/me/events/:id', status: 404, count: 1 },
      ]),
    );
  });
});

describe('fail-next', () => {
  it('fails the next calls with 429 TooManyRequests and Retry-After, then recovers; a failed sendMail is not sent', async () => {
    const user = 'throttled@example.com';
    const client = graphClient(run.base, user);
    await control(run.base, 'fail-next', { email: user, status: '429', count: '2', retryAfter: '7' });
    const first = await expectGraphError(client.api('/me/events').get(), 429, 'TooManyRequests');
    expect(first.headers?.get('retry-after')).toBe('7');
    await expectGraphError(client.api('/me/sendMail').post({ message }), 429, 'TooManyRequests');
    expect((await inbox('sam@example.com')).filter((m) => m.from === user)).toEqual([]);
    const list = await client.api('/me/events').get();
    expect(list.value).toEqual([]);
  });

  it('fails with the status and code asked for, and count=0 clears', async () => {
    const user = 'flaky@example.com';
    const client = graphClient(run.base, user);
    await control(run.base, 'fail-next', { email: user, status: '503', count: '5' });
    await expectGraphError(client.api('/me/events').get(), 503, 'serviceNotAvailable');
    await control(run.base, 'fail-next', { email: user, count: '0' });
    await control(run.base, 'fail-next', { email: user, status: '412', code: 'PreconditionFailed' });
    await expectGraphError(client.api('/me/events').get(), 412, 'PreconditionFailed');
    expect((await client.api('/me/events').get()).value).toEqual([]);
  });

  it('throttles with 503 serviceNotAvailable and Retry-After, as Graph may under load; nothing is sent', async () => {
    const user = 'loaded@example.com';
    const client = graphClient(run.base, user);
    await control(run.base, 'fail-next', { email: user, status: '503', retryAfter: '12' });
    const unavailable = await expectGraphError(
      client.api('/me/sendMail').post({ message }),
      503,
      'serviceNotAvailable',
    );
    expect(unavailable.headers?.get('retry-after')).toBe('12');
    expect((await inbox('sam@example.com')).filter((m) => m.from === user)).toEqual([]);
  });
});
