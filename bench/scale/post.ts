/**
 * A lean HTTP POST for sending webhook notifications fast: `node:http` over a keep-alive agent, lighter than `fetch`
 * (undici) — the sender shares the machine's cores with the product it measures.
 */
import { Agent, request } from 'node:http';

/** A poster with `sockets` kept-alive connections to one origin; resolves to the status of each POST. */
export function poster(origin: string, sockets: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: sockets });
  const { hostname, port } = new URL(origin);
  return {
    post: (path: string, headers: Record<string, string>) =>
      new Promise<number>((answered, failed) => {
        const call = request({ agent, hostname, port, path, method: 'POST', headers }, (response) => {
          response.resume();
          response.on('end', () => answered(response.statusCode ?? 0));
        });
        call.on('error', failed);
        call.end();
      }),
    close: () => agent.destroy(),
  };
}
