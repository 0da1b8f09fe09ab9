import { MAX_ANSWER_LENGTH } from '../../agenda/feedback-commands.ts';
import type { MeetingFeedback } from '../../agenda/feedback-part.ts';
import { firstName, RATINGS, ratingLabel } from '../../core/feedback-questions.ts';
import { agendaPath } from './paths.ts';
import { textareaContent } from './textarea-content.ts';

/** A refused feedback form: the field at fault, why, and what was sent (given back as typed). */
export interface FeedbackFormError {
  readonly field: string;
  readonly message: string;
  readonly values: Readonly<Record<string, string>>;
}

export interface FeedbackFormProps {
  readonly token: string;
  readonly meeting: MeetingFeedback;
  /** The other person of the 1:1, named in the share checkbox. */
  readonly otherName: string;
  /** The rating to preselect instead of the saved one (the email's "4 — good" link), if any. */
  readonly rating?: number | undefined;
  readonly error?: FeedbackFormError | undefined;
}

const ERROR_ID = 'feedback-error';

/**
 * The viewer's rating (a radio group: arrow keys move it), their answer to the meeting's question, and whether the
 * other person may see both. A plain form: it works without JavaScript, and only its Save button stores anything.
 */
export function FeedbackForm({ token, meeting, otherName, rating, error }: FeedbackFormProps) {
  const own = meeting.own;
  const other = firstName(otherName);
  const chosen = error ? Number(error.values.rating) || null : (rating ?? own?.rating ?? null);
  const answer = error ? (error.values.answer ?? '') : (own?.answer ?? '');
  const shared = error ? error.values.shared === 'true' : (own?.shared ?? false);
  const invalid = (field: string) =>
    error?.field === field ? { 'aria-invalid': 'true', 'aria-describedby': ERROR_ID } : {};
  return (
    <>
      {error ? (
        <div role="alert" id={ERROR_ID} class="alert" tabindex={-1} autofocus>
          <strong>Not saved.</strong> {error.message}
        </div>
      ) : null}
      <form method="post" action={agendaPath(token, 'feedback')}>
        <input type="hidden" name="occurrence" value={meeting.occurrenceId} />
        <fieldset class="rating" {...(error?.field === 'rating' ? { 'aria-describedby': ERROR_ID } : {})}>
          <legend>Your rating of this meeting</legend>
          {RATINGS.map((value) => (
            <label class="choice" for={`feedback-rating-${value}`}>
              <input
                type="radio"
                id={`feedback-rating-${value}`}
                name="rating"
                value={String(value)}
                checked={chosen === value}
              />
              {ratingLabel(value)}
            </label>
          ))}
          <label class="choice" for="feedback-rating-none">
            <input type="radio" id="feedback-rating-none" name="rating" value="" checked={chosen === null} />
            No rating
          </label>
        </fieldset>
        <label for="feedback-answer">{meeting.question.text}</label>
        <textarea
          id="feedback-answer"
          name="answer"
          rows={4}
          maxlength={MAX_ANSWER_LENGTH}
          aria-describedby="feedback-answer-hint"
          {...invalid('answer')}
        >
          {textareaContent(answer)}
        </textarea>
        <p id="feedback-answer-hint" class="muted">
          Optional, up to {MAX_ANSWER_LENGTH.toLocaleString('en')} characters. Stored encrypted.
        </p>
        <p class="check">
          <input
            type="checkbox"
            id="feedback-shared"
            name="shared"
            value="true"
            checked={shared}
            aria-describedby="feedback-shared-hint"
          />
          <label for="feedback-shared">Share with {other}</label>
        </p>
        <p id="feedback-shared-hint" class="muted">
          {shareExplanation(other)}
        </p>
        <button type="submit" class="primary">
          Save
        </button>
      </form>
    </>
  );
}

/** Who sees a person's feedback, in one line: the rule the form's checkbox changes. */
export function shareExplanation(other: string): string {
  return `Unticked, your rating and answer are yours alone. Ticked, ${other} sees them on their own link; untick to hide them again. Nobody else ever sees them, and the calendar invite's link never shows them.`;
}
