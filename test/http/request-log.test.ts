import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { redactPath } from '../../src/http/middleware/request-log.ts';
import { api, type Harness, type SeededSeries, seedSeries, startHarness } from '../support/harness.ts';
import { type CapturedLogs, captureLogs } from '../support/logs.ts';

const TOKEN = 'Zk3v9QpXw2mN7bR4tY8uI1oP6aS5dF0gH3jK9lZ2xC1';

describe('redactPath', () => {
  it('replaces the link token of every agenda path and drops the query', () => {
    expect(redactPath(`/a/${TOKEN}`)).toBe('/a/:token');
    expect(redactPath(`/a/${TOKEN}/topics/123?occurrence=abc`)).toBe('/a/:token/topics/123');
    expect(redactPath('/a/short-junk')).toBe('/a/:token');
    expect(redactPath('/oauth/google/callback?code=4/0Ab-secret&state=xyz')).toBe('/oauth/google/callback');
    expect(redactPath('/webhooks/microsoft?validationToken=abc')).toBe('/webhooks/microsoft');
  });

  it('replaces anything token-like elsewhere, keeps ids and bounds the length', () => {
    expect(redactPath(`/x/${TOKEN}/y`)).toBe('/x/:token/y');
    const id = '0b6f2c1e-8d4a-4c57-9a55-8f3e0f3d9c21';
    expect(redactPath(`/account/prompts/${id}/resend`)).toBe(`/account/prompts/${id}/resend`);
    expect(redactPath(`/${'ab/'.repeat(200)}`).length).toBeLessThanOrEqual(201);
  });
});

describe('the request line', () => {
  let h: Harness;
  let seeded: SeededSeries;
  let logs: CapturedLogs;

  beforeAll(async () => {
    h = await startHarness();
    seeded = await seedSeries(h);
    logs = captureLogs('info');
  });
  afterAll(async () => {
    logs.stop();
    await h?.close();
  });

  it('is one JSON line per request with its id, method, redacted path, status and duration', async () => {
    const token = seeded.links.shared;
    const response = await h.app.request(`/a/${token}?tz=Europe/Berlin`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id');
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    const [line, ...more] = logs.events('http.request');
    expect(more).toEqual([]);
    expect(line).toMatchObject({ level: 'INFO', requestId, method: 'GET', path: '/a/:token', status: 200 });
    expect(typeof line?.ms).toBe('number');
    expect(Date.parse(String(line?.['@timestamp']))).not.toBeNaN();
    expect(logs.lines.join('\n')).not.toContain(token);
  });

  it('redacts writes, refusals and unknown tokens alike, and keeps a request id it was given', async () => {
    logs.lines.length = 0;
    const token = seeded.links.shared;
    await api(h, 'POST', `/a/${token}/topics`, { text: 'Hiring plan', as: 'sam@example.com' });
    await h.app.request(`/a/${TOKEN}`, { headers: { 'x-request-id': 'proxy-7f3a' } });
    await h.app.request(`/oauth/google/callback?code=4/0Ab-secret-code&state=${TOKEN}`);
    const lines = logs.events('http.request');
    expect(lines.map((line) => [line.method, line.path, line.status])).toEqual([
      ['POST', '/a/:token/topics', 201],
      ['GET', '/a/:token', 404],
      ['GET', '/oauth/google/callback', expect.any(Number)],
    ]);
    expect(lines[1]?.requestId).toBe('proxy-7f3a');
    const text = logs.lines.join('\n');
    for (const secret of [token, TOKEN, '4/0Ab-secret-code', 'Hiring plan']) expect(text).not.toContain(secret);
  });

  it('leaves an accepted webhook to its own webhook line, and still logs a refused one', async () => {
    logs.lines.length = 0;
    const unknown = await h.app.request('/webhooks/google', {
      method: 'POST',
      headers: {
        'x-goog-channel-id': 'no-such-channel',
        'x-goog-resource-state': 'exists',
        'x-goog-channel-token': 'some-token',
        'x-goog-resource-id': 'r1',
      },
    });
    expect(unknown.status).toBe(200);
    const junk = await h.app.request('/webhooks/google', { method: 'POST' });
    expect(junk.status).toBe(400);
    expect(logs.events('http.request').map((line) => [line.path, line.status])).toEqual([['/webhooks/google', 400]]);
    const webhooks = logs.events('webhook');
    expect(webhooks.map((line) => [line.outcome, line.status])).toEqual([
      ['unknown-channel', 200],
      ['malformed', 400],
    ]);
    expect(webhooks[0]?.requestId).toBe(unknown.headers.get('x-request-id'));
  });
});
