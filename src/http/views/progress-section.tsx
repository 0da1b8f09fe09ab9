import { CommitmentItem } from './commitment-item.tsx';
import type { AgendaSectionProps } from './section-props.ts';

/** Progress on earlier commitments: what is still open (and overdue), and what was closed since last time. */
export function ProgressSection({ view, token }: AgendaSectionProps) {
  const { open, closedSinceLast } = view.review;
  const actions = { token, occurrenceId: view.occurrence?.id ?? null };
  return (
    <section id="progress" aria-labelledby="progress-title">
      <h2 id="progress-title">Progress on earlier commitments</h2>
      {open.length === 0 && closedSinceLast.length === 0 ? (
        <p class="muted">Nothing carried over from earlier 1:1s.</p>
      ) : null}
      {open.length > 0 ? (
        <>
          <h3>Still open</h3>
          <ul class="items">
            {open.map((commitment) => (
              <CommitmentItem commitment={commitment} actions={actions} />
            ))}
          </ul>
        </>
      ) : null}
      {closedSinceLast.length > 0 ? (
        <>
          <h3>Closed since last time</h3>
          <ul class="items">
            {closedSinceLast.map((commitment) => (
              <CommitmentItem commitment={commitment} actions={actions} />
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
