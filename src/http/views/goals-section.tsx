import type { AgendaSectionProps } from './section-props.ts';

/** The pair's development goals, linked from every agenda (issue 13). */
export function GoalsSection(_props: AgendaSectionProps) {
  return null;
}
