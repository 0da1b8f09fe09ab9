import type { TopicView } from '../../agenda/agenda-view.ts';
import { MAX_TOPIC_LENGTH } from '../../agenda/topic-commands.ts';
import { ActionForm, quoted } from './action-form.tsx';
import { DeleteButton } from './delete-button.tsx';
import { errorIn, type FormError, FormErrorAlert, invalidAttributes, refill } from './form-error.tsx';
import { OccurrenceField } from './form-fields.tsx';
import type { Notice } from './notice.ts';
import { NoticeMessage } from './notice-message.tsx';
import { agendaPath, occurrenceHref } from './paths.ts';

export interface TopicItemProps {
  readonly topic: TopicView;
  /** Its place in the list (0-based) and the list's length, for the "move to" choice. */
  readonly index: number;
  readonly count: number;
  readonly token: string;
  readonly occurrenceId: string | null;
  readonly formError?: FormError | undefined;
  readonly notice?: Notice | undefined;
}

/** One talking point with what can be done to it: resolve, move to any place in one step, edit, delete. */
export function TopicItem({ topic, index, count, token, occurrenceId, formError, notice }: TopicItemProps) {
  const action = agendaPath(token, 'topics', topic.id);
  const name = quoted(topic.text);
  const error = errorIn(formError, 'topic-edit', topic.id);
  return (
    <li id={`topic-${topic.id}`}>
      <span class="item-text">{topic.text}</span>
      {topic.authorName ? <span class="muted"> — added by {topic.authorName}</span> : null}
      {topic.resolved ? (
        <>
          {' '}
          <span class="badge badge-resolved">resolved</span>
        </>
      ) : null}
      <CarriedMark topic={topic} token={token} />
      <NoticeMessage notice={notice} at={`topic-${topic.id}`} />
      <div class="actions">
        <ActionForm
          action={action}
          occurrenceId={occurrenceId}
          fields={{ resolved: topic.resolved ? 'false' : 'true' }}
          label={topic.resolved ? 'Unresolve' : 'Resolve'}
          ariaLabel={`${topic.resolved ? 'Unresolve' : 'Resolve'} ${name}`}
        />
        {count > 1 ? (
          <MoveForm topic={topic} index={index} count={count} action={action} occurrenceId={occurrenceId} />
        ) : null}
        <details class="edit" open={error !== undefined}>
          <summary>
            Edit<span class="visually-hidden"> {name}</span>
          </summary>
          <FormErrorAlert error={error} />
          <form method="post" action={action}>
            <OccurrenceField occurrenceId={occurrenceId} />
            <label for={`topic-${topic.id}-text`}>Text</label>
            <input
              type="text"
              id={`topic-${topic.id}-text`}
              name="text"
              required
              maxlength={MAX_TOPIC_LENGTH}
              value={refill(error, 'text', topic.text)}
              {...invalidAttributes(error, 'text')}
            />
            <button type="submit" class="primary">
              Save talking point
            </button>
          </form>
        </details>
        <DeleteButton
          action={agendaPath(token, 'topics', topic.id, 'delete')}
          occurrenceId={occurrenceId}
          from="topics"
          ariaLabel={`Delete ${name}`}
        />
      </div>
    </li>
  );
}

/**
 * "Move to position n" in one step, whatever the distance: a labelled choice of every place in the list and a
 * button. Places are shown 1-based, as people count; the API's `position` is 0-based.
 */
function MoveForm({
  topic,
  index,
  count,
  action,
  occurrenceId,
}: {
  readonly topic: TopicView;
  readonly index: number;
  readonly count: number;
  readonly action: string;
  readonly occurrenceId: string | null;
}) {
  const id = `topic-${topic.id}-position`;
  const name = quoted(topic.text);
  return (
    <form method="post" action={action} class="move">
      <OccurrenceField occurrenceId={occurrenceId} />
      <label for={id}>
        Position<span class="visually-hidden"> of {name}</span>
      </label>
      <select id={id} name="position">
        {Array.from({ length: count }, (_, place) => (
          <option value={String(place)} selected={place === index}>
            {place + 1}
          </option>
        ))}
      </select>
      <button type="submit" aria-label={`Move ${name} to the chosen position`}>
        Move
      </button>
    </form>
  );
}

/** Where an open point came from, or that it went on to a later meeting: carried points are never silent moves. */
export function CarriedMark({ topic, token }: { readonly topic: TopicView; readonly token: string }) {
  if (topic.carriedFrom) {
    return (
      <>
        {' '}
        <span class="badge badge-carried">
          carried from <a href={occurrenceHref(token, topic.carriedFrom.occurrenceId)}>{topic.carriedFrom.when}</a>
        </span>
      </>
    );
  }
  if (topic.carriedOn && !topic.resolved) {
    return (
      <>
        {' '}
        <span class="badge badge-carried">carried to the next 1:1</span>
      </>
    );
  }
  return null;
}
