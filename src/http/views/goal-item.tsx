import type { PersonView } from '../../agenda/agenda-view.ts';
import { MAX_GOAL_DESCRIPTION_LENGTH, MAX_GOAL_TITLE_LENGTH } from '../../agenda/goal-commands.ts';
import type { GoalView } from '../../agenda/goal-views.ts';
import { ActionForm, quoted } from './action-form.tsx';
import { CalendarDate } from './calendar-date.tsx';
import { errorIn, type FormError, FormErrorAlert, invalidAttributes, refill } from './form-error.tsx';
import { PersonSelect } from './form-fields.tsx';
import { GoalMilestones } from './goal-milestones.tsx';
import type { Notice } from './notice.ts';
import { NoticeMessage } from './notice-message.tsx';
import { agendaPath } from './paths.ts';
import { textareaContent } from './textarea-content.ts';

export interface GoalItemProps {
  readonly goal: GoalView;
  readonly token: string;
  readonly people: readonly PersonView[];
  readonly formError?: FormError | undefined;
  readonly notice?: Notice | undefined;
}

/** One goal on the goals page: what, whose, by when, how far; its milestones, its edit form, and its record. */
export function GoalItem({ goal, token, people, formError, notice }: GoalItemProps) {
  const headingId = `goal-${goal.id}-title`;
  return (
    <article class="goal" id={`goal-${goal.id}`} aria-labelledby={headingId}>
      <h3 id={headingId}>{goal.title}</h3>
      <GoalFacts goal={goal} />
      {goal.description ? <p class="notes">{goal.description}</p> : null}
      <NoticeMessage notice={notice} at={`goal-${goal.id}`} />
      <GoalMilestones goal={goal} token={token} formError={formError} />
      <div class="actions">
        <StatusActions goal={goal} token={token} />
        <GoalEdit goal={goal} token={token} people={people} formError={formError} />
      </div>
      <details class="record">
        <summary>
          Record<span class="visually-hidden"> of {quoted(goal.title)}</span> ({goal.events.length})
        </summary>
        <ul class="plain">
          {goal.events.map((event) => (
            <li>
              <time datetime={event.at}>{event.when}</time> — {event.text}
            </li>
          ))}
        </ul>
      </details>
    </article>
  );
}

/** "Sam's goal · 2 of 5 milestones done · target Mar 31, 2027 (overdue)": the line read at a glance. */
export function GoalFacts({ goal }: { readonly goal: Omit<GoalView, 'events'> }) {
  const { done, total } = goal.progress;
  return (
    <p class="goal-facts">
      <span>{goal.owner.name}’s goal</span>
      {' · '}
      <span>{total === 0 ? 'no milestones yet' : `${done} of ${total} milestones done`}</span>
      {goal.targetDate ? (
        <>
          {' · '}
          <span>
            target <CalendarDate value={goal.targetDate} />
          </span>
        </>
      ) : null}
      {goal.overdue ? (
        <>
          {' '}
          <span class="badge badge-overdue">overdue</span>
        </>
      ) : null}
      {goal.status !== 'active' ? (
        <>
          {' '}
          <span class={`badge badge-${goal.status === 'achieved' ? 'done' : 'dropped'}`}>{goal.status}</span>
        </>
      ) : null}
    </p>
  );
}

function StatusActions({ goal, token }: { readonly goal: GoalView; readonly token: string }) {
  const action = agendaPath(token, 'goals', goal.id);
  const name = quoted(goal.title);
  if (goal.status !== 'active') {
    return (
      <ActionForm
        action={action}
        occurrenceId={null}
        fields={{ status: 'active' }}
        label="Reopen"
        ariaLabel={`Reopen ${name}`}
      />
    );
  }
  return (
    <>
      <ActionForm
        action={action}
        occurrenceId={null}
        fields={{ status: 'achieved' }}
        label="Mark achieved"
        ariaLabel={`Mark achieved: ${name}`}
      />
      <ActionForm
        action={action}
        occurrenceId={null}
        fields={{ status: 'dropped' }}
        label="Drop"
        ariaLabel={`Drop ${name}`}
      />
    </>
  );
}

/** The title, description, owner and target date, changed in place (a disclosure, open when it came back refused). */
function GoalEdit({ goal, token, people, formError }: Omit<GoalItemProps, 'notice'>) {
  const error = errorIn(formError, 'goal-edit', goal.id);
  const id = (field: string) => `goal-${goal.id}-${field}`;
  return (
    <details class="edit" open={error !== undefined}>
      <summary>
        Edit<span class="visually-hidden"> {quoted(goal.title)}</span>
      </summary>
      <FormErrorAlert error={error} />
      <form method="post" action={agendaPath(token, 'goals', goal.id)}>
        <GoalFields
          id={id}
          people={people}
          error={error}
          saved={{
            title: goal.title,
            description: goal.description,
            owner: goal.owner.email,
            targetDate: goal.targetDate ?? '',
          }}
        />
        <button type="submit" class="primary">
          Save goal
        </button>
      </form>
    </details>
  );
}

export interface GoalFieldsProps {
  /** The id of each field's control, from its name. */
  readonly id: (field: string) => string;
  readonly people: readonly PersonView[];
  readonly error: FormError | undefined;
  readonly saved: {
    readonly title: string;
    readonly description: string;
    readonly owner: string;
    readonly targetDate: string;
  };
}

/** The fields of a goal, for adding one and for editing it. */
export function GoalFields({ id, people, error, saved }: GoalFieldsProps) {
  return (
    <>
      <label for={id('title')}>Goal</label>
      <input
        type="text"
        id={id('title')}
        name="title"
        required
        maxlength={MAX_GOAL_TITLE_LENGTH}
        value={refill(error, 'title', saved.title)}
        {...invalidAttributes(error, 'title')}
      />
      <label for={id('description')}>
        What it means <span class="muted">(optional)</span>
      </label>
      <textarea
        id={id('description')}
        name="description"
        maxlength={MAX_GOAL_DESCRIPTION_LENGTH}
        {...invalidAttributes(error, 'description')}
      >
        {textareaContent(refill(error, 'description', saved.description))}
      </textarea>
      <PersonSelect
        id={id('owner')}
        name="owner"
        label="Whose goal"
        people={people}
        selected={refill(error, 'owner', saved.owner)}
        error={error}
      />
      <label for={id('target')}>
        Target date <span class="muted">(optional)</span>
      </label>
      <input
        type="date"
        id={id('target')}
        name="targetDate"
        value={refill(error, 'targetDate', saved.targetDate)}
        {...invalidAttributes(error, 'targetDate')}
      />
    </>
  );
}
