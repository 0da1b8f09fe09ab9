import { runTick, type TickOptions, type TickReport } from './tick.ts';
import { tickLogger } from './tick-failures.ts';

/** A running tick loop: stop it to shut down cleanly. */
export interface TickLoop {
  /**
   * Stops claiming, lets the job under way finish within `graceMs`, and gives the jobs not started back for another
   * instance at once. Resolves 'finished', or 'timeout' when the job under way outlived the grace period (its lease
   * then runs out and another instance takes it over).
   */
  stop(): Promise<'finished' | 'timeout'>;
}

export interface TickLoopOptions extends Omit<TickOptions, 'signal'> {
  readonly intervalMs: number;
  readonly graceMs: number;
  /** Told what each tick did (default: `tickLogger()`'s, which logs a recovery). */
  readonly onTick?: (report: TickReport) => void;
  /**
   * Told when a tick itself failed (the database is unreachable): the loop goes on. Default: `tickLogger()`'s, which
   * logs a failure once per distinct reason instead of every interval.
   */
  readonly onError?: (error: unknown) => void;
}

/** Runs ticks one after another, starting `intervalMs` apart (or at once after a longer one), until stopped. The same loop serves Node and the tests. */
export function startTickLoop(options: TickLoopOptions): TickLoop {
  const logged = tickLogger();
  const { onTick = logged.onTick, onError = logged.onError } = options;
  const stopping = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let ticking: Promise<void> = Promise.resolve();
  const tick = () => {
    ticking = (async () => {
      const started = performance.now();
      try {
        const report = await runTick({ ...options, signal: stopping.signal });
        onTick(report);
      } catch (error) {
        onError(error);
      }
      // Start to start: a tick that used its budget is followed at the interval, not an interval after it ended.
      const elapsed = performance.now() - started;
      if (!stopping.signal.aborted) timer = setTimeout(tick, Math.max(0, options.intervalMs - elapsed));
    })();
  };
  tick();
  return {
    async stop() {
      stopping.abort();
      if (timer) clearTimeout(timer);
      let graceTimer: ReturnType<typeof setTimeout> | undefined;
      const graceOver = new Promise<'timeout'>((resolve) => {
        graceTimer = setTimeout(() => resolve('timeout'), options.graceMs);
      });
      const outcome = await Promise.race([ticking.then(() => 'finished' as const), graceOver]);
      clearTimeout(graceTimer);
      return outcome;
    },
  };
}
