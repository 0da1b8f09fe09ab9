/** Sync one watched calendar (key: calendars.id). Triggered by webhooks, on connect, and as a poll. */
export const SYNC_CALENDAR = 'sync-calendar';
/** Bring one provider series' next meeting up to date (key: series_sources.id). */
export const PREPARE_SOURCE = 'prepare-source';
/** Send the after-meeting prompts of one occurrence (key: occurrences.id). */
export const SEND_PROMPTS = 'send-prompts';

/** What a job's key names, by kind: the id its log lines carry the key under. */
export const JOB_KEY_NAMES: Readonly<Record<string, string>> = {
  [SYNC_CALENDAR]: 'calendarId',
  [PREPARE_SOURCE]: 'sourceId',
  [SEND_PROMPTS]: 'occurrenceId',
};
