import type { FeedbackPart, FeedbackTrend } from '../../agenda/feedback-part.ts';
import { firstName } from '../../core/feedback-questions.ts';
import type { FollowThrough } from '../../core/types.ts';

/** The on-time rate as a whole percentage, or a dash while nothing has come due. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

export interface FollowThroughSectionProps {
  readonly followThrough: FollowThrough;
  /** The meeting ratings the viewer may see; none on the shared link. */
  readonly feedback?: FeedbackPart | undefined;
}

/**
 * Whether the pair does what they said by when they said: the plain counts and the on-time rate, nothing more; and on
 * a person's own link, how they rated their last meetings, beside the other person's ratings where shared.
 */
export function FollowThroughSection({ followThrough, feedback }: FollowThroughSectionProps) {
  const rows: readonly (readonly [string, number])[] = [
    ['Done on time', followThrough.doneOnTime],
    ['Done late', followThrough.doneLate],
    ['Open, not yet due', followThrough.open],
    ['Overdue', followThrough.overdue],
    ['Dropped', followThrough.dropped],
  ];
  return (
    <section id="follow-through" aria-labelledby="follow-through-title">
      <h2 id="follow-through-title">Follow-through</h2>
      <dl class="counts">
        {rows.map(([label, count]) => (
          <>
            <dt>{label}</dt>
            <dd>{count}</dd>
          </>
        ))}
        <dt>On-time rate</dt>
        <dd>{formatRate(followThrough.onTimeRate)}</dd>
      </dl>
      <p class="muted">
        The on-time rate counts what has come due: commitments done, or still open past their due date.
      </p>
      {feedback?.visible ? <RatingsTrend trend={feedback.trend} other={firstName(feedback.other.name)} /> : null}
    </section>
  );
}

/** The last rated meetings as a small chart (for the eye) and a table (the same numbers, for everyone). */
function RatingsTrend({ trend, other }: { readonly trend: FeedbackTrend; readonly other: string }) {
  const { points } = trend;
  const average = (value: number | null, count: number) =>
    value === null ? 'none yet' : `${value.toFixed(1)} of 5 over ${count} ${count === 1 ? 'meeting' : 'meetings'}`;
  return (
    <div id="ratings">
      <h3 id="ratings-title">Meeting ratings</h3>
      {points.length === 0 ? (
        <p class="muted">No ratings yet. Rate a meeting on its agenda once it has ended.</p>
      ) : (
        <>
          <p>
            Your average: <strong>{average(trend.ownAverage, points.filter((p) => p.own !== null).length)}</strong>
          </p>
          <p>
            {other}'s average, from the ratings they shared:{' '}
            <strong>{average(trend.otherAverage, points.filter((p) => p.other !== null).length)}</strong>
          </p>
          <Sparkline trend={trend} />
          <p class="legend muted" aria-hidden="true">
            <span class="key key-own" /> Yours <span class="key key-other" /> {other}'s, where shared
          </p>
          <table class="ratings">
            <caption>Ratings of the last {points.length} rated meetings, oldest first (1 poor, 5 great)</caption>
            <thead>
              <tr>
                <th scope="col">Meeting</th>
                <th scope="col">Yours</th>
                <th scope="col">{other}'s (shared)</th>
              </tr>
            </thead>
            <tbody>
              {points.map((point) => (
                <tr>
                  <th scope="row">
                    <time datetime={point.startsAt}>{point.day}</time>
                  </th>
                  <td>{point.own ?? '—'}</td>
                  <td>{point.other ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
      <p class="muted">Only you see your ratings here; {other}'s appear only where they shared them with you.</p>
    </div>
  );
}

const WIDTH = 240;
const HEIGHT = 64;
const PAD = 6;

/** The two lines of ratings over the meetings; hidden from assistive technology, which reads the table instead. */
function Sparkline({ trend }: { readonly trend: FeedbackTrend }) {
  const { points } = trend;
  const x = (i: number) => (points.length === 1 ? WIDTH / 2 : PAD + (i * (WIDTH - 2 * PAD)) / (points.length - 1));
  const y = (rating: number) => HEIGHT - PAD - ((rating - 1) * (HEIGHT - 2 * PAD)) / 4;
  const line = (pick: (i: number) => number | null, kind: 'own' | 'other') => {
    const coords = points.flatMap((_, i) => {
      const rating = pick(i);
      return rating === null ? [] : [[x(i), y(rating)] as const];
    });
    return (
      <>
        {coords.length > 1 ? (
          <polyline class={`spark-${kind}`} points={coords.map(([cx, cy]) => `${cx},${cy}`).join(' ')} />
        ) : null}
        {coords.map(([cx, cy]) => (
          <circle class={`dot-${kind}`} cx={cx} cy={cy} r={3} />
        ))}
      </>
    );
  };
  return (
    <svg class="sparkline" viewBox={`0 0 ${WIDTH} ${HEIGHT}`} aria-hidden="true" focusable="false">
      {line((i) => points[i]!.own, 'own')}
      {line((i) => points[i]!.other, 'other')}
    </svg>
  );
}
