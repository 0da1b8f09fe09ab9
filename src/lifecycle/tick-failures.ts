import { describeError, log } from '../observability/log.ts';
import { metrics } from '../observability/metrics.ts';
import type { TickReport } from './tick.ts';

/**
 * What the tick loop remembers about failing ticks, so that a tick failing every interval for the same reason (the
 * database is down, the schema is gone) is said once, not every ten seconds: the reason it fails for now, if any,
 * and how many ticks in a row have failed.
 */
export interface TickFailures {
  readonly failing: string | undefined;
  readonly inARow: number;
}

/** What is worth a line after a tick: a new reason to fail (the first, or a changed one), or a recovery. */
export type TickFailureNews =
  | { readonly kind: 'failing'; readonly reason: string; readonly inARow: number; readonly previous?: string }
  | { readonly kind: 'recovered'; readonly failed: number; readonly reason: string };

export const NO_TICK_FAILURES: TickFailures = { failing: undefined, inARow: 0 };

/**
 * The state after one tick (`undefined`: it ran; else why it failed) and what, if anything, to say about it. Pure: the
 * loop keeps the state.
 *
 * @example
 * nextTickFailures(NO_TICK_FAILURES, 'connect ECONNREFUSED') // says 'failing'
 * nextTickFailures({ failing: 'connect ECONNREFUSED', inARow: 1 }, 'connect ECONNREFUSED') // says nothing
 */
export function nextTickFailures(
  state: TickFailures,
  failure: string | undefined,
): { readonly state: TickFailures; readonly news?: TickFailureNews } {
  if (failure === undefined) {
    if (state.failing === undefined) return { state };
    return { state: NO_TICK_FAILURES, news: { kind: 'recovered', failed: state.inARow, reason: state.failing } };
  }
  if (failure === state.failing) return { state: { failing: failure, inARow: state.inARow + 1 } };
  const news: TickFailureNews = {
    kind: 'failing',
    reason: failure,
    inARow: state.inARow + 1,
    ...(state.failing !== undefined && { previous: state.failing }),
  };
  return { state: { failing: failure, inARow: state.inARow + 1 }, news };
}

/** Hooks for a tick loop (src/lifecycle/tick-loop.ts) or a Worker's cron tick. */
export interface TickHooks {
  onTick(report: TickReport): void;
  onError(error: unknown): void;
}

/**
 * The tick loop's log: a `tick.failed` error line when ticks start failing or fail for a new reason, a
 * `tick.recovered` line when they run again, nothing while they fail the same way. Every failed tick is counted in
 * `carryover_tick_failures_total`. Jobs have their own lines (`job.run`).
 */
export function tickLogger(): TickHooks {
  let state = NO_TICK_FAILURES;
  const after = (failure: string | undefined) => {
    const next = nextTickFailures(state, failure);
    state = next.state;
    const news = next.news;
    if (news?.kind === 'failing') {
      log.error('tick.failed', { error: news.reason, inARow: news.inARow, previousError: news.previous });
    } else if (news?.kind === 'recovered') {
      log.info('tick.recovered', { failedTicks: news.failed, error: news.reason });
    }
  };
  return {
    onTick: () => after(undefined),
    onError: (error) => {
      metrics.tickFailed();
      after(describeError(error));
    },
  };
}
