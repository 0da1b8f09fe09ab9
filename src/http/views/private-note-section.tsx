import { MAX_NOTE_LENGTH } from '../../agenda/note-commands.ts';
import { errorIn, FormErrorAlert, invalidAttributes, refill } from './form-error.tsx';
import { OccurrenceField } from './form-fields.tsx';
import { NoticeMessage } from './notice-message.tsx';
import { agendaPath } from './paths.ts';
import type { AgendaSectionProps } from './section-props.ts';
import { textareaContent } from './textarea-content.ts';

/** The viewer's own note on this meeting; the shared link has none and says where to find it. */
export function PrivateNoteSection({ view, token, formError, notice }: AgendaSectionProps) {
  if (view.privateNote === null) {
    return (
      <section id="private-note" aria-labelledby="private-note-title">
        <h2 id="private-note-title">Private note</h2>
        <p>
          Private notes need your personal link: open this agenda from the email Carryover sent you, not from the
          calendar invite.
        </p>
      </section>
    );
  }
  const error = errorIn(formError, 'private-note');
  return (
    <section id="private-note" aria-labelledby="private-note-title">
      <h2 id="private-note-title">Private note (only you see this)</h2>
      <NoticeMessage notice={notice} at="private-note" />
      <FormErrorAlert error={error} />
      <form method="post" action={agendaPath(token, 'private-note')}>
        <OccurrenceField occurrenceId={view.occurrence?.id ?? null} />
        <label for="private-note-body">Note to yourself</label>
        <textarea
          id="private-note-body"
          name="body"
          rows={6}
          maxlength={MAX_NOTE_LENGTH}
          {...invalidAttributes(error, 'body')}
        >
          {textareaContent(refill(error, 'body', view.privateNote))}
        </textarea>
        <button type="submit" class="primary">
          Save private note
        </button>
      </form>
    </section>
  );
}
