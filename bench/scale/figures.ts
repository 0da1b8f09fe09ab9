/**
 * The scale benchmark's figures for one N, how ticks are told apart in the log, and the printed tables.
 */
import type { JobRun } from './processes.ts';

/** Everything measured at one N. */
export interface ScaleFigures {
  readonly managers: number;
  readonly calendars: number;
  readonly series: number;
  readonly seed: {
    readonly seriesSeconds: number;
    readonly connectSeconds: number;
    readonly connectsPerSecond: number;
    readonly connectMedianSeconds: number;
    /** From the last connect until the first syncs, preparations and invite writes were all done. */
    readonly settleSeconds: number;
    readonly settleJobs: number;
    /** From the first connect until the first syncs had settled (batches, waits and clock moves included). */
    readonly wallSeconds: number;
  };
  readonly webhooks: {
    readonly sent: number;
    readonly perCalendar: number;
    readonly concurrency: number;
    readonly seconds: number;
    readonly perSecond: number;
    readonly statuses: Record<string, number>;
    /** Sync jobs due right after the last notification was answered, and the most for one calendar. */
    readonly syncJobsDueAfter: number;
    readonly maxDuePerCalendar: number;
    /** Sync runs from the first notification until the queue emptied, per calendar. */
    readonly syncRunsPerCalendar: number;
    readonly drainSeconds: number;
    /** CPU of each process per notification while they were being sent. */
    readonly productCpuMsEach: number;
    readonly sandboxCpuMsEach: number;
    /** The benchmark's own CPU per notification sent (is the sender the limit?). */
    readonly benchCpuMsEach: number;
  };
  /** A window of real time, clocks at 1×, with the polls spread as the connects were. */
  readonly realTime: {
    readonly seconds: number;
    readonly jobs: number;
    readonly duePerMinute: number;
    readonly donePerMinute: number;
    readonly peakDue: number;
    readonly oldestDueSeconds: number;
  };
  /** Ticks of the 1× window: polls that found nothing changed. */
  readonly ticks: TickFigures;
  readonly idleTick: { readonly seconds: number; readonly ticks: number; readonly cpuMsPerTick: number };
  readonly day: {
    readonly hours: number;
    readonly stepMinutes: number;
    readonly steps: number;
    readonly jobsDone: number;
    readonly jobsFailed: number;
    /** Jobs done per simulated minute (what is due per minute at 1× time) and per real minute of draining. */
    readonly duePerMinute: number;
    readonly donePerRealMinute: number;
    /** The step with the most work: jobs, and the real seconds its queue took to empty. */
    readonly worstStep: { readonly jobs: number; readonly drainSeconds: number; readonly drained: boolean };
    /** Steps whose queue did not empty within the step's own length of real time (a backlog at 1× time). */
    readonly stepsBehind: number;
    /** Longest real wait of a due job after its step (the oldest due job's age, at 1× time an upper bound). */
    readonly oldestDueSeconds: number;
    readonly providerCallsPerCalendarPerDay: number;
    readonly callsByOperation: Record<string, number>;
    readonly pollerCallsPerCalendarPerDay: number;
    readonly pollerCalendars: number;
  };
  readonly memory: {
    /** When the first syncs had settled. */
    readonly productSettledMiB: number;
    readonly productRssMiB: number;
    readonly productPeakMiB: number;
    readonly productMaxSampledMiB: number;
    readonly sandboxRssMiB: number;
    readonly sandboxPeakMiB: number;
  };
  readonly jobStates: Record<string, number>;
  readonly warnings: number;
  readonly totalSeconds: number;
}

/** Ticks that ran jobs: how long each took from its first job's start to its last job's end, and its jobs. */
export interface TickFigures {
  readonly ticks: number;
  readonly medianMs: number;
  readonly p95Ms: number;
  readonly maxMs: number;
  readonly jobsPerTickMedian: number;
  readonly jobsPerTickMax: number;
  readonly syncMedianMs: number;
}

