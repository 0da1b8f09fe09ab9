import type { TopicView } from '../../agenda/agenda-view.ts';
import { MAX_TOPIC_LENGTH } from '../../agenda/topic-commands.ts';
import { ActionForm, quoted } from './action-form.tsx';
import { errorIn, FormErrorAlert, invalidAttributes, refill } from './form-error.tsx';
import { AsSelect, OccurrenceField } from './form-fields.tsx';
import { agendaPath } from './paths.ts';
import type { AgendaSectionProps } from './section-props.ts';

/** The talking points of this meeting, in order, and the form to add one. */
export function TopicsSection({ view, token, formError }: AgendaSectionProps) {
  const error = errorIn(formError, 'topics');
  const occurrenceId = view.occurrence?.id ?? null;
  const topics = [...view.topics].sort((a, b) => a.position - b.position);
  const upcoming = view.occurrence?.phase === 'upcoming' && !view.occurrence.cancelled;
  return (
    <section id="topics" aria-labelledby="topics-title">
      <h2 id="topics-title">Talking points</h2>
      {upcoming ? (
        // The 1:1 is the report's meeting: their topics, brought before it starts, set the agenda.
        <p class="guide">
          {view.viewer.role === 'attendee'
            ? 'This is your time: add what you want to talk about before the meeting.'
            : `${view.series.attendee.name}: add what you want to talk about before the meeting. It's your time.`}
        </p>
      ) : null}
      {topics.length > 0 ? (
        <ol class="items">
          {topics.map((topic, index) => (
            <TopicItem
              topic={topic}
              index={index}
              last={index === topics.length - 1}
              token={token}
              occurrenceId={occurrenceId}
            />
          ))}
        </ol>
      ) : (
        <p class="muted">No talking points yet.</p>
      )}
      <h3>Add a talking point</h3>
      <FormErrorAlert error={error} />
      <form method="post" action={agendaPath(token, 'topics')}>
        <OccurrenceField occurrenceId={occurrenceId} />
        <AsSelect view={view} id="topic-as" error={error} />
        <label for="topic-text">Talking point</label>
        <input
          type="text"
          id="topic-text"
          name="text"
          required
          maxlength={MAX_TOPIC_LENGTH}
          value={refill(error, 'text')}
          {...invalidAttributes(error, 'text')}
        />
        <button type="submit" class="primary">
          Add talking point
        </button>
      </form>
    </section>
  );
}

interface TopicItemProps {
  readonly topic: TopicView;
  readonly index: number;
  readonly last: boolean;
  readonly token: string;
  readonly occurrenceId: string | null;
}

function TopicItem({ topic, index, last, token, occurrenceId }: TopicItemProps) {
  const action = agendaPath(token, 'topics', topic.id);
  const name = quoted(topic.text);
  return (
    <li>
      <span>{topic.text}</span>
      {topic.authorName ? <span class="muted"> — added by {topic.authorName}</span> : null}
      {topic.resolved ? (
        <>
          {' '}
          <span class="badge badge-resolved">resolved</span>
        </>
      ) : null}
      <div class="actions">
        <ActionForm
          action={action}
          occurrenceId={occurrenceId}
          fields={{ resolved: topic.resolved ? 'false' : 'true' }}
          label={topic.resolved ? 'Unresolve' : 'Resolve'}
          ariaLabel={`${topic.resolved ? 'Unresolve' : 'Resolve'} ${name}`}
        />
        {index > 0 ? (
          <ActionForm
            action={action}
            occurrenceId={occurrenceId}
            fields={{ position: String(index - 1) }}
            label="Move up"
            ariaLabel={`Move up ${name}`}
          />
        ) : null}
        {last ? null : (
          <ActionForm
            action={action}
            occurrenceId={occurrenceId}
            fields={{ position: String(index + 1) }}
            label="Move down"
            ariaLabel={`Move down ${name}`}
          />
        )}
      </div>
    </li>
  );
}
