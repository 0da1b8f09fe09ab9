import type { JobHandler } from './tick.ts';

/**
 * The job kinds this build runs, by name. Provider work (calendar sync, preparing occurrences, sending prompts)
 * registers here as it lands; until then the tick only keeps the queue honest.
 */
export function jobHandlers(): Readonly<Record<string, JobHandler>> {
  return {};
}
