/**
 * Two kinds of HTTP front the chaos suite puts between the parts, so faults land on the wire as they would in
 * production:
 *
 * - an **instance front** per Carryover instance: its BASE_URL. Watches and subscriptions name it, so the sandbox's
 *   push notifications pass through it — and are delivered, lost, duplicated or held back (which reorders them) as
 *   the suite decides. It outlives the instance behind it: a killed instance's front answers 502 (the provider
 *   retries, then gives up) until the restarted instance is put behind it.
 * - a **sandbox front**: the SANDBOX_URL every instance uses. It can reset the next connections *before* the
 *   sandbox sees them (the request never reached the provider), where the sandbox's own `drop-after` resets them
 *   after it processed them.
 */
import { Agent, createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request read whole. */
interface Buffered {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingMessage['headers'];
  readonly body: Buffer;
}

/** An answer read whole. */
interface Answer {
  readonly status: number;
  readonly rawHeaders: readonly string[];
  readonly body: Buffer;
}

const agent = new Agent({ keepAlive: true, maxSockets: 64 });

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Sends a buffered request to 127.0.0.1:`port`; rejects on a network failure (a reset, a refused connection). */
function forward(port: number, req: Buffered): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const headers = { ...req.headers, 'content-length': String(req.body.length) };
    delete headers['transfer-encoding'];
    const out = httpRequest({ host: '127.0.0.1', port, method: req.method, path: req.url, headers, agent }, (res) => {
      readBody(res).then(
        (body) => resolve({ status: res.statusCode ?? 502, rawHeaders: res.rawHeaders, body }),
        reject,
      );
    });
    out.on('error', reject);
    out.end(req.body);
  });
}

function answer(res: ServerResponse, { status, rawHeaders, body }: Answer): void {
  const headers: [string, string][] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const name = rawHeaders[i] as string;
    if (/^(transfer-encoding|content-length|connection|keep-alive)$/i.test(name)) continue;
    headers.push([name, rawHeaders[i + 1] as string]);
  }
  headers.push(['content-length', String(body.length)]);
  res.writeHead(status, headers.flat());
  res.end(body);
}

/** The part of a Node socket a reset needs. */
function reset(req: IncomingMessage): void {
  req.socket.resetAndDestroy();
}

/** A listening front. */
export interface Front {
  readonly url: string;
  /** Resolves once nothing it holds back or forwards is still under way. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

/** What becomes of one push notification passing an instance front. */
export type NotificationFate =
  | { readonly kind: 'deliver' }
  | { readonly kind: 'lose' }
  | { readonly kind: 'duplicate' }
  | { readonly kind: 'delay'; readonly ms: number };

export interface InstanceFront extends Front {
  /** Puts an instance (its port) behind the front, or none (a killed instance). */
  target(port: number | undefined): void;
}

function listen(handler: (req: IncomingMessage, res: ServerResponse) => void, port = 0) {
  const server = createServer(handler);
  server.keepAliveTimeout = 5_000;
  return new Promise<{ url: string; close(): Promise<void> }>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${bound}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Tracks promises under way, for `idle()`. */
function tracker() {
  const under = new Set<Promise<unknown>>();
  return {
    track<T>(work: Promise<T>): Promise<T> {
      under.add(work);
      void work.finally(() => under.delete(work)).catch(() => undefined); // the caller sees the outcome itself
      return work;
    },
    async idle(): Promise<void> {
      while (under.size > 0) await Promise.allSettled([...under]);
    },
  };
}

/**
 * An instance's BASE_URL. Requests to `/webhooks/…` (but not Graph's validation handshake, which must be answered by
 * the instance) get the fate `fate()` chooses; everything else is passed through as it is.
 */
export async function startInstanceFront(fate: () => NotificationFate): Promise<InstanceFront> {
  let port: number | undefined;
  const work = tracker();
  const pass = async (req: Buffered): Promise<Answer> => {
    if (port === undefined) return { status: 502, rawHeaders: [], body: Buffer.from('instance down') };
    try {
      return await forward(port, req);
    } catch {
      // The instance died under the request: a gateway answers 502, as a load balancer would.
      return { status: 502, rawHeaders: [], body: Buffer.from('instance gone') };
    }
  };
  const server = await listen((req, res) => {
    void work.track(
      (async () => {
        const buffered: Buffered = {
          method: req.method ?? 'GET',
          url: req.url ?? '/',
          headers: req.headers,
          body: await readBody(req),
        };
        const isNotification = buffered.url.startsWith('/webhooks/') && !buffered.url.includes('validationToken=');
        const chosen: NotificationFate = isNotification ? fate() : { kind: 'deliver' };
        const accepted: Answer = { status: 202, rawHeaders: [], body: Buffer.alloc(0) };
        switch (chosen.kind) {
          case 'deliver':
            answer(res, await pass(buffered));
            return;
          case 'lose':
            answer(res, accepted);
            return;
          case 'duplicate': {
            const first = await pass(buffered);
            answer(res, first);
            await pass(buffered);
            return;
          }
          case 'delay':
            // Accepted at once (as a queueing front end would), handed on later: later notifications overtake it.
            answer(res, accepted);
            await new Promise((resolve) => setTimeout(resolve, chosen.ms));
            await pass(buffered);
            return;
        }
      })().catch(() => res.destroy()),
    );
  });
  return {
    url: server.url,
    idle: () => work.idle(),
    close: server.close,
    target(next) {
      port = next;
    },
  };
}

/** The instances' SANDBOX_URL: passes everything to the sandbox, except the connections it is told to reset first. */
export interface SandboxFront extends Front {
  /** The next `count` API calls whose path starts with `prefix` are reset before the sandbox sees them. */
  dropBefore(prefix: string, count: number): void;
  /** Clears every pending drop. */
  clear(): void;
}

export async function startSandboxFront(sandboxUrl: string): Promise<SandboxFront> {
  const upstream = Number(new URL(sandboxUrl).port);
  let drops: { prefix: string; remaining: number }[] = [];
  const work = tracker();
  const server = await listen((req, res) => {
    void work.track(
      (async () => {
        const url = req.url ?? '/';
        const drop = drops.find((d) => d.remaining > 0 && url.startsWith(d.prefix));
        if (drop) {
          drop.remaining -= 1;
          reset(req);
          return;
        }
        const buffered: Buffered = {
          method: req.method ?? 'GET',
          url,
          headers: req.headers,
          body: await readBody(req),
        };
        try {
          answer(res, await forward(upstream, buffered));
        } catch {
          // The sandbox reset the connection on purpose (`drop-after`): the client must see the same.
          reset(req);
        }
      })().catch(() => res.destroy()),
    );
  });
  return {
    url: server.url,
    idle: () => work.idle(),
    close: server.close,
    dropBefore(prefix, count) {
      drops.push({ prefix, remaining: count });
    },
    clear() {
      drops = [];
    },
  };
}