export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

/**
 * Groups job runs into ticks: jobs of one tick run back to back; between ticks the loop waits a whole interval, so
 * a gap of more than half an interval starts a new tick. (Seen from the log, so it holds whatever the tick's
 * internals become — batches, concurrency, a time budget.)
 */
export function ticksOf(runs: readonly JobRun[], intervalMs: number): TickFigures {
  const sorted = [...runs].sort((a, b) => a.startMs - b.startMs);
  const ticks: { start: number; end: number; jobs: number }[] = [];
  for (const run of sorted) {
    const last = ticks.at(-1);
    if (last && run.startMs - last.end <= intervalMs / 2) {
      last.end = Math.max(last.end, run.endMs);
      last.jobs += 1;
    } else {
      ticks.push({ start: run.startMs, end: run.endMs, jobs: 1 });
    }
  }
  const ms = ticks.map((t) => t.end - t.start);
  const jobs = ticks.map((t) => t.jobs);
  const syncs = runs.filter((r) => r.kind === 'sync-calendar').map((r) => r.endMs - r.startMs);
  return {
    ticks: ticks.length,
    medianMs: quantile(ms, 0.5),
    p95Ms: quantile(ms, 0.95),
    maxMs: ms.length ? Math.max(...ms) : Number.NaN,
    jobsPerTickMedian: quantile(jobs, 0.5),
    jobsPerTickMax: jobs.length ? Math.max(...jobs) : Number.NaN,
    syncMedianMs: quantile(syncs, 0.5),
  };
}

const round = (value: number, digits = 0) =>
  Number.isFinite(value) ? value.toLocaleString('en-US', { maximumFractionDigits: digits }) : '—';

/** The rows of the figures table: label, unit-bearing value per N, and the target where there is one. */
function rows(f: ScaleFigures): [string, string, string][] {
  const d = f.day;
  return [
    ['calendars / series', `${round(f.calendars)} / ${round(f.series)}`, ''],
    [
      'connect flow (OAuth via consent page)',
      `${round(f.seed.connectsPerSecond, 1)}/s, median ${round(f.seed.connectMedianSeconds * 1000)} ms`,
      '',
    ],
    [
      'connects + first syncs: wall time / settled after the last',
      `${round(f.seed.wallSeconds)} s / ${round(f.seed.settleSeconds, 1)} s (${f.seed.settleJobs} jobs)`,
      '',
    ],
    [
      `1× window (${f.realTime.seconds} s): jobs due / done per minute`,
      `${round(f.realTime.duePerMinute, 1)} / ${round(f.realTime.donePerMinute, 1)}`,
      'done = due',
    ],
    [
      '  oldest due job / most due at once',
      `${round(f.realTime.oldestDueSeconds, 1)} s / ${f.realTime.peakDue}`,
      '< interval',
    ],
    ['simulated day: jobs due per minute (1× time)', round(d.duePerMinute, 1), ''],
    ['  capacity: jobs done per real minute while work waited', round(d.donePerRealMinute), '≥ due'],
    [
      `worst ${d.stepMinutes}-min step: jobs, drained in`,
      `${d.worstStep.jobs} in ${round(d.worstStep.drainSeconds, 1)} s${d.worstStep.drained ? '' : ' (not drained)'}`,
      `< ${d.stepMinutes * 60} s`,
    ],
    ['steps behind (backlog at 1× time)', `${d.stepsBehind} of ${d.steps}`, '0'],
    ['  longest real wait after a step', `${round(d.oldestDueSeconds, 1)} s`, ''],
    [
      '1× tick with nothing changed: median / p95 / max',
      `${round(f.ticks.medianMs)} / ${round(f.ticks.p95Ms)} / ${round(f.ticks.maxMs)} ms`,
      '< 1000 ms',
    ],
    ['  jobs per tick: median / max', `${f.ticks.jobsPerTickMedian} / ${f.ticks.jobsPerTickMax}`, ''],
    ['  no-change sync job, median', `${round(f.ticks.syncMedianMs, 1)} ms`, ''],
    ['idle tick (nothing due), product CPU', `${round(f.idleTick.cpuMsPerTick, 1)} ms`, ''],
    [
      'product RSS: settled / end / peak (VmHWM)',
      `${round(f.memory.productSettledMiB)} / ${round(f.memory.productRssMiB)} / ${round(f.memory.productPeakMiB)} MiB`,
      '< 256 MiB',
    ],
    ['sandbox RSS: end / peak', `${round(f.memory.sandboxRssMiB)} / ${round(f.memory.sandboxPeakMiB)} MiB`, 'bounded'],
    [
      'webhook ingest (valid notifications)',
      `${round(f.webhooks.perSecond)}/s (CPU ms each: product ${round(f.webhooks.productCpuMsEach, 2)}, sender ${round(f.webhooks.benchCpuMsEach, 2)})`,
      '≥ 1,000/s',
    ],
    [
      `  sync runs per calendar (${f.webhooks.sent / f.calendars} notifications each) / most due at once`,
      `${round(f.webhooks.syncRunsPerCalendar, 2)} / ${f.webhooks.maxDuePerCalendar}`,
      '≤ 1',
    ],
    ['provider calls per calendar per day (idle)', round(d.providerCallsPerCalendarPerDay, 1), '≤ 29'],
    ['naive per-minute poller, per calendar per day', round(d.pollerCallsPerCalendarPerDay), '1,440'],
    [
      '  poller ÷ Carryover',
      `${round(d.pollerCallsPerCalendarPerDay / d.providerCallsPerCalendarPerDay, 1)}×`,
      '≥ 50×',
    ],
    ['dead jobs / warning lines', `${f.jobStates.dead ?? 0} / ${f.warnings}`, '0'],
  ];
}

