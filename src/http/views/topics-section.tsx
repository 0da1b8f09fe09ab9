import { MAX_TOPIC_LENGTH } from '../../agenda/topic-commands.ts';
import { DEFAULT_TEMPLATE } from '../../core/templates.ts';
import { errorIn, FormErrorAlert, invalidAttributes, refill } from './form-error.tsx';
import { AsSelect, OccurrenceField } from './form-fields.tsx';
import { NoticeMessage } from './notice-message.tsx';
import { agendaPath } from './paths.ts';
import type { AgendaSectionProps } from './section-props.ts';
import { TopicItem } from './topic-item.tsx';

/** The talking points of this meeting, in order, and the form to add one. */
export function TopicsSection({ view, token, formError, notice, rememberedAs }: AgendaSectionProps) {
  const error = errorIn(formError, 'topics');
  const occurrenceId = view.occurrence?.id ?? null;
  const topics = [...view.topics].sort((a, b) => a.position - b.position);
  const upcoming = view.occurrence?.phase === 'upcoming' && !view.occurrence.cancelled;
  const prompt = (view.template ?? DEFAULT_TEMPLATE).prompts.topics;
  return (
    <section id="topics" aria-labelledby="topics-title">
      <h2 id="topics-title">Talking points</h2>
      {upcoming && prompt ? (
        // The 1:1 is the report's meeting: their topics, brought before it starts, set the agenda.
        <p class="guide">
          {view.viewer.role === 'attendee'
            ? `This is your time: ${prompt}`
            : `${view.series.attendee.name}: ${prompt} It's your time.`}
        </p>
      ) : null}
      {topics.length > 0 ? (
        <ol class="items">
          {topics.map((topic, index) => (
            <TopicItem
              topic={topic}
              index={index}
              count={topics.length}
              token={token}
              occurrenceId={occurrenceId}
              formError={formError}
              notice={notice}
            />
          ))}
        </ol>
      ) : (
        <p class="muted">No talking points yet.</p>
      )}
      <NoticeMessage notice={notice} at="topics" />
      <h3>Add a talking point</h3>
      <FormErrorAlert error={error} />
      <form method="post" action={agendaPath(token, 'topics')}>
        <OccurrenceField occurrenceId={occurrenceId} />
        <AsSelect view={view} id="topic-as" error={error} rememberedAs={rememberedAs} />
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
