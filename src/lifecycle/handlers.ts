import { PREPARE_SOURCE, SEND_PROMPTS, SYNC_CALENDAR } from '../db/job-kinds.ts';
import type { LifecycleDeps } from './deps.ts';
import { prepareSource } from './prepare-source.ts';
import { sendPrompts } from './send-prompts.ts';
import { syncCalendar } from './sync-calendar.ts';
import type { JobHandler } from './tick.ts';

/** The job kinds this build runs, by name, bound to their dependencies. */
export function jobHandlers(deps: LifecycleDeps): Readonly<Record<string, JobHandler>> {
  return {
    [SYNC_CALENDAR]: (job) => syncCalendar(deps, job.key),
    [PREPARE_SOURCE]: (job) => prepareSource(deps, job.key),
    [SEND_PROMPTS]: (job) => sendPrompts(deps, job.key),
  };
}
