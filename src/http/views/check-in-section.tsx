import { DEFAULT_TEMPLATE } from '../../core/templates.ts';
import type { AgendaSectionProps } from './section-props.ts';

/**
 * The opening of a good 1:1: the person before the work. The template's questions, as guidance, nothing to fill in;
 * one question reads as a sentence, several as a list.
 */
export function CheckInSection({ view }: Pick<AgendaSectionProps, 'view'>) {
  const questions = view.template?.checkIn ?? DEFAULT_TEMPLATE.checkIn;
  return (
    <section id="check-in" aria-labelledby="check-in-title">
      <h2 id="check-in-title">Check-in</h2>
      {questions.length === 1 ? (
        <p class="guide">{questions[0]}</p>
      ) : (
        <ul class="guide questions">
          {questions.map((question) => (
            <li>{question}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
