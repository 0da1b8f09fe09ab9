import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREPARE_SOURCE } from '../../src/db/job-kinds.ts';
import { scheduleJob } from '../../src/db/jobs.ts';
import { createApp } from '../../src/http/app.tsx';
import { createMetrics } from '../../src/observability/metrics.ts';
import { Registry } from '../../src/observability/prometheus.ts';
import { googleDriver, microsoftDriver, weeklyOneOnOne } from '../contract/drivers.ts';
import { followRedirects, type ServiceHarness, startService } from '../support/service.ts';

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';

/** The samples of a scrape: `name{labels}` → value. */
function parse(text: string): { name: string; labels: Record<string, string>; value: number }[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const match = /^([a-z_]+)(?:\{(.*)\})? (\S+)$/.exec(line);
      if (!match) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
      return { name: match[1]!, labels, value: Number(match[3]) };
    });
}

function value(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  return parse(text).find(
    (sample) => sample.name === name && Object.entries(labels).every(([key, v]) => sample.labels[key] === v),
  )?.value;
}

describe('the metrics registry', () => {
  it('renders counters, histograms and gauges in the text format, escaping label values', () => {
    const registry = new Registry();
    registry.counter('x_total', 'Some "things".', ['what']).inc({ what: 'a "quoted"\\path\n' }, 2);
    registry.histogram('x_seconds', 'Durations.', ['what'], [0.1, 1]).observe({ what: 'a' }, 0.5);
    const text = registry.render([{ name: 'x_now', help: 'Now.', samples: [{ labels: { s: 'on' }, value: 3 }] }]);
    expect(text).toBe(
      [
        '# HELP x_total Some "things".',
        '# TYPE x_total counter',
        'x_total{what="a \\"quoted\\"\\\\path\\n"} 2',
        '# HELP x_seconds Durations.',
        '# TYPE x_seconds histogram',
        'x_seconds_bucket{what="a",le="0.1"} 0',
        'x_seconds_bucket{what="a",le="1"} 1',
        'x_seconds_bucket{what="a",le="+Inf"} 1',
        'x_seconds_sum{what="a"} 0.5',
        'x_seconds_count{what="a"} 1',
        '# HELP x_now Now.',
        '# TYPE x_now gauge',
        'x_now{s="on"} 3',
        '',
      ].join('\n'),
    );
  });

  it('counts provider calls, throttling, jobs and webhooks under their labels', () => {
    const m = createMetrics();
    m.providerCall({ provider: 'google', operation: 'events.list', status: 429, throttled: true, ms: 120 });
    m.providerCall({ provider: 'google', operation: 'events.list', status: 200, throttled: false, ms: 80 });
    m.jobRun('sync-calendar', 'done', 40);
    m.webhook('microsoft', 'forged');
    const text = m.render();
    expect(value(text, 'carryover_provider_calls_total', { operation: 'events.list', status: '429' })).toBe(1);
    expect(value(text, 'carryover_provider_throttled_total', { provider: 'google' })).toBe(1);
    expect(value(text, 'carryover_provider_call_duration_seconds_count', { operation: 'events.list' })).toBe(2);
    expect(value(text, 'carryover_jobs_total', { kind: 'sync-calendar', outcome: 'done' })).toBe(1);
    expect(value(text, 'carryover_webhooks_total', { provider: 'microsoft', outcome: 'forged' })).toBe(1);
  });
});

