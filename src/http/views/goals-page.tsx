import { MAX_GOALS_EVERY } from '../../agenda/goal-commands.ts';
import type { GoalsPageView } from '../../agenda/goals-page-view.ts';
import { errorIn, type FormError, FormErrorAlert, invalidAttributes, refill } from './form-error.tsx';
import { GoalFields, GoalItem } from './goal-item.tsx';
import { Layout } from './layout.tsx';
import type { Notice } from './notice.ts';
import { NoticeMessage } from './notice-message.tsx';
import { agendaPath } from './paths.ts';

export interface GoalsPageProps {
  readonly view: GoalsPageView;
  readonly token: string;
  readonly nonce?: string | undefined;
  readonly formError?: FormError | undefined;
  readonly notice?: Notice | undefined;
}

/**
 * The pair's development goals: the active ones first, each with its milestones to tick off, then the form to add a
 * goal, the achieved and dropped ones, and how often the agenda proposes a goals check-in.
 */
export function GoalsPage({ view, token, nonce, formError, notice }: GoalsPageProps) {
  const active = view.goals.filter((goal) => goal.status === 'active');
  const closed = view.goals.filter((goal) => goal.status !== 'active');
  const people = [view.series.organizer, view.series.attendee];
  const item = { token, people, formError, notice };
  return (
    <Layout title={`Goals · ${view.series.title}`} nonce={nonce}>
      <nav aria-label="Back">
        <a href={agendaPath(token)}>← Back to the agenda</a>
      </nav>
      <h1>Development goals</h1>
      <p class="muted">
        {view.series.organizer.name} and {view.series.attendee.name}: only the two of you see these, each on your own
        link. The link in the calendar invite shows none.
      </p>
      <section id="goals-active" aria-labelledby="goals-active-title">
        <h2 id="goals-active-title">Active goals ({active.length})</h2>
        {active.length === 0 ? <p class="muted">No active goals yet: add one below.</p> : null}
        {active.map((goal) => (
          <GoalItem goal={goal} {...item} />
        ))}
      </section>
      <AddGoal view={view} token={token} formError={formError} notice={notice} />
      {closed.length > 0 ? (
        <section id="goals-closed" aria-labelledby="goals-closed-title">
          <h2 id="goals-closed-title">Achieved and dropped ({closed.length})</h2>
          {closed.map((goal) => (
            <GoalItem goal={goal} {...item} />
          ))}
        </section>
      ) : null}
      <Cadence view={view} token={token} formError={formError} notice={notice} />
      <p>
        <a href={agendaPath(token)}>Back to the agenda</a>
      </p>
    </Layout>
  );
}

type FormProps = Omit<GoalsPageProps, 'nonce'>;

function AddGoal({ view, token, formError, notice }: FormProps) {
  const error = errorIn(formError, 'goal-add');
  return (
    <section id="goals-add" aria-labelledby="goals-add-title">
      <h2 id="goals-add-title">Add a goal</h2>
      <NoticeMessage notice={notice} at="goals" />
      <FormErrorAlert error={error} />
      <form method="post" action={agendaPath(token, 'goals')}>
        <GoalFields
          id={(field) => `new-goal-${field}`}
          people={[view.series.organizer, view.series.attendee]}
          error={error}
          // Development goals are most often the report's: the attendee is taken to be the report.
          saved={{ title: '', description: '', owner: view.series.attendee.email, targetDate: '' }}
        />
        <button type="submit" class="primary">
          Add goal
        </button>
      </form>
    </section>
  );
}

function Cadence({ view, token, formError, notice }: FormProps) {
  const error = errorIn(formError, 'goals-cadence');
  return (
    <section id="goals-cadence" aria-labelledby="goals-cadence-title">
      <h2 id="goals-cadence-title">Goals check-in</h2>
      <p>
        {view.every === 0
          ? 'Check-ins are off: the agenda never proposes one.'
          : `Every ${view.every === 1 ? 'meeting' : `${view.every} meetings`}, the agenda proposes a goals check-in: a look at each active goal and its next milestone.`}
      </p>
      <NoticeMessage notice={notice} at="goals-cadence" />
      <FormErrorAlert error={error} />
      <form method="post" action={agendaPath(token, 'goals-cadence')}>
        <label for="goals-every">
          Goals check-in every N meetings <span class="muted">(0 turns it off)</span>
        </label>
        <input
          type="number"
          id="goals-every"
          name="every"
          min={0}
          max={MAX_GOALS_EVERY}
          step={1}
          required
          inputmode="numeric"
          value={refill(error, 'every', String(view.every))}
          {...invalidAttributes(error, 'every')}
        />
        <button type="submit" class="primary">
          Save check-in cadence
        </button>
      </form>
    </section>
  );
}
