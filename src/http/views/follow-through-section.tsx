import type { FollowThrough } from '../../core/types.ts';

/** The on-time rate as a whole percentage, or a dash while nothing has come due. */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${Math.round(rate * 100)}%`;
}

/** Whether the pair does what they said by when they said: the plain counts and the on-time rate, nothing more. */
export function FollowThroughSection({ followThrough }: { readonly followThrough: FollowThrough }) {
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
    </section>
  );
}
