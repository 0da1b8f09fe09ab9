import type { AgendaView, CommitmentView, HistoryEntry } from '../../agenda/agenda-view.ts';
import type { GoalLineView } from '../../agenda/goal-views.ts';
import { PhaseBadge } from './agenda-header.tsx';
import { CommitmentItem } from './commitment-item.tsx';
import { occurrenceHref } from './paths.ts';
import { CarriedMark } from './topic-item.tsx';

/** Earlier 1:1s, most recent first: what was talked about, what was decided, and what came of it since. */
export function HistorySection({ view, token }: { readonly view: AgendaView; readonly token: string }) {
  // History commitments arrive without an overdue judgement; the review of this meeting has it for every one still
  // open, so borrow it rather than judging dates here without a clock.
  const overdue = new Set(view.review.open.filter((c) => c.overdue).map((c) => c.id));
  const current = (commitment: CommitmentView): CommitmentView =>
    !commitment.overdue && overdue.has(commitment.id) ? { ...commitment, overdue: true } : commitment;
  return (
    <section id="history" aria-labelledby="history-title">
      <h2 id="history-title">Earlier 1:1s</h2>
      {view.history.length === 0 ? (
        <p class="muted">No earlier 1:1s yet.</p>
      ) : (
        view.history.map((entry) => (
          <PastMeeting
            entry={entry}
            token={token}
            current={current}
            // Goals are between the two people: the shared link's view has none to list.
            goalLines={view.goals.visible ? (view.goals.byOccurrence[entry.occurrence.id] ?? []) : []}
          />
        ))
      )}
      {view.later.length > 0 ? (
        // An older meeting is on screen: what came after it is not "earlier", but stays one click away.
        <>
          <h3 id="later-title">Later 1:1s</h3>
          <ul class="items" aria-labelledby="later-title">
            {view.later.map((occurrence) => (
              <li>
                <a href={occurrenceHref(token, occurrence.id)}>{occurrence.when}</a>
                {occurrence.cancelled || occurrence.declinedBy ? (
                  <>
                    {' '}
                    <PhaseBadge occurrence={occurrence} />
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}

interface PastMeetingProps {
  readonly entry: HistoryEntry;
  readonly token: string;
  readonly current: (commitment: CommitmentView) => CommitmentView;
  /** What moved on the pair's goals since the meeting before (empty on the shared link). */
  readonly goalLines: readonly GoalLineView[];
}

function PastMeeting({ entry, token, current, goalLines }: PastMeetingProps) {
  const { occurrence, deepDive, sharedNotes, decisions, topics, nextSteps } = entry;
  const headingId = `past-${occurrence.id}`;
  const empty =
    !deepDive && !sharedNotes && !decisions && topics.length === 0 && nextSteps.length === 0 && goalLines.length === 0;
  return (
    <article class="past" aria-labelledby={headingId}>
      <h3 id={headingId}>
        <a href={occurrenceHref(token, occurrence.id)}>{occurrence.when}</a>
        {occurrence.cancelled ? (
          <>
            {' '}
            <PhaseBadge occurrence={occurrence} />
          </>
        ) : null}
      </h3>
      {empty ? <p class="muted">Nothing was recorded for this meeting.</p> : null}
      {deepDive ? (
        <p>
          <strong>Deep dive:</strong> {deepDive}
        </p>
      ) : null}
      {topics.length > 0 ? (
        <>
          <p>
            <strong>Talking points</strong>
          </p>
          <ul class="items">
            {[...topics]
              .sort((a, b) => a.position - b.position)
              .map((topic) => (
                <li>
                  {topic.text}
                  {topic.resolved ? (
                    <>
                      {' '}
                      <span class="badge badge-resolved">resolved</span>
                    </>
                  ) : null}
                  <CarriedMark topic={topic} token={token} />
                </li>
              ))}
          </ul>
        </>
      ) : null}
      {nextSteps.length > 0 ? (
        <>
          <p>
            <strong>Commitments made</strong> <span class="muted">(status today)</span>
          </p>
          <ul class="items">
            {nextSteps.map((commitment) => (
              <CommitmentItem commitment={current(commitment)} />
            ))}
          </ul>
        </>
      ) : null}
      {decisions ? (
        <>
          <p>
            <strong>Decisions</strong>
          </p>
          <p class="notes">{decisions}</p>
        </>
      ) : null}
      {goalLines.length > 0 ? (
        <>
          <p>
            <strong>Goal progress</strong>
          </p>
          <ul class="items">
            {goalLines.map((line) => (
              <li>
                {line.goalTitle}: {line.text}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {sharedNotes ? (
        <details>
          <summary>Shared notes</summary>
          <p class="notes">{sharedNotes}</p>
        </details>
      ) : null}
    </article>
  );
}
