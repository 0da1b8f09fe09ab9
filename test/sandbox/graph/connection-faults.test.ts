/**
 * What the network does at the worst moment, on the Graph emulator, through the real
 * `@microsoft/microsoft-graph-client`: `drop-after` — "user: sendMail" is accepted and the mail delivered (202
 * Accepted means accepted, and the client never hears it), an event written, the call counted, then the connection
 * is reset unanswered — and `delay-next`, a slow answer against the client's own abort signal. The Graph client
 * (GraphErrorHandler.constructError) wraps any failed fetch in a `GraphError` with `statusCode: -1`, `code` set to the
 * fetch error's name and its message, and drops the cause: a reset reads `code: 'TypeError'`, "fetch failed" — the
 * same as a refused connection — and a timeout `code: 'TimeoutError'`.
 */
import { GraphError } from '@microsoft/microsoft-graph-client';
import type { Event } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage, StatsSnapshot } from '../../../src/sandbox/sandbox.ts';
import { control, graphClient, type RunningSandbox, startSandbox } from './support.ts';

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
});
afterAll(() => run.close());

async function inbox(to: string): Promise<MailMessage[]> {
  return (await (await fetch(`${run.base}/sandbox/mail?to=${encodeURIComponent(to)}`)).json()) as MailMessage[];
}

async function failure(call: Promise<unknown>): Promise<unknown> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  return error;
}

/** Expects what the Graph client makes of a fetch that failed without a response. */
function expectNoResponse(error: unknown, code: string, text: string): void {
  expect(error).toBeInstanceOf(GraphError);
  expect(error).toMatchObject({ statusCode: -1, code, message: text, requestId: null, headers: undefined });
}

const message = (to: string, subject: string) => ({
  subject,
  body: { contentType: 'Text', content: 'See you Thursday.' },
  toRecipients: [{ emailAddress: { address: to } }],
});

describe('drop-after', () => {
  it("delivers a sendMail, then resets the connection: GraphError statusCode -1, code 'TypeError'", async () => {
    const sender = 'ada@example.com';
    const client = graphClient(run.base, sender);
    await control(run.base, 'drop-after', { email: sender });
    const dropped = await failure(client.api('/me/sendMail').post({ message: message('bo@example.com', 'Agenda') }));
    expectNoResponse(dropped, 'TypeError', 'fetch failed');

    expect((await inbox('bo@example.com')).map((m) => [m.from, m.subject])).toEqual([[sender, 'Agenda']]);
    const stats = (await (await fetch(`${run.base}/sandbox/stats?user=${sender}`)).json()) as StatsSnapshot;
    expect(stats[sender]).toEqual([{ method: 'POST', path: '/sandbox/graph/v1.0/me/sendMail', status: 202, count: 1 }]);
    await client.api('/me/sendMail').post({ message: message('bo@example.com', 'Notes') });
    expect(await inbox('bo@example.com')).toHaveLength(2);

    // What the client says is what it says of a request that never left: nothing tells the two apart.
    const refused = await failure(
      graphClient('http://127.0.0.1:1', sender)
        .api('/me/sendMail')
        .post({ message: message('bo@example.com', 'x') }),
    );
    expectNoResponse(refused, 'TypeError', 'fetch failed');
  });

  it('writes an event whose create the client saw fail', async () => {
    const organizer = 'cleo@example.com';
    const client = graphClient(run.base, organizer);
    await control(run.base, 'drop-after', { email: organizer });
    const event: Event = {
      subject: '1:1',
      start: { dateTime: '2024-10-03T09:00:00', timeZone: 'UTC' },
      end: { dateTime: '2024-10-03T09:30:00', timeZone: 'UTC' },
    };
    expectNoResponse(await failure(client.api('/me/events').post(event)), 'TypeError', 'fetch failed');
    const list = (await client.api('/me/events').get()) as { value: Event[] };
    expect(list.value.map((e) => e.subject)).toEqual(['1:1']);
  });
});

describe('delay-next', () => {
  it("holds a Graph call past the client's abort signal: GraphError statusCode -1, code 'TimeoutError'", async () => {
    const user = 'dov@example.com';
    const client = graphClient(run.base, user);
    await control(run.base, 'delay-next', { email: user, ms: '300' });
    const timedOut = await failure(client.api('/me/events').option('signal', AbortSignal.timeout(100)).get());
    expectNoResponse(timedOut, 'TimeoutError', 'The operation was aborted due to timeout');
    expect((await client.api('/me/events').get()).value).toEqual([]);
  });

  it('still delivers a sendMail the client gave up on, once the wait is over', async () => {
    const sender = 'eli@example.com';
    const client = graphClient(run.base, sender);
    await control(run.base, 'delay-next', { email: sender, ms: '300' });
    const timedOut = await failure(
      client
        .api('/me/sendMail')
        .option('signal', AbortSignal.timeout(100))
        .post({ message: message('fox@example.com', 'Late') }),
    );
    expectNoResponse(timedOut, 'TimeoutError', 'The operation was aborted due to timeout');
    expect(await inbox('fox@example.com')).toEqual([]);
    await expect.poll(() => inbox('fox@example.com'), { timeout: 2_000 }).toHaveLength(1);
  });
});
