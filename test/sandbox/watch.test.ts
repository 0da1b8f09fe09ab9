/**
 * Calendar v3 "Push notifications": events.watch answers an `api#channel`; a `sync` message (number 1) comes
 * first, then one `exists` message per channel per change visible on the calendar, with the documented
 * `X-Goog-*` headers and no body. channels.stop ends a channel (404 when unknown); channels expire by the clock;
 * Google retries 500/502/503/504; delivery never blocks the API call.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  capturingDeliver,
  control,
  expectGoogleError,
  googleCalendar,
  type RunningSandbox,
  startSandbox,
} from './support.ts';

const maya = 'maya@example.com';
const sam = 'sam@example.com';
const event = {
  summary: '1:1',
  start: { dateTime: '2024-10-15T10:00:00Z' },
  end: { dateTime: '2024-10-15T10:30:00Z' },
};

function headersOf(request: Request): Record<string, string> {
  return Object.fromEntries([...request.headers.entries()].filter(([name]) => name.startsWith('x-goog-')));
}

describe('events.watch notifications', () => {
  const captured = capturingDeliver();
  let run: RunningSandbox;
  beforeAll(async () => {
    run = await startSandbox({ deliver: captured.deliver });
  });
  afterAll(() => run.close());
  const messagesFor = (channelId: string) =>
    captured.requests.filter((r) => r.headers.get('x-goog-channel-id') === channelId);

  it('answers with the channel and sends sync first, then one exists per change', async () => {
    const { api, options } = googleCalendar(run.base, maya);
    const { data: channel } = await api.events.watch(
      {
        calendarId: 'primary',
        requestBody: { id: 'chan-1', type: 'web_hook', address: 'https://hooks.example.com/google', token: 'secret-1' },
      },
      options,
    );
    expect(channel).toMatchObject({ kind: 'api#channel', id: 'chan-1', token: 'secret-1' });
    expect(channel.resourceId).toEqual(expect.any(String));
    // Default ttl: 604800 s by the sandbox clock.
    expect(channel.expiration).toBe(String(Date.parse('2024-10-01T08:00:00Z') + 604_800_000));
    expect(channel.resourceUri).toBe(`${run.base}/sandbox/google/calendar/v3/calendars/primary/events?alt=json`);

    await run.sandbox.idle();
    expect(messagesFor('chan-1').map(headersOf)).toEqual([
      {
        'x-goog-channel-id': 'chan-1',
        'x-goog-channel-token': 'secret-1',
        'x-goog-channel-expiration': 'Tue, 08 Oct 2024 08:00:00 GMT',
        'x-goog-resource-id': channel.resourceId,
        'x-goog-resource-uri': channel.resourceUri,
        'x-goog-resource-state': 'sync',
        'x-goog-message-number': '1',
      },
    ]);

    const { data: inserted } = await api.events.insert({ calendarId: 'primary', requestBody: event }, options);
    await api.events.patch(
      { calendarId: 'primary', eventId: inserted.id ?? '', requestBody: { summary: 'renamed' } },
      options,
    );
    await run.sandbox.idle();
    const messages = messagesFor('chan-1');
    expect(
      messages.map((r) => [r.method, r.headers.get('x-goog-resource-state'), r.headers.get('x-goog-message-number')]),
    ).toEqual([
      ['POST', 'sync', '1'],
      ['POST', 'exists', '2'],
      ['POST', 'exists', '3'],
    ]);
    expect(messages[0]?.url).toBe('https://hooks.example.com/google');
    expect(await messages[1]?.text()).toBe('');
  });

  it("notifies an attendee's channel when the organizer changes a shared event, and each channel once", async () => {
    const samCalendar = googleCalendar(run.base, sam);
    await samCalendar.api.events.watch(
      { calendarId: 'primary', requestBody: { id: 'sam-a', type: 'web_hook', address: 'https://a.example/' } },
      samCalendar.options,
    );
    await samCalendar.api.events.watch(
      { calendarId: 'primary', requestBody: { id: 'sam-b', type: 'web_hook', address: 'https://b.example/' } },
      samCalendar.options,
    );
    const { api, options } = googleCalendar(run.base, maya);
    await api.events.insert({ calendarId: 'primary', requestBody: { ...event, attendees: [{ email: sam }] } }, options);
    await run.sandbox.idle();
    expect(messagesFor('sam-a').map((r) => r.headers.get('x-goog-resource-state'))).toEqual(['sync', 'exists']);
    expect(messagesFor('sam-b').map((r) => r.headers.get('x-goog-resource-state'))).toEqual(['sync', 'exists']);
    expect(messagesFor('sam-a')[1]?.headers.get('x-goog-channel-token')).toBeNull();
  });

  it('stops a channel with channels.stop, and answers 404 for an unknown one', async () => {
    const { api, options } = googleCalendar(run.base, maya);
    const { data: channel } = await api.events.watch(
      {
        calendarId: 'primary',
        requestBody: { id: 'chan-stop', type: 'web_hook', address: 'https://hooks.example.com/x' },
      },
      options,
    );
    await api.channels.stop({ requestBody: { id: 'chan-stop', resourceId: channel.resourceId ?? '' } }, options);
    await api.events.insert({ calendarId: 'primary', requestBody: event }, options);
    await run.sandbox.idle();
    expect(messagesFor('chan-stop').map((r) => r.headers.get('x-goog-resource-state'))).toEqual(['sync']);
    await expectGoogleError(
      api.channels.stop({ requestBody: { id: 'chan-stop', resourceId: channel.resourceId ?? '' } }, options),
      404,
      'notFound',
    );
  });

  it('goes quiet after expiration by the sandbox clock', async () => {
    const { api, options } = googleCalendar(run.base, maya);
    await api.events.watch(
      {
        calendarId: 'primary',
        requestBody: {
          id: 'chan-ttl',
          type: 'web_hook',
          address: 'https://hooks.example.com/t',
          params: { ttl: '60' },
        },
      },
      options,
    );
    run.clock.advance(61_000);
    await api.events.insert({ calendarId: 'primary', requestBody: event }, options);
    await run.sandbox.idle();
    expect(messagesFor('chan-ttl').map((r) => r.headers.get('x-goog-resource-state'))).toEqual(['sync']);
  });

  it('loses notifications while paused, using up their message numbers', async () => {
    const { api, options } = googleCalendar(run.base, 'paused@example.com');
    await api.events.watch(
      { calendarId: 'primary', requestBody: { id: 'chan-pause', type: 'web_hook', address: 'https://p.example/' } },
      options,
    );
    await control(run.base, 'pause-notifications', { email: 'paused@example.com', paused: 'true' });
    await api.events.insert({ calendarId: 'primary', requestBody: event }, options);
    await control(run.base, 'pause-notifications', { email: 'paused@example.com', paused: 'false' });
    await api.events.insert({ calendarId: 'primary', requestBody: event }, options);
    await run.sandbox.idle();
    expect(messagesFor('chan-pause').map((r) => r.headers.get('x-goog-message-number'))).toEqual(['1', '3']);
  });
});

describe('delivery', () => {
  it('retries a 503 and then delivers, without blocking the API call', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const attempts: string[] = [];
    const run = await startSandbox({
      deliver: async (request) => {
        attempts.push(request.headers.get('x-goog-resource-state') ?? '');
        if (attempts.length === 1) await gate;
        return new Response(null, { status: attempts.length === 2 ? 503 : 200 });
      },
    });
    try {
      const { api, options } = googleCalendar(run.base, maya);
      await api.events.watch(
        { calendarId: 'primary', requestBody: { id: 'slow', type: 'web_hook', address: 'https://slow.example/' } },
        options,
      );
      // The receiver has not answered the sync message yet, and the API still answers.
      await api.events.insert({ calendarId: 'primary', requestBody: event }, options);
      expect(attempts).toEqual(['sync']);
      release();
      await run.sandbox.idle();
      expect(attempts).toEqual(['sync', 'exists', 'exists']);
    } finally {
      await run.close();
    }
  });

  it('does not retry a 4xx answer', async () => {
    const captured = capturingDeliver(() => 404);
    const run = await startSandbox({ deliver: captured.deliver });
    try {
      const { api, options } = googleCalendar(run.base, maya);
      await api.events.watch(
        { calendarId: 'primary', requestBody: { id: 'gone', type: 'web_hook', address: 'https://gone.example/' } },
        options,
      );
      await run.sandbox.idle();
      expect(captured.requests).toHaveLength(1);
    } finally {
      await run.close();
    }
  });
});
