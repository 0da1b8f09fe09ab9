/**
 * What the network does at the worst moment, on the Google emulator, through the real googleapis clients (gaxios):
 * `drop-after` — the call is processed (Gmail's mail delivered, Calendar's event written, the call counted), then
 * the connection is reset unanswered, the ambiguous outcome Gmail's "users.messages.send" leaves a sender with (no
 * idempotency key: ENGINEERING.md › Gmail send) — and `delay-next`, a slow answer against the client's own timeout
 * (gaxios `timeout`), after which the provider still does what it was asked.
 */
import { Buffer } from 'node:buffer';
import { gaxios } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage, StatsSnapshot } from '../../src/sandbox/sandbox.ts';
import { createSandbox } from '../../src/sandbox/sandbox.ts';
import { control, googleCalendar, googleGmail, type RunningSandbox, startSandbox } from './support.ts';

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
});
afterAll(() => run.close());

function raw(from: string, to: string, subject: string): string {
  return Buffer.from(
    [`From: ${from}`, `To: ${to}`, `Subject: ${subject}`, '', 'See you Thursday.'].join('\r\n'),
  ).toString('base64url');
}

async function inbox(base: string, to: string): Promise<MailMessage[]> {
  return (await (await fetch(`${base}/sandbox/mail?to=${encodeURIComponent(to)}`)).json()) as MailMessage[];
}

async function failure(call: Promise<unknown>): Promise<gaxios.GaxiosError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(gaxios.GaxiosError);
  return error as gaxios.GaxiosError;
}

const SEND = '/sandbox/google/gmail/v1/users/:userId/messages/send';

describe('drop-after', () => {
  it('delivers a Gmail send, then resets the connection: the client gets ECONNRESET and no response', async () => {
    const sender = 'paz@example.com';
    const { api, options } = googleGmail(run.base, sender);
    await control(run.base, 'drop-after', { email: sender });
    const dropped = await failure(
      api.users.messages.send(
        { userId: 'me', requestBody: { raw: raw(sender, 'quinn@example.com', 'Agenda') } },
        options,
      ),
    );
    expect(dropped.code).toBe('ECONNRESET');
    expect(dropped.status).toBeUndefined();
    expect(dropped.response).toBeUndefined();

    expect((await inbox(run.base, 'quinn@example.com')).map((m) => [m.from, m.subject])).toEqual([[sender, 'Agenda']]);
    const stats = (await (await fetch(`${run.base}/sandbox/stats?user=${sender}`)).json()) as StatsSnapshot;
    expect(stats[sender]).toEqual([{ method: 'POST', path: SEND, status: 200, count: 1 }]);

    const next = await api.users.messages.send(
      { userId: 'me', requestBody: { raw: raw(sender, 'quinn@example.com', 'Notes') } },
      options,
    );
    expect(next.data.labelIds).toEqual(['SENT']);
  });

  it('writes a Calendar event whose insert the client saw fail, for the next `count` calls only', async () => {
    const organizer = 'rue@example.com';
    const { api, options } = googleCalendar(run.base, organizer);
    await control(run.base, 'drop-after', { email: organizer, count: '2' });
    const event = {
      summary: '1:1',
      start: { dateTime: '2024-10-03T09:00:00Z' },
      end: { dateTime: '2024-10-03T09:30:00Z' },
    };
    expect((await failure(api.events.insert({ calendarId: 'primary', requestBody: event }, options))).code).toBe(
      'ECONNRESET',
    );
    expect((await failure(api.events.list({ calendarId: 'primary' }, options))).code).toBe('ECONNRESET');
    const { data } = await api.events.list({ calendarId: 'primary' }, options);
    expect(data.items?.map((e) => e.summary)).toEqual(['1:1']);
  });

  it('count=0 clears; other users are untouched', async () => {
    const user = 'sol@example.com';
    const { api, options } = googleCalendar(run.base, user);
    await control(run.base, 'drop-after', { email: user, count: '3' });
    const other = googleCalendar(run.base, 'tam@example.com');
    expect((await other.api.events.list({ calendarId: 'primary' }, other.options)).status).toBe(200);
    await control(run.base, 'drop-after', { email: user, count: '0' });
    expect((await api.events.list({ calendarId: 'primary' }, options)).status).toBe(200);
  });

  it('drops too when the entry point calls app.fetch(request) without the Node bindings', async () => {
    const bare = await startSandbox({ nodeBindings: false });
    try {
      const sender = 'uma@example.com';
      const { api, options } = googleGmail(bare.base, sender);
      await control(bare.base, 'drop-after', { email: sender });
      const dropped = await failure(
        api.users.messages.send({ userId: 'me', requestBody: { raw: raw(sender, 'vic@example.com', 'Hi') } }, options),
      );
      expect(dropped.code).toBe('ECONNRESET');
      expect(await inbox(bare.base, 'vic@example.com')).toHaveLength(1);
    } finally {
      await bare.close();
    }
  });

  it('answers 501 where there is no connection to drop (in-process app.request, as under workerd)', async () => {
    const sandbox = createSandbox({ clock: () => new Date('2024-10-01T08:00:00Z') });
    const response = await sandbox.app.request('/sandbox/control/google/drop-after?email=wes@example.com', {
      method: 'POST',
    });
    expect(response.status).toBe(501);
  });
});

describe('delay-next', () => {
  it("holds a Calendar call past gaxios' timeout: code TimeoutError, no status; the next call is prompt", async () => {
    const user = 'xia@example.com';
    const { api, options } = googleCalendar(run.base, user);
    await control(run.base, 'delay-next', { email: user, ms: '300' });
    const timedOut = await failure(api.events.list({ calendarId: 'primary' }, { ...options, timeout: 100 }));
    expect(timedOut.code).toBe('TimeoutError');
    expect(timedOut.status).toBeUndefined();
    expect(timedOut.response).toBeUndefined();
    expect((await api.events.list({ calendarId: 'primary' }, { ...options, timeout: 100 })).status).toBe(200);
  });

  it('still delivers a Gmail send the client gave up on, once the wait is over', async () => {
    const sender = 'yan@example.com';
    const { api, options } = googleGmail(run.base, sender);
    await control(run.base, 'delay-next', { email: sender, ms: '300' });
    const started = Date.now();
    const timedOut = await failure(
      api.users.messages.send(
        { userId: 'me', requestBody: { raw: raw(sender, 'zed@example.com', 'Late') } },
        { ...options, timeout: 100 },
      ),
    );
    expect(timedOut.code).toBe('TimeoutError');
    expect(await inbox(run.base, 'zed@example.com')).toEqual([]);
    await expect.poll(() => inbox(run.base, 'zed@example.com'), { timeout: 2_000 }).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });

  it('refuses a wait out of range', async () => {
    const response = await fetch(`${run.base}/sandbox/control/google/delay-next?email=a@example.com&ms=0`, {
      method: 'POST',
    });
    expect(response.status).toBe(400);
  });
});
