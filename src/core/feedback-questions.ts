/**
 * The one question each person is asked about a meeting, beside its 1–5 rating. It follows the 1:1 practice: the
 * report is asked about the manager's support and communication, blockers and growth; the manager about how they
 * supported the report, who had the airtime and what they would do differently. Each meeting asks the next question
 * of each bank, so the questions rotate over a thread and a person does not answer the same one every week.
 *
 * Keys are stored with an answer (`meeting_feedback.question_key`): never change or reuse one; retire it by removing
 * it, and add new questions with new keys.
 */

/** Who answers: the organizer is taken to be the manager, the attendee the report. */
export type FeedbackAuthor = 'manager' | 'report';

/** A question as a person reads it: its stable key and its text, with the other person's first name in it. */
export interface FeedbackQuestion {
  readonly key: string;
  readonly text: string;
}

interface QuestionTemplate {
  readonly key: string;
  readonly text: (other: string) => string;
}

/** Asked of the report, about the manager (`other`). */
const REPORT_BANK: readonly QuestionTemplate[] = [
  { key: 'report-support', text: (other) => `What could ${other} do to support you better?` },
  { key: 'report-blockers', text: (other) => `Is anything blocking you that ${other} could help remove?` },
  { key: 'report-growth', text: () => 'What would you like to learn or grow into next?' },
  { key: 'report-clarity', text: (other) => `Was anything unclear in how ${other} communicated this week?` },
  { key: 'report-priorities', text: (other) => `Do you and ${other} agree on what matters most right now?` },
  { key: 'report-recognition', text: (other) => `Is there recent work of yours you wish ${other} had noticed?` },
  { key: 'report-workload', text: () => 'How sustainable does your workload feel at the moment?' },
  { key: 'report-one-on-one', text: (other) => `What would make your 1:1s with ${other} more useful to you?` },
  { key: 'report-feedback', text: (other) => `What feedback would you like from ${other} that you are not getting?` },
  { key: 'report-context', text: (other) => `Is there a decision you would like more context on from ${other}?` },
];

/** Asked of the manager, about the report (`other`). */
const MANAGER_BANK: readonly QuestionTemplate[] = [
  { key: 'manager-support', text: (other) => `How well did you support ${other} in this meeting?` },
  { key: 'manager-airtime', text: (other) => `Did ${other} have most of the airtime, or did you?` },
  { key: 'manager-differently', text: (other) => `What would you do differently in your next 1:1 with ${other}?` },
  { key: 'manager-unblock', text: (other) => `Did you leave with something to unblock for ${other}? What is it?` },
  { key: 'manager-listening', text: (other) => `What did you learn about how ${other} is really doing?` },
  { key: 'manager-growth', text: (other) => `Did you talk about ${other}'s growth, not only the work?` },
  { key: 'manager-recognition', text: (other) => `Did you tell ${other} about something they did well?` },
  { key: 'manager-clarity', text: (other) => `Might ${other} have found anything you said unclear?` },
];

const BANKS: Readonly<Record<FeedbackAuthor, readonly QuestionTemplate[]>> = {
  manager: MANAGER_BANK,
  report: REPORT_BANK,
};

/** The ratings a meeting can have, 1 (poor) to 5 (great). */
export const RATINGS = [1, 2, 3, 4, 5] as const;

export type Rating = (typeof RATINGS)[number];

const RATING_WORDS: Readonly<Record<Rating, string>> = { 1: 'poor', 2: 'fair', 3: 'okay', 4: 'good', 5: 'great' };

/** Whether a value is a rating: a whole number from 1 to 5. */
export function isRating(value: unknown): value is Rating {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
}

/** A rating as people read it, on the page and in the email: "4 — good". */
export function ratingLabel(rating: Rating): string {
  return `${rating} — ${RATING_WORDS[rating]}`;
}

/** The keys of an author's bank, in the order the questions rotate. */
export function questionKeys(author: FeedbackAuthor): readonly string[] {
  return BANKS[author].map((question) => question.key);
}

/**
 * The question a person is asked about a meeting: the meeting's `ordinal` (its 0-based place among the thread's
 * meetings, by start time) picks the next question of their bank, so it changes from meeting to meeting.
 *
 * @example questionFor('report', 0, 'Maya Lind') // { key: 'report-support', text: 'What could Maya do to support you better?' }
 */
export function questionFor(author: FeedbackAuthor, ordinal: number, otherName: string): FeedbackQuestion {
  if (!Number.isInteger(ordinal) || ordinal < 0) {
    throw new RangeError(`ordinal must be a whole number from 0, not ${ordinal}`);
  }
  const bank = BANKS[author];
  return fill(bank[ordinal % bank.length]!, otherName);
}

/** The question stored with an answer, by its key; undefined for a key no bank has (any more). */
export function questionByKey(key: string, otherName: string): FeedbackQuestion | undefined {
  const template = [...REPORT_BANK, ...MANAGER_BANK].find((question) => question.key === key);
  return template ? fill(template, otherName) : undefined;
}

/** What a question calls a person: the first word of their name ("Maya Lind" → "Maya"), or the name as it is. */
export function firstName(name: string): string {
  return name.trim().split(/\s+/)[0] || name;
}

function fill(template: QuestionTemplate, otherName: string): FeedbackQuestion {
  return { key: template.key, text: template.text(firstName(otherName)) };
}
