import type { TemplateView } from '../../agenda/template-part.ts';
import { MAX_PROMPT_LENGTH, MAX_QUESTIONS } from '../../core/templates.ts';
import { OccurrenceField } from './form-fields.tsx';
import { NoticeMessage } from './notice-message.tsx';
import { agendaPath } from './paths.ts';
import type { AgendaSectionProps } from './section-props.ts';
import { textareaContent } from './textarea-content.ts';

/**
 * Which template this 1:1 follows (the check-in questions and what each section suggests), and the form to choose
 * another or write the pair's own. The form is on a person's own link only: the shared link travels in the invite,
 * so it only says which template is used. A plain form, so it works without JavaScript.
 */
export function TemplateSection({ view, token, notice }: AgendaSectionProps) {
  const template = view.template;
  if (!template) return null;
  if (view.viewer.role === 'shared') {
    return (
      <section id="template" aria-labelledby="template-title">
        <h2 id="template-title">Meeting template</h2>
        <p>
          This 1:1 uses the <strong>{template.name}</strong> template. Either of you can change it on your own link.
        </p>
      </section>
    );
  }
  return (
    <section id="template" aria-labelledby="template-title">
      <h2 id="template-title">Meeting template</h2>
      <p>
        This 1:1 uses the <strong>{template.name}</strong> template: it sets the check-in questions and what each
        section suggests. Every template keeps the same order, and applies to all meetings of this 1:1.
      </p>
      <NoticeMessage notice={notice} at="template" />
      <details class="edit">
        <summary>Change the template</summary>
        <form method="post" action={agendaPath(token, 'template')}>
          <OccurrenceField occurrenceId={view.occurrence?.id ?? null} />
          <fieldset class="choices">
            <legend>Template</legend>
            {[
              ...template.builtIns,
              { key: 'custom', name: 'Custom', description: 'Your own questions and prompts, below.' },
            ].map((choice) => (
              <label for={`template-${choice.key}`}>
                <input
                  type="radio"
                  id={`template-${choice.key}`}
                  name="template"
                  value={choice.key}
                  checked={choice.key === template.key}
                />
                <span>
                  <strong>{choice.name}</strong> <span class="muted">{choice.description}</span>
                </span>
              </label>
            ))}
          </fieldset>
          <CustomFields template={template} />
          <button type="submit" class="primary">
            Save template
          </button>
        </form>
      </details>
    </section>
  );
}

/** The custom template's questions and prompts, starting from the template in use. */
function CustomFields({ template }: { readonly template: TemplateView }) {
  const prompt = (id: string, label: string, value: string, hint: string) => (
    <>
      <label for={`template-${id}`}>
        {label} <span class="muted">({hint})</span>
      </label>
      <textarea id={`template-${id}`} name={`prompts.${id}`} rows={2} maxlength={MAX_PROMPT_LENGTH}>
        {textareaContent(value)}
      </textarea>
    </>
  );
  return (
    <fieldset>
      <legend>Your own template (used when Custom is chosen)</legend>
      <label for="template-check-in">
        Check-in questions <span class="muted">(one per line, up to {MAX_QUESTIONS})</span>
      </label>
      <textarea id="template-check-in" name="checkIn" rows={7}>
        {textareaContent(template.checkIn.join('\n'))}
      </textarea>
      {prompt(
        'topics',
        'Talking points prompt',
        template.prompts.topics,
        'after "This is your time:"; leave empty for none',
      )}
      {prompt('deepDive', 'Deep dive prompt', template.prompts.deepDive, 'leave empty for none')}
      {prompt('nextSteps', 'Next steps prompt', template.prompts.nextSteps, 'leave empty for none')}
    </fieldset>
  );
}
