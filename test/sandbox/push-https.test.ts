/**
 * Calendar v3 "Push notifications" wants an HTTPS receiver with a valid certificate: events.watch to a plain-http
 * address is refused with 400 `push.webhookUrlNotHttps` "WebHook callback must be HTTPS: …". The sandbox does the
 * same unless it runs with `allowHttpPush` (on by default, for tests and demos served over http on loopback).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingDeliver, expectGoogleError, googleCalendar, type RunningSandbox, startSandbox } from './support.ts';

const watch = (address: string, id: string) => ({
  calendarId: 'primary',
  requestBody: { id, type: 'web_hook', address },
});

describe('events.watch with allowHttpPush off (as Google)', () => {
  const captured = capturingDeliver();
  let run: RunningSandbox;
  beforeAll(async () => {
    run = await startSandbox({ deliver: captured.deliver, allowHttpPush: false });
  });
  afterAll(() => run.close());

  it('refuses an http:// address with 400 push.webhookUrlNotHttps and opens no channel', async () => {
    const { api, options } = googleCalendar(run.base, 'maya@example.com');
    const refused = await expectGoogleError(
      api.events.watch(watch('http://127.0.0.1:3000/webhooks/google', 'plain'), options),
      400,
      'push.webhookUrlNotHttps',
    );
    expect((refused.response?.data as { error: { message: string } } | undefined)?.error.message).toBe(
      'WebHook callback must be HTTPS: http://127.0.0.1:3000/webhooks/google',
    );
    await run.sandbox.idle();
    expect(captured.requests).toEqual([]);
  });

  it('accepts an https:// address', async () => {
    const { api, options } = googleCalendar(run.base, 'maya@example.com');
    const { data } = await api.events.watch(watch('https://hooks.example.com/google', 'secure'), options);
    expect(data.id).toBe('secure');
  });
});

describe('events.watch with the sandbox allowance (the default)', () => {
  let run: RunningSandbox;
  beforeAll(async () => {
    run = await startSandbox({ deliver: capturingDeliver().deliver });
  });
  afterAll(() => run.close());

  it('accepts an http:// address, for a service served over plain http on loopback', async () => {
    const { api, options } = googleCalendar(run.base, 'maya@example.com');
    const { data } = await api.events.watch(watch('http://127.0.0.1:3000/webhooks/google', 'loopback'), options);
    expect(data.id).toBe('loopback');
  });
});
