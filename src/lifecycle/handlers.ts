import { PREPARE_SOURCE, SEND_PROMPTS, SEND_REMINDERS, SYNC_CALENDAR } from '../db/job-kinds.ts';
import type { LifecycleDeps } from './deps.ts';
import { prepareSource } from './prepare-source.ts';
import { sendPrompts } from './send-prompts.ts';
import { sendReminders } from './send-reminders.ts';
import { syncCalendar } from './sync-calendar.ts';
import type { JobHandler } from './tick.ts';

/** The job kinds this build runs, by name, bound to their dependencies. */
export function jobHandlers(deps: LifecycleDeps): Readonly<Record<string, JobHandler>> {
  return {
    [SYNC_CALENDAR]: (job) => syncCalendar(deps, job.key),
    [PREPARE_SOURCE]: (job) => prepareSource(deps, job.key),
    [SEND_PROMPTS]: (job) => sendPrompts(deps, job.key),
    [SEND_REMINDERS]: (job) => sendReminders(deps, job.key),
  };
}

/**
 * Tries before a job of each kind gives up and goes dead (shown on /account, retried by hand or on reconnect). With
 * backoff from 5 s doubling to an hour, 30 tries last about a day: a provider outage is ridden out, a broken job
 * stops trying the next day. Prompts have their own cap per send inside the outbox (src/lifecycle/send-prompts.ts).
 */
export const JOB_MAX_ATTEMPTS: Readonly<Record<string, number>> = {
  [SYNC_CALENDAR]: 30,
  [PREPARE_SOURCE]: 30,
  [SEND_PROMPTS]: 30,
  [SEND_REMINDERS]: 30,
};
