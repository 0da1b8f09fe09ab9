import type { GoalSummaryView } from '../../agenda/goals-part.ts';
import { CalendarDate } from './calendar-date.tsx';
import { GoalFacts } from './goal-item.tsx';
import type { AgendaSectionProps } from './section-props.ts';

/**
 * The pair's development goals on every agenda: a short summary of the active ones and the way to the goals page,
 * and on a check-in meeting a highlighted box going through each goal. On the shared link only a line saying where
 * goals are: the invite's link can be forwarded, and goals are between the two people.
 */
export function GoalsSection({ view }: AgendaSectionProps) {
  const goals = view.goals;
  if (!goals.visible) {
    if (view.viewer.role !== 'shared') return null;
    return (
      <section id="goals" aria-labelledby="goals-title">
        <h2 id="goals-title">Goals</h2>
        <p class="muted">Development goals are kept on each person’s own link, not on this shared one.</p>
      </section>
    );
  }
  return (
    <section id="goals" aria-labelledby="goals-title">
      <h2 id="goals-title">Goals</h2>
      {goals.checkIn && view.occurrence ? <CheckInBox active={goals.active} /> : null}
      {goals.active.length === 0 ? (
        <p class="muted">No active goals yet.</p>
      ) : (
        <ul class="items">
          {goals.active.map((goal) => (
            <li>
              <strong>{goal.title}</strong>
              <GoalFacts goal={goal} />
            </li>
          ))}
        </ul>
      )}
      <p>
        <a href={goals.link}>Goals ({goals.counts.active})</a>
        <span class="muted">
          {goals.every === 0
            ? ' · check-ins off'
            : ` · check-in every ${goals.every === 1 ? 'meeting' : `${goals.every} meetings`}`}
        </span>
      </p>
    </section>
  );
}

/** This meeting is a goals check-in: each active goal, how far it has come, and what comes next. */
function CheckInBox({ active }: { readonly active: readonly GoalSummaryView[] }) {
  return (
    <section class="goals-check-in" aria-labelledby="goals-check-in-title">
      <h3 id="goals-check-in-title">Goals check-in</h3>
      {active.length === 0 ? (
        <p>It is time for a goals check-in, and there are no active goals: a good moment to set one.</p>
      ) : (
        <>
          <p>It is time for a goals check-in. Go through each goal: what moved, what is next, what is in the way.</p>
          <ul class="items">
            {active.map((goal) => (
              <li>
                <strong>{goal.title}</strong> — {goal.owner.name}:{' '}
                {goal.progress.total === 0
                  ? 'no milestones yet'
                  : `${goal.progress.done} of ${goal.progress.total} milestones done`}
                {goal.overdue ? (
                  <>
                    {' '}
                    <span class="badge badge-overdue">overdue</span>
                  </>
                ) : null}
                <br />
                {goal.nextMilestone ? (
                  <span>
                    Next: {goal.nextMilestone.text}
                    {goal.nextMilestone.due ? (
                      <span class="muted">
                        {' '}
                        (due <CalendarDate value={goal.nextMilestone.due} />)
                      </span>
                    ) : null}
                  </span>
                ) : (
                  <span class="muted">No open milestone: add the next step, or mark the goal achieved.</span>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
