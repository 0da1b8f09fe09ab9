import { MAX_MILESTONE_LENGTH } from '../../agenda/goal-commands.ts';
import type { GoalView, MilestoneView } from '../../agenda/goal-views.ts';
import { quoted } from './action-form.tsx';
import { CalendarDate } from './calendar-date.tsx';
import { errorIn, type FormError, FormErrorAlert, invalidAttributes, refill } from './form-error.tsx';
import { agendaPath } from './paths.ts';

export interface GoalMilestonesProps {
  readonly goal: GoalView;
  readonly token: string;
  readonly formError?: FormError | undefined;
}

/** A goal's milestones, each a checkbox saved with its own button, and the form to add one (active goals only). */
export function GoalMilestones({ goal, token, formError }: GoalMilestonesProps) {
  const headingId = `goal-${goal.id}-milestones`;
  return (
    <>
      <h4 id={headingId}>Milestones</h4>
      {goal.milestones.length > 0 ? (
        <ul class="plain milestones" aria-labelledby={headingId}>
          {goal.milestones.map((milestone) => (
            <MilestoneItem goal={goal} milestone={milestone} token={token} formError={formError} />
          ))}
        </ul>
      ) : (
        <p class="muted">No milestones yet: break the goal into steps you can tick off.</p>
      )}
      {goal.status === 'active' ? <AddMilestone goal={goal} token={token} formError={formError} /> : null}
    </>
  );
}

function MilestoneItem({
  goal,
  milestone,
  token,
  formError,
}: {
  readonly goal: GoalView;
  readonly milestone: MilestoneView;
  readonly token: string;
  readonly formError?: FormError | undefined;
}) {
  const action = agendaPath(token, 'goals', goal.id, 'milestones', milestone.id);
  const id = `milestone-${milestone.id}-done`;
  const name = quoted(milestone.text);
  const error = errorIn(formError, 'milestone', milestone.id);
  return (
    <li id={`milestone-${milestone.id}`}>
      <FormErrorAlert error={error} />
      <form method="post" action={action} class="tick">
        {/* Unticked boxes send nothing: this says "not done" unless the box, sent after it, says "done". */}
        <input type="hidden" name="done" value="false" />
        <input type="checkbox" id={id} name="done" value="true" checked={milestone.done} />
        <label for={id}>
          {milestone.text}
          {milestone.due ? (
            <span class="muted">
              {' '}
              — due <CalendarDate value={milestone.due} />
            </span>
          ) : null}
          {milestone.overdue ? (
            <>
              {' '}
              <span class="badge badge-overdue">overdue</span>
            </>
          ) : null}
        </label>
        <button type="submit">
          Save<span class="visually-hidden"> {name}</span>
        </button>
      </form>
      <form method="post" action={`${action}/delete`}>
        <button type="submit" class="danger" aria-label={`Remove ${name}`}>
          Remove
        </button>
      </form>
    </li>
  );
}

function AddMilestone({ goal, token, formError }: GoalMilestonesProps) {
  const error = errorIn(formError, 'milestone-add', goal.id);
  const id = (field: string) => `goal-${goal.id}-milestone-${field}`;
  return (
    <form method="post" action={agendaPath(token, 'goals', goal.id, 'milestones')} class="add-milestone">
      <FormErrorAlert error={error} />
      <label for={id('text')}>
        New milestone<span class="visually-hidden"> for {quoted(goal.title)}</span>
      </label>
      <input
        type="text"
        id={id('text')}
        name="text"
        required
        maxlength={MAX_MILESTONE_LENGTH}
        value={refill(error, 'text')}
        {...invalidAttributes(error, 'text')}
      />
      <label for={id('due')}>
        Due date <span class="muted">(optional)</span>
      </label>
      <input type="date" id={id('due')} name="due" value={refill(error, 'due')} {...invalidAttributes(error, 'due')} />
      <button type="submit" class="primary">
        Add milestone
      </button>
    </form>
  );
}
