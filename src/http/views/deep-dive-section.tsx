import { MAX_NOTE_LENGTH } from '../../agenda/note-commands.ts';
import { errorIn, FormErrorAlert, invalidAttributes, refill } from './form-error.tsx';
import { OccurrenceField } from './form-fields.tsx';
import { agendaPath } from './paths.ts';
import type { AgendaSectionProps } from './section-props.ts';
import { textareaContent } from './textarea-content.ts';

/** The one topic this meeting goes deep on, and the notes both people share. */
export function DeepDiveSection({ view, token, formError }: AgendaSectionProps) {
  const error = errorIn(formError, 'agenda');
  return (
    <section id="deep-dive" aria-labelledby="deep-dive-title">
      <h2 id="deep-dive-title">Deep dive (one topic)</h2>
      <p class="muted">Pick one thing worth real time: growth, a hard problem, feedback either way.</p>
      <FormErrorAlert error={error} />
      <form method="post" action={agendaPath(token, 'agenda')}>
        <OccurrenceField occurrenceId={view.occurrence?.id ?? null} />
        <label for="deep-dive-topic">Deep dive topic</label>
        <input
          type="text"
          id="deep-dive-topic"
          name="deepDive"
          maxlength={MAX_NOTE_LENGTH}
          value={refill(error, 'deepDive', view.deepDive)}
          {...invalidAttributes(error, 'deepDive')}
        />
        <label for="shared-notes">Shared notes</label>
        <textarea
          id="shared-notes"
          name="sharedNotes"
          rows={8}
          maxlength={MAX_NOTE_LENGTH}
          {...invalidAttributes(error, 'sharedNotes')}
        >
          {textareaContent(refill(error, 'sharedNotes', view.sharedNotes))}
        </textarea>
        <button type="submit" class="primary">
          Save
        </button>
      </form>
    </section>
  );
}
