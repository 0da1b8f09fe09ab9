/**
 * When a chaos run moves the clock: small steps around each meeting — a day before it (its invite's refresh), a
 * quarter of an hour before it, its start (was it prepared?), its end, its recap's time, and twenty minutes later
 * (its organizer records a commitment) — and a step every twelve hours in between. Instances are killed at steps
 * where recaps are being sent.
 */
import type { Random } from './random.ts';
import type { ChaosSeries } from './world.ts';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

/** The run's steps and what happens at them. */
export interface Timeline {
  /** Instants the clock is moved to, in order. */
  readonly steps: readonly number[];
  /** The meetings whose commitment is recorded at a step. */
  readonly commitmentsAt: ReadonlyMap<number, readonly { series: ChaosSeries; start: Date }[]>;
  /** The steps at which an instance is killed. */
  readonly killAt: ReadonlySet<number>;
}

/** The timeline of `series` from `runStart`, with `kills` kill steps chosen among the recaps' steps. */
export function buildTimeline(series: readonly ChaosSeries[], runStart: Date, kills: number, random: Random): Timeline {
  const marks = new Set<number>();
  const recapDue = new Set<number>();
  const commitmentsAt = new Map<number, { series: ChaosSeries; start: Date }[]>();
  const lastEnd = Math.max(...series.flatMap((s) => s.starts.map((t) => t.getTime() + s.minutes * MINUTE)));
  for (let t = runStart.getTime() + 12 * HOUR; t < lastEnd; t += 12 * HOUR) marks.add(t);
  for (const s of series) {
    for (const start of s.starts) {
      const st = start.getTime();
      const end = st + s.minutes * MINUTE;
      for (const t of [st - 25 * HOUR, st - 15 * MINUTE, st + 1_000, end + 1_000]) marks.add(t);
      const recap = end + 5 * MINUTE + 1_000;
      marks.add(recap);
      recapDue.add(recap);
      const recordAt = end + 20 * MINUTE;
      marks.add(recordAt);
      commitmentsAt.set(recordAt, [...(commitmentsAt.get(recordAt) ?? []), { series: s, start }]);
    }
  }
  const steps = [...marks].filter((t) => t > runStart.getTime() + MINUTE).sort((a, b) => a - b);
  const busy = steps.filter((t) => recapDue.has(t));
  const killAt = new Set<number>();
  while (killAt.size < Math.min(kills, busy.length)) killAt.add(random.pick(busy));
  return { steps, commitmentsAt, killAt };
}
