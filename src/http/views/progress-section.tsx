import { type CommitmentActionsContext, CommitmentItem } from './commitment-item.tsx';
import { peopleOf } from './form-fields.tsx';
import { NoticeMessage } from './notice-message.tsx';
import type { AgendaSectionProps } from './section-props.ts';

/** Progress on earlier commitments: what is still open (and overdue), and what was closed since last time. */
export function ProgressSection({ view, token, formError, notice }: AgendaSectionProps) {
  const { open, closedSinceLast } = view.review;
  const actions: CommitmentActionsContext = {
    token,
    occurrenceId: view.occurrence?.id ?? null,
    from: 'progress',
    people: peopleOf(view),
    formError,
    notice,
  };
  return (
    <section id="progress" aria-labelledby="progress-title">
      <h2 id="progress-title">Progress on earlier commitments</h2>
      {open.length === 0 && closedSinceLast.length === 0 ? (
        <p class="muted">Nothing carried over from earlier 1:1s.</p>
      ) : null}
      <NoticeMessage notice={notice} at="progress" />
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