/** The figures side by side per N, with a target column. */
export function table(all: readonly ScaleFigures[]): string {
  const head = ['figure', ...all.map((f) => `N = ${f.managers.toLocaleString('en-US')}`), 'target'];
  const byN = all.map(rows);
  const lines = [`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`];
  for (let i = 0; i < (byN[0]?.length ?? 0); i++) {
    const label = byN[0]![i]![0];
    lines.push(`| ${[label, ...byN.map((r) => r[i]![1]), byN[0]![i]![2]].join(' | ')} |`);
  }
  return lines.join('\n');
}

/** How each headline figure grows from the smallest N to the largest (ratio, beside the ratio of N). */
export function growth(all: readonly ScaleFigures[]): string {
  if (all.length < 2) return '';
  const first = all[0]!;
  const last = all.at(-1)!;
  const pick: [string, (f: ScaleFigures) => number][] = [
    ['jobs due per minute', (f) => f.day.duePerMinute],
    ['oldest due job at 1×', (f) => f.realTime.oldestDueSeconds],
    ['jobs done per real minute (capacity)', (f) => f.day.donePerRealMinute],
    ['worst step drain time', (f) => f.day.worstStep.drainSeconds],
    ['no-change tick, median', (f) => f.ticks.medianMs],
    ['idle tick CPU', (f) => f.idleTick.cpuMsPerTick],
    ['product peak RSS', (f) => f.memory.productPeakMiB],
    ['sandbox peak RSS', (f) => f.memory.sandboxPeakMiB],
    ['webhook ingest per second', (f) => f.webhooks.perSecond],
    ['provider calls per calendar per day', (f) => f.day.providerCallsPerCalendarPerDay],
    ['connects per second', (f) => f.seed.connectsPerSecond],
  ];
  const lines = [
    `| figure | N ×${round(last.managers / first.managers)} (${first.managers} → ${last.managers}) |`,
    '| --- | ---: |',
  ];
  for (const [label, of] of pick) lines.push(`| ${label} | ×${round(of(last) / of(first), 2)} |`);
  return lines.join('\n');
}
