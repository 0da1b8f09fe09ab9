import { type FeedbackQuestion, isRating } from '../core/feedback-questions.ts';
import { textProblem } from '../core/storable-text.ts';
import { feedbackOnMeeting, upsertFeedback } from '../db/meeting-feedback.ts';
import { listOccurrences } from '../db/occurrences.ts';
import { seal } from '../security/secret-box.ts';
import { type AgendaContext, pickOccurrence } from './context.ts';
import { questionOf, readerOf, unratable } from './feedback-rules.ts';
import { failure, invalid, type Outcome, success } from './outcome.ts';

/** Longest answer to a meeting's question accepted. */
export const MAX_ANSWER_LENGTH = 2_000;

export interface FeedbackInput {
  /** The meeting rated: feedback is always about one named meeting. */
  readonly occurrenceId: string;
  /** 1 (poor) to 5 (great), or null for no rating. */
  readonly rating: number | null;
  /** The answer to the meeting's question; empty for none. */
  readonly answer: string;
  /** Whether the other person of the 1:1 may see this rating and answer. */
  readonly shared: boolean;
}

/** Feedback as its author saved it. */
export interface SavedFeedback {
  readonly occurrenceId: string;
  readonly question: FeedbackQuestion;
  readonly rating: number | null;
  readonly answer: string;
  readonly shared: boolean;
  readonly updatedAt: Date;
}

/**
 * Saves the viewer's rating of a meeting and answer to its question (replacing what they saved before), sealed at
 * rest. Only from a person's own link: the shared link is in the invite and anyone may hold it. Only once the meeting
 * has ended, and only if it took place. A demo may be rated like any 1:1 (it is there to be tried).
 */
export async function saveFeedback(ctx: AgendaContext, input: FeedbackInput): Promise<Outcome<SavedFeedback>> {
  const viewer = ctx.opened.viewer;
  if (viewer.role === 'shared') {
    return failure({
      kind: 'forbidden',
      message:
        'Rate from your own link: feedback is given from the link Carryover emailed you, not from the calendar invite.',
    });
  }
  const rating = input.rating;
  if (rating !== null && !isRating(rating)) {
    return invalid('rating', 'A rating is a whole number from 1 (poor) to 5 (great), or none at all.');
  }
  const unstorable = textProblem(input.answer);
  if (unstorable) return invalid('answer', `The answer ${unstorable.message}.`);
  const answer = input.answer.trim();
  if (answer.length > MAX_ANSWER_LENGTH) {
    return invalid('answer', `Keep your answer under ${MAX_ANSWER_LENGTH} characters (now ${answer.length}).`);
  }

  const picked = await pickOccurrence(ctx, input.occurrenceId, 'focus');
  if (!picked.ok) return picked;
  const occurrence = picked.value;
  if (!occurrence) return failure({ kind: 'no-occurrence', message: 'This 1:1 has no meeting yet.' });
  const closed = unratable(occurrence, ctx.now);
  if (closed) return failure(closed);

  const series = ctx.opened.series;
  const [rows, earlier] = await Promise.all([
    listOccurrences(ctx.db, series.id),
    feedbackOnMeeting(ctx.db, occurrence.id, readerOf(series, viewer.email)),
  ]);
  const stored = earlier.find((row) => row.author_email === viewer.email);
  const question = questionOf(series, rows, occurrence, viewer.email, stored?.question_key);
  const row = await upsertFeedback(ctx.db, {
    seriesId: series.id,
    occurrenceId: occurrence.id,
    authorEmail: viewer.email,
    rating,
    questionKey: question.key,
    answerSealed: answer ? await seal(ctx.keys, answer) : null,
    shared: input.shared,
  });
  return success({
    occurrenceId: occurrence.id,
    question,
    rating: row.rating,
    answer,
    shared: row.shared,
    updatedAt: row.updated_at,
  });
}
