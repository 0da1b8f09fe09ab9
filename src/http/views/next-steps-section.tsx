import { MAX_COMMITMENT_LENGTH } from '../../agenda/commitment-commands.ts';
import { DEFAULT_TEMPLATE } from '../../core/templates.ts';
import { CommitmentItem } from './commitment-item.tsx';
import { errorIn, FormErrorAlert, invalidAttributes, refill, SaveAnywayButton } from './form-error.tsx';
import { AsSelect, OccurrenceField, PersonSelect, peopleOf } from './form-fields.tsx';
import { NoticeMessage } from './notice-message.tsx';
import { agendaPath } from './paths.ts';
import type { AgendaSectionProps } from './section-props.ts';

/** The commitments made at this meeting, and the form to record one: what, who, by when. */
export function NextStepsSection({ view, token, formError, notice, rememberedAs }: AgendaSectionProps) {
  const error = errorIn(formError, 'commitments');
  const occurrenceId = view.occurrence?.id ?? null;
  // On a personal link the viewer most often records their own commitment; the shared link must choose.
  const defaultOwner = view.viewer.email ?? '';
  const prompt = (view.template ?? DEFAULT_TEMPLATE).prompts.nextSteps;
  return (
    <section id="next-steps" aria-labelledby="next-steps-title">
      <h2 id="next-steps-title">Next steps</h2>
      {prompt ? <p class="muted">{prompt}</p> : null}
      {view.nextSteps.length > 0 ? (
        <ul class="items">
          {view.nextSteps.map((commitment) => (
            <CommitmentItem
              commitment={commitment}
              actions={{ token, occurrenceId, from: 'next-steps', people: peopleOf(view), formError, notice }}
            />
          ))}
        </ul>
      ) : (
        <p class="muted">No commitments recorded at this meeting yet.</p>
      )}
      <NoticeMessage notice={notice} at="next-steps" />
      <h3>Record a commitment</h3>
      <FormErrorAlert error={error} />
      <form method="post" action={agendaPath(token, 'commitments')}>
        <OccurrenceField occurrenceId={occurrenceId} />
        <AsSelect view={view} id="commitment-as" error={error} rememberedAs={rememberedAs} />
        <label for="commitment-text">Commitment</label>
        <input
          type="text"
          id="commitment-text"
          name="text"
          required
          maxlength={MAX_COMMITMENT_LENGTH}
          value={refill(error, 'text')}
          {...invalidAttributes(error, 'text')}
        />
        <PersonSelect
          id="commitment-owner"
          name="owner"
          label="Owner"
          people={peopleOf(view)}
          selected={refill(error, 'owner', defaultOwner)}
          error={error}
        />
        <label for="commitment-due">
          Due date <span class="muted">(optional)</span>
        </label>
        <input
          type="date"
          id="commitment-due"
          name="due"
          value={refill(error, 'due')}
          {...invalidAttributes(error, 'due')}
        />
        <div class="actions">
          <button type="submit" class="primary">
            Record commitment
          </button>
          <SaveAnywayButton error={error} />
        </div>
      </form>
    </section>
  );
}
