import type { CommitmentView } from '../../agenda/agenda-view.ts';
import { ActionForm, quoted } from './action-form.tsx';
import { CalendarDate } from './calendar-date.tsx';
import { agendaPath } from './paths.ts';

/** A commitment's state as people say it; "overdue" is an open one past its due date. */
export function CommitmentStatus({ commitment }: { readonly commitment: CommitmentView }) {
  if (commitment.status === 'done') {
    return (
      <span class="badge badge-done">
        done <span aria-hidden="true">✓</span>
      </span>
    );
  }
  if (commitment.status === 'dropped') return <span class="badge badge-dropped">dropped</span>;
  if (commitment.overdue) return <span class="badge badge-overdue">overdue</span>;
  return <span class="badge badge-open">open</span>;
}

export interface CommitmentItemProps {
  readonly commitment: CommitmentView;
  /** With Done/Drop (open) or Reopen (closed) buttons when given; read-only without. */
  readonly actions?: { readonly token: string; readonly occurrenceId: string | null } | undefined;
}

/** One commitment as a list item: what, who, by when, its state, and what can be done about it. */
export function CommitmentItem({ commitment, actions }: CommitmentItemProps) {
  return (
    <li>
      <span>{commitment.text}</span>{' '}
      <span class="muted">
        — {commitment.ownerName}
        {commitment.due ? (
          <>
            , due <CalendarDate value={commitment.due} />
          </>
        ) : null}
      </span>{' '}
      <CommitmentStatus commitment={commitment} />
      {actions ? <CommitmentActions commitment={commitment} {...actions} /> : null}
    </li>
  );
}

function CommitmentActions({
  commitment,
  token,
  occurrenceId,
}: {
  readonly commitment: CommitmentView;
  readonly token: string;
  readonly occurrenceId: string | null;
}) {
  const action = agendaPath(token, 'commitments', commitment.id);
  const name = quoted(commitment.text);
  return (
    <div class="actions">
      {commitment.status === 'open' ? (
        <>
          <ActionForm
            action={action}
            occurrenceId={occurrenceId}
            fields={{ status: 'done' }}
            label="Done"
            ariaLabel={`Mark ${name} done`}
          />
          <ActionForm
            action={action}
            occurrenceId={occurrenceId}
            fields={{ status: 'dropped' }}
            label="Drop"
            ariaLabel={`Drop ${name}`}
          />
        </>
      ) : (
        <ActionForm
          action={action}
          occurrenceId={occurrenceId}
          fields={{ status: 'open' }}
          label="Reopen"
          ariaLabel={`Reopen ${name}`}
        />
      )}
    </div>
  );
}
