import type { AgendaSectionProps } from './section-props.ts';

/** The meeting's feedback: each person's rating and answer (issue 13). */
export function FeedbackSection(_props: AgendaSectionProps) {
  return null;
}
