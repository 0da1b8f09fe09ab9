import type { PromptKind } from './schema.ts';

/** Sync one watched calendar (key: calendars.id). Triggered by webhooks, on connect, and as a poll. */
export const SYNC_CALENDAR = 'sync-calendar';
/** Bring one provider series' next meeting up to date (key: series_sources.id). */
export const PREPARE_SOURCE = 'prepare-source';
/** Send the after-meeting prompts of one occurrence (key: occurrences.id). */
export const SEND_PROMPTS = 'send-prompts';

/** Send the before-meeting reminders of one occurrence (key: occurrences.id). */
export const SEND_REMINDERS = 'send-reminders';

/** The job that sends each kind of outbox email (a resend or a reconnect schedules it). */
export const SEND_JOB_OF: Readonly<Record<PromptKind, string>> = {
  recap: SEND_PROMPTS,
  reminder: SEND_REMINDERS,
};

/** What a job's key names, by kind: the id its log lines carry the key under. */
export const JOB_KEY_NAMES: Readonly<Record<string, string>> = {
  [SYNC_CALENDAR]: 'calendarId',
  [PREPARE_SOURCE]: 'sourceId',
  [SEND_PROMPTS]: 'occurrenceId',
  [SEND_REMINDERS]: 'occurrenceId',
};
