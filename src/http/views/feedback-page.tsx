import type { MeetingFeedback } from '../../agenda/feedback-part.ts';
import { firstName } from '../../core/feedback-questions.ts';
import { FeedbackForm, type FeedbackFormError } from './feedback-form.tsx';
import { Layout } from './layout.tsx';
import { occurrenceHref } from './paths.ts';

export interface FeedbackPageProps {
  readonly token: string;
  readonly nonce?: string | undefined;
  /** The 1:1's title and the meeting's time, as the agenda shows them. */
  readonly title: string;
  readonly when: string;
  readonly otherName: string;
  readonly meeting: MeetingFeedback;
  /** The rating the link chose (the email's "4 — good"), preselected; nothing is saved until Save. */
  readonly rating?: number | undefined;
  readonly error?: FeedbackFormError | undefined;
}

/**
 * Rating one meeting, opened from the recap email's 1–5 links. Mail scanners (Microsoft Defender Safe Links and the
 * like) open every link in an email, so opening this page saves nothing: it only preselects the rating, and the
 * person presses Save.
 */
export function FeedbackPage({ token, nonce, title, when, otherName, meeting, rating, error }: FeedbackPageProps) {
  const other = firstName(otherName);
  return (
    <Layout title={`Rate your 1:1 with ${other}`} nonce={nonce}>
      <h1>How was your 1:1 with {other}?</h1>
      <p>
        {title}, {when}.
      </p>
      <p class="muted">Nothing is saved until you press Save.</p>
      <FeedbackForm token={token} meeting={meeting} otherName={otherName} rating={rating} error={error} />
      <p>
        <a href={`${occurrenceHref(token, meeting.occurrenceId)}#feedback`}>Back to the agenda</a>
      </p>
    </Layout>
  );
}
