import type { Context } from 'hono';
import { accountCounts } from '../../db/accounts.ts';
import { jobQueue } from '../../db/jobs.ts';
import { promptCounts } from '../../db/prompts.ts';
import type { AccountStatus, PromptKind, PromptState } from '../../db/schema.ts';
import { describeError, log } from '../../observability/log.ts';
import { metrics } from '../../observability/metrics.ts';
import { type GaugeFamily, PROMETHEUS_CONTENT_TYPE } from '../../observability/prometheus.ts';
import { hashToken, sameDigest } from '../../security/link-token.ts';
import type { AppEnv } from '../app-deps.ts';

type Ctx = Context<AppEnv>;

/** Every state, so a state with no rows reads 0 rather than vanishing from the scrape. */
const PROMPT_STATES: readonly PromptState[] = ['pending', 'sending', 'sent', 'failed', 'ambiguous', 'skipped'];
const PROMPT_KINDS: readonly PromptKind[] = ['reminder', 'recap'];
const ACCOUNT_STATUSES: readonly AccountStatus[] = ['active', 'needs_reconnect', 'disconnected'];
const JOB_STATES = ['scheduled', 'running', 'dead'] as const;

/**
 * GET /metrics, Prometheus text format: mounted only when METRICS_TOKEN is set, and then only for
 * `Authorization: Bearer <METRICS_TOKEN>` (compared as SHA-256 digests in constant time); anything else is a 401.
 * Counters are this process's (this isolate's, on Workers); gauges are read from the database now.
 */
export function metricsRoute(token: string) {
  const expected = hashToken(token);
  return async function serveMetrics(c: Ctx): Promise<Response> {
    const presented = /^Bearer (\S+)$/i.exec(c.req.header('authorization') ?? '')?.[1] ?? '';
    if (!sameDigest(await hashToken(presented), await expected)) {
      c.header('WWW-Authenticate', 'Bearer realm="metrics"');
      return c.json({ error: 'unauthorized', message: 'send Authorization: Bearer <METRICS_TOKEN>' }, 401);
    }
    const { db, clock } = c.get('deps');
    const gauges = await databaseGauges(c, db, clock());
    return c.body(metrics.render(gauges), 200, { 'Content-Type': PROMETHEUS_CONTENT_TYPE });
  };
}

/** The gauges read at scrape time, with `carryover_database_up` saying whether they could be. */
async function databaseGauges(c: Ctx, db: AppEnv['Variables']['deps']['db'], now: Date): Promise<GaugeFamily[]> {
  try {
    const [queue, prompts, accounts] = await Promise.all([jobQueue(db, now), promptCounts(db), accountCounts(db)]);
    const oldest = queue.oldestDueAt ? Math.max(0, (now.getTime() - queue.oldestDueAt.getTime()) / 1000) : 0;
    return [
      { name: 'carryover_database_up', help: 'Whether the database answered this scrape.', samples: [{ value: 1 }] },
      {
        name: 'carryover_oldest_due_job_age_seconds',
        help: 'How long the longest-waiting due job has been due (0: none is waiting).',
        samples: [{ value: oldest }],
      },
      {
        name: 'carryover_jobs',
        help: 'Jobs in the queue by state (dead: gave up, waiting for a person).',
        samples: JOB_STATES.map((state) => ({ labels: { state }, value: queue.byState[state] ?? 0 })),
      },
      {
        name: 'carryover_prompts',
        help: 'Emails of the outbox by kind (reminder before a meeting, recap after it) and state.',
        samples: PROMPT_KINDS.flatMap((kind) =>
          PROMPT_STATES.map((state) => ({ labels: { kind, state }, value: prompts[`${kind}:${state}`] ?? 0 })),
        ),
      },
      {
        name: 'carryover_accounts',
        help: 'Connected accounts by status.',
        samples: ACCOUNT_STATUSES.map((status) => ({ labels: { status }, value: accounts[status] ?? 0 })),
      },
    ];
  } catch (error) {
    log.warn('metrics.database-unavailable', { requestId: c.get('requestId'), error: describeError(error) });
    return [
      { name: 'carryover_database_up', help: 'Whether the database answered this scrape.', samples: [{ value: 0 }] },
    ];
  }
}
