/**
 * The standalone sandbox for the scale benchmark, in a process of its own: `startStandaloneSandbox`
 * (src/sandbox/standalone.ts, what `npm run sandbox` runs) on SANDBOX_PORT, state in memory. One addition, for the
 * benchmark only: it remembers the headers of the last push notification it delivered on each Google channel, so the
 * benchmark can post notifications Carryover accepts as genuine (the channel token is a secret Carryover stores only
 * hashed). Asked over the IPC channel: `{ id, type: 'channels' }` → `{ id, channels: GoogleChannel[] }`.
 *
 * Run by bench/scale.ts: `node --import tsx bench/scale/sandbox-process.ts` with an IPC channel.
 */
import { startStandaloneSandbox } from '../../src/sandbox/standalone.ts';

/** What a genuine notification on one channel carries (all but the state and the message number). */
export interface GoogleChannel {
  readonly channelId: string;
  readonly token: string;
  readonly resourceId: string;
  readonly resourceUri: string;
  readonly address: string;
}

// The emulators deliver through globalThis.fetch, read at each delivery: wrap it to see the channel headers.
const byResource = new Map<string, GoogleChannel>();
const realFetch = globalThis.fetch;
globalThis.fetch = async (input, init) => {
  if (input instanceof Request) {
    const channelId = input.headers.get('x-goog-channel-id');
    const resourceId = input.headers.get('x-goog-resource-id');
    if (channelId && resourceId) {
      // The newest channel of a calendar wins: a renewal replaces the old one.
      byResource.set(resourceId, {
        channelId,
        token: input.headers.get('x-goog-channel-token') ?? '',
        resourceId,
        resourceUri: input.headers.get('x-goog-resource-uri') ?? '',
        address: input.url,
      });
    }
  }
  return realFetch(input, init);
};

const port = Number(process.env.SANDBOX_PORT ?? 0);
const standalone = await startStandaloneSandbox({ port, hostname: '127.0.0.1' });

process.on('message', (message: { id: number; type: string }) => {
  if (message?.type === 'channels') process.send?.({ id: message.id, channels: [...byResource.values()] });
});
process.send?.({ id: 0, url: standalone.url });

const stop = async () => {
  await standalone.close();
  process.exit(0);
};
process.on('SIGTERM', () => void stop());
process.on('SIGINT', () => void stop());
