import type { PersonView } from './agenda-view.ts';
import type { AgendaContext } from './context.ts';
import { type GoalView, loadGoals } from './goal-views.ts';
import { participantNames } from './mappers.ts';
import { failure, type Outcome, success } from './outcome.ts';

/** Everything the goals page shows, as plain data (also the JSON answer of `GET /a/{token}/goals`). */
export interface GoalsPageView {
  readonly series: {
    readonly id: string;
    readonly title: string;
    readonly timeZone: string;
    readonly organizer: PersonView;
    readonly attendee: PersonView;
  };
  readonly viewer: { readonly role: 'organizer' | 'attendee'; readonly email: string };
  /** Every this many meetings that take place the agenda proposes a goals check-in; 0: never. */
  readonly every: number;
  /** All goals: active first, then achieved, then dropped. */
  readonly goals: readonly GoalView[];
}

/**
 * The pair's goals page, for one of the two people on their own link; the shared link (in the invite, forwardable)
 * is refused. Times of the record are shown in `zone`.
 */
export async function loadGoalsPage(ctx: AgendaContext, zone: string): Promise<Outcome<GoalsPageView>> {
  const { series, viewer } = ctx.opened;
  if (viewer.role === 'shared') {
    return failure({
      kind: 'forbidden',
      message: 'Development goals are kept on each person’s own link, not on the link shared in the invite.',
    });
  }
  const names = participantNames(series);
  const person = (email: string): PersonView => ({ email, name: names.get(email) ?? email });
  return success({
    series: {
      id: series.id,
      title: series.title,
      timeZone: series.time_zone,
      organizer: person(series.organizer_email),
      attendee: person(series.attendee_email),
    },
    viewer: { role: viewer.role, email: viewer.email },
    every: series.goals_every,
    goals: await loadGoals(ctx, zone),
  });
}
