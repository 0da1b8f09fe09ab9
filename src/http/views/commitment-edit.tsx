import type { CommitmentView, PersonView } from '../../agenda/agenda-view.ts';
import { MAX_COMMITMENT_LENGTH } from '../../agenda/commitment-commands.ts';
import { quoted } from './action-form.tsx';
import { errorIn, type FormError, FormErrorAlert, invalidAttributes, refill, SaveAnywayButton } from './form-error.tsx';
import { OccurrenceField, PersonSelect } from './form-fields.tsx';

export interface CommitmentEditProps {
  readonly commitment: CommitmentView;
  readonly action: string;
  readonly occurrenceId: string | null;
  readonly people: readonly PersonView[];
  readonly formError?: FormError | undefined;
}

/**
 * The text, owner and due date of a commitment, changed in place: a disclosure (no JavaScript needed) that opens by
 * itself when the server sent the form back with an error or a past-date question.
 */
export function CommitmentEdit({ commitment, action, occurrenceId, people, formError }: CommitmentEditProps) {
  const error = errorIn(formError, 'commitment-edit', commitment.id);
  const id = (field: string) => `commitment-${commitment.id}-${field}`;
  return (
    <details class="edit" open={error !== undefined}>
      <summary>
        Edit<span class="visually-hidden"> {quoted(commitment.text)}</span>
      </summary>
      <FormErrorAlert error={error} />
      <form method="post" action={action}>
        <OccurrenceField occurrenceId={occurrenceId} />
        <label for={id('text')}>Text</label>
        <input
          type="text"
          id={id('text')}
          name="text"
          required
          maxlength={MAX_COMMITMENT_LENGTH}
          value={refill(error, 'text', commitment.text)}
          {...invalidAttributes(error, 'text')}
        />
        <PersonSelect
          id={id('owner')}
          name="owner"
          label="Owner"
          people={people}
          selected={refill(error, 'owner', commitment.owner)}
          error={error}
        />
        <label for={id('due')}>
          Due date <span class="muted">(optional)</span>
        </label>
        <input
          type="date"
          id={id('due')}
          name="due"
          value={refill(error, 'due', commitment.due ?? '')}
          {...invalidAttributes(error, 'due')}
        />
        <div class="actions">
          <button type="submit" class="primary">
            Save commitment
          </button>
          <SaveAnywayButton error={error} />
        </div>
      </form>
    </details>
  );
}
