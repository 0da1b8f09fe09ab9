import { MAX_NOTE_LENGTH } from '../../agenda/note-commands.ts';
import { DEFAULT_TEMPLATE } from '../../core/templates.ts';
import { errorIn, FormErrorAlert, invalidAttributes, refill } from './form-error.tsx';
import { OccurrenceField } from './form-fields.tsx';
import { NoticeMessage } from './notice-message.tsx';
import { agendaPath } from './paths.ts';
import type { AgendaSectionProps } from './section-props.ts';
import { textareaContent } from './textarea-content.ts';

/** The one topic this meeting goes deep on, the notes both people share, and what they decided. */
export function DeepDiveSection({ view, token, formError, notice }: AgendaSectionProps) {
  const error = errorIn(formError, 'agenda');
  const prompt = (view.template ?? DEFAULT_TEMPLATE).prompts.deepDive;
  return (
    <section id="deep-dive" aria-labelledby="deep-dive-title">
      <h2 id="deep-dive-title">Deep dive (one topic)</h2>
      {prompt ? <p class="muted">{prompt}</p> : null}
      <NoticeMessage notice={notice} at="deep-dive" />
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
        <label for="decisions">
          Decisions <span class="muted">(what you agreed; the recap email lists them)</span>
        </label>
        <textarea
          id="decisions"
          name="decisions"
          rows={4}
          maxlength={MAX_NOTE_LENGTH}
          {...invalidAttributes(error, 'decisions')}
        >
          {textareaContent(refill(error, 'decisions', view.decisions))}
        </textarea>
        <button type="submit" class="primary">
          Save
        </button>
      </form>
    </section>
  );
}
