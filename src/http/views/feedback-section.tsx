import type { SharedFeedback } from '../../agenda/feedback-part.ts';
import { firstName, isRating, ratingLabel } from '../../core/feedback-questions.ts';
import { FeedbackForm } from './feedback-form.tsx';
import { NoticeMessage } from './notice-message.tsx';
import type { AgendaSectionProps } from './section-props.ts';

/** The words the shared link says instead of any feedback (it never shows a rating, an answer or a question). */
export const SHARED_LINK_FEEDBACK =
  "Each person rates a meeting and answers its question from their own link (the one in Carryover's emails to them). The calendar invite's link never shows feedback.";

/**
 * The meeting's feedback: on an ended meeting, the viewer's rating and answer to their question, and what the other
 * person chose to share with them. It never tells whether the other person said anything they kept to themselves.
 */
export function FeedbackSection({ view, token, notice }: AgendaSectionProps) {
  const feedback = view.feedback;
  if (!view.occurrence) return null;
  if (!feedback.visible) {
    return (
      <section id="feedback" aria-labelledby="feedback-title">
        <h2 id="feedback-title">Feedback</h2>
        <p>{SHARED_LINK_FEEDBACK}</p>
      </section>
    );
  }
  const other = firstName(feedback.other.name);
  // Between meetings the page shows the next one: the last one held is the one to rate.
  const earlier = feedback.meeting && feedback.meeting.occurrenceId !== view.occurrence.id ? feedback.meeting : null;
  return (
    <section id="feedback" aria-labelledby="feedback-title">
      <h2 id="feedback-title">{earlier ? 'How was your last 1:1?' : 'How was this 1:1?'}</h2>
      <NoticeMessage notice={notice} at="feedback" />
      {earlier ? <p>This meeting is still to come, so this is about the one before it, on {earlier.day}.</p> : null}
      {feedback.meeting ? (
        <>
          <FeedbackForm token={token} meeting={feedback.meeting} otherName={feedback.other.name} />
          <h3>What {other} shared</h3>
          <OtherShared other={other} shared={feedback.meeting.otherShared} />
        </>
      ) : (
        <p>{feedback.closed?.message}</p>
      )}
    </section>
  );
}

/** The other person's rating and answer when they shared them; otherwise the same words whether or not they gave any. */
export function OtherShared({ other, shared }: { readonly other: string; readonly shared: SharedFeedback | null }) {
  if (!shared || (shared.rating === null && shared.answer === '')) {
    return <p class="muted">{other} hasn't shared feedback on this meeting.</p>;
  }
  return (
    <dl class="shared-feedback">
      <dt>Rating</dt>
      <dd>{isRating(shared.rating) ? ratingLabel(shared.rating) : 'No rating'}</dd>
      <dt>
        {other} was asked: “{shared.question.text}”
      </dt>
      <dd class="notes">{shared.answer || 'No answer'}</dd>
    </dl>
  );
}
