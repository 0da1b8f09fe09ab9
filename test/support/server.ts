import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Harness } from './harness.ts';

/** Serves a harness's app over real HTTP on a free loopback port. */
export async function serveHarness(h: Harness): Promise<{ url: string; close(): Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        close: () => new Promise<void>((done) => server.close(() => done())),
      });
    });
  });
}
