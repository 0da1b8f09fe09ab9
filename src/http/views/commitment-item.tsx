import type { CommitmentView, PersonView } from '../../agenda/agenda-view.ts';
import { ActionForm, quoted } from './action-form.tsx';
import { CalendarDate } from './calendar-date.tsx';
import { CommitmentEdit } from './commitment-edit.tsx';
import { DeleteButton } from './delete-button.tsx';
import type { FormError } from './form-error.tsx';
import type { Notice } from './notice.ts';
import { NoticeMessage } from './notice-message.tsx';
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

/** What the buttons of a commitment need: where to post, which meeting is on screen, and who can own it. */
export interface CommitmentActionsContext {
  readonly token: string;
  readonly occurrenceId: string | null;
  /** The section the list is in; a deletion comes back there. */
  readonly from: 'progress' | 'next-steps';
  readonly people: readonly PersonView[];
  readonly formError?: FormError | undefined;
  readonly notice?: Notice | undefined;
}

export interface CommitmentItemProps {
  readonly commitment: CommitmentView;
  /** With Done/Drop (open) or Reopen (closed), Edit and Delete when given; read-only without. */
  readonly actions?: CommitmentActionsContext | undefined;
}

/** One commitment as a list item: what, who, by when, its state, and what can be done about it. */
export function CommitmentItem({ commitment, actions }: CommitmentItemProps) {
  return (
    <li id={actions ? `commitment-${commitment.id}` : undefined}>
      <span class="item-text">{commitment.text}</span>{' '}
      <span class="muted">
        — {commitment.ownerName}
        {commitment.due ? (
          <>
            , due <CalendarDate value={commitment.due} />
          </>
        ) : null}
      </span>{' '}
      <CommitmentStatus commitment={commitment} />
      {actions ? (
        <>
          <NoticeMessage notice={actions.notice} at={`commitment-${commitment.id}`} />
          <CommitmentActions commitment={commitment} {...actions} />
        </>
      ) : null}
    </li>
  );
}

function CommitmentActions({
  commitment,
  token,
  occurrenceId,
  from,
  people,
  formError,
}: { readonly commitment: CommitmentView } & CommitmentActionsContext) {
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
      <CommitmentEdit
        commitment={commitment}
        action={action}
        occurrenceId={occurrenceId}
        people={people}
        formError={formError}
      />
      {commitment.deletable ? (
        // Once a later meeting has reviewed it, it is part of the record: Drop is the way out, not Delete.
        <DeleteButton
          action={agendaPath(token, 'commitments', commitment.id, 'delete')}
          occurrenceId={occurrenceId}
          from={from}
          ariaLabel={`Delete ${name}`}
        />
      ) : null}
    </div>
  );
}