describe('GET /metrics', () => {
  let s: ServiceHarness;
  /** The same service as an instance with METRICS_TOKEN set would serve it. */
  let scrape: (authorization?: string) => Promise<Response>;

  beforeAll(async () => {
    s = await startService({ now: '2026-11-24T09:00:00Z' });
    const app = createApp({
      db: s.db,
      databaseKind: s.database.kind,
      keys: s.keys,
      clock: s.clock,
      baseUrl: s.url,
      sandbox: true,
      metricsToken: METRICS_TOKEN,
    });
    scrape = (authorization) =>
      app.request('/metrics', authorization ? { headers: { authorization } } : {}) as Promise<Response>;
    // Maya connects Google, Lee connects Outlook; each has a weekly 1:1 that is prepared, held, and prompted for.
    await followRedirects(`${s.url}/connect/google?login_hint=maya@example.com`);
    await followRedirects(`${s.url}/connect/microsoft?login_hint=lee@example.com`);
    await googleDriver.createWeekly(s, weeklyOneOnOne(googleDriver));
    await microsoftDriver.createWeekly(s, { ...weeklyOneOnOne(microsoftDriver), organizer: 'lee@example.com' });
    await s.settle();
    s.clock.set('2026-11-24T10:31:00Z');
    await s.settle();
  }, 90_000);
  afterAll(() => s?.close());

  it('is not served at all without METRICS_TOKEN', async () => {
    const response = await fetch(`${s.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(response.status).toBe(404);
  });

  it('answers 401 to a missing, wrong or non-bearer token', async () => {
    for (const authorization of [undefined, 'Bearer wrong', `Basic ${METRICS_TOKEN}`, `Bearer ${METRICS_TOKEN}x`]) {
      const response = await scrape(authorization);
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain('Bearer');
      expect(await response.text()).not.toContain('carryover_');
    }
  });

  it('counts what a real flow did and reads the states from the database', async () => {
    const response = await scrape(`Bearer ${METRICS_TOKEN}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await response.text();
    expect(value(text, 'carryover_database_up')).toBe(1);
    // Provider calls, by operation and status: Google's by API method, Graph's by path with ids left out.
    const calls = parse(text).filter((sample) => sample.name === 'carryover_provider_calls_total');
    expect(
      value(text, 'carryover_provider_calls_total', { provider: 'google', operation: 'events.list', status: '200' }),
    ).toBeGreaterThan(0);
    // Each 1:1 sent two reminders before its meeting (it was found within REMINDER_HOURS of it) and two recaps after.
    expect(
      value(text, 'carryover_provider_calls_total', { provider: 'google', operation: 'gmail.messages.send' }),
    ).toBe(4);
    expect(
      value(text, 'carryover_provider_calls_total', { provider: 'microsoft', operation: 'POST me/sendMail' }),
    ).toBe(4);
    expect(calls.some((c) => c.labels.operation === 'GET me/events/{id}/instances')).toBe(true);
    for (const call of calls.filter((c) => c.labels.provider === 'microsoft')) {
      expect(call.labels.operation).toMatch(/^((GET|POST|PATCH|DELETE) [A-Za-z/{}.]+|code exchange|token refresh)$/);
    }
    expect(value(text, 'carryover_provider_call_duration_seconds_count', { operation: 'events.list' })).toBeGreaterThan(
      0,
    );
    expect(value(text, 'carryover_jobs_total', { kind: 'sync-calendar', outcome: 'done' })).toBeGreaterThan(0);
    expect(value(text, 'carryover_jobs_total', { kind: 'send-prompts', outcome: 'done' })).toBeGreaterThan(0);
    expect(value(text, 'carryover_webhooks_total', { provider: 'google', outcome: 'accepted' })).toBeGreaterThan(0);
    expect(value(text, 'carryover_webhooks_total', { provider: 'microsoft', outcome: 'accepted' })).toBeGreaterThan(0);
    // Gauges, read now: both accounts active, four reminders and four recaps sent, nothing waiting.
    expect(value(text, 'carryover_accounts', { status: 'active' })).toBe(2);
    expect(value(text, 'carryover_accounts', { status: 'needs_reconnect' })).toBe(0);
    expect(value(text, 'carryover_prompts', { kind: 'recap', state: 'sent' })).toBe(4);
    expect(value(text, 'carryover_prompts', { kind: 'reminder', state: 'sent' })).toBe(4);
    expect(value(text, 'carryover_prompts', { kind: 'recap', state: 'ambiguous' })).toBe(0);
    expect(value(text, 'carryover_oldest_due_job_age_seconds')).toBe(0);
  });

  it('reports how long the oldest due job has waited', async () => {
    await scheduleJob(s.db, { kind: PREPARE_SOURCE, key: 'waiting', runAt: new Date(s.clock().getTime() - 90_000) });
    const text = await (await scrape(`Bearer ${METRICS_TOKEN}`)).text();
    expect(value(text, 'carryover_oldest_due_job_age_seconds')).toBe(90);
    expect(value(text, 'carryover_jobs', { state: 'scheduled' })).toBeGreaterThan(0);
  });
});
