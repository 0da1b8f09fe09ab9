import { describe, expect, it } from 'vitest';
import { createWorker } from '../src/worker-runtime.ts';

// Nothing listens there: each refusal comes before the Worker touches its database.
const env = {
  DATABASE_URL: 'postgres://nobody:x@127.0.0.1:1/none',
  SECRET_KEY: 'q6Yk0zH2m0P5pX1v8uJ3c9Rr4tWb7nLs1dFg2hKj3lA=',
};
const request = () => new Request('https://carryover.example.com/healthz');

/** What a health check sees from a Worker that cannot get ready: 503 and a reason, never a stack trace. */
async function unavailable(response: Response): Promise<string> {
  expect(response.status).toBe(503);
  const body = (await response.json()) as { status: string; message: string };
  expect(body.status).toBe('unavailable');
  expect(body.message).not.toMatch(/\n\s+at /);
  return body.message;
}

describe('the two Workers', () => {
  it('production never runs sandbox mode: a deployment without its credentials stops instead of becoming a demo', async () => {
    const worker = createWorker('production');
    expect(await unavailable(await worker.fetch(request(), { ...env }))).toMatch(
      /The production Worker never runs sandbox mode/,
    );
    expect(await unavailable(await worker.fetch(request(), { ...env, SANDBOX: 'true' }))).toMatch(
      /wrangler deploy --env demo/,
    );
  });

  it('the demo runs sandbox mode only', async () => {
    const worker = createWorker('demo');
    const credentials = { GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 'secret' };
    expect(await unavailable(await worker.fetch(request(), { ...env, ...credentials }))).toMatch(
      /The demo Worker runs sandbox mode only/,
    );
    expect(await unavailable(await worker.fetch(request(), { ...env, SANDBOX: 'false' }))).toMatch(
      /runs sandbox mode only/,
    );
  });

  it('answers /healthz 503 with the reason while its database is down, and tries again on the next request', async () => {
    const worker = createWorker('production');
    const production = { ...env, GOOGLE_CLIENT_ID: 'id', GOOGLE_CLIENT_SECRET: 'secret' };
    expect(await unavailable(await worker.fetch(request(), production))).toMatch(/ECONNREFUSED/);
    expect(await unavailable(await worker.fetch(request(), production))).toMatch(/ECONNREFUSED/);
  });
});
