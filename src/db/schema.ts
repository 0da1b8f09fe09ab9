import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type { CommitmentStatus } from '../core/types.ts';

/**
 * The database, table by table: the single source of the row shapes. Matches migrations/ (the migration is the
 * truth about columns; this file is the truth about how the code reads them).
 */

/** A column the database fills (default now()) and the code may also set. */
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type NullableTimestamp = ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
type Id = Generated<string>;
/** A required instant: read as a Date, written as a Date or an ISO string. */
type Instant = ColumnType<Date, Date | string, Date | string>;

export type Provider = 'google' | 'microsoft';
export type AccountStatus = 'active' | 'needs_reconnect' | 'disconnected';
/** Where an account was connected: the real provider, or the sandbox's emulation of it (src/account-origin.ts). */
export type AccountOrigin = 'provider' | 'sandbox';
export type SeriesStatus = 'active' | 'ended' | 'not_one_on_one';
export type OccurrenceStatus = 'scheduled' | 'cancelled';
/** A personal link (one person's, emailed to them) or the shared one that goes into the invite. */
export type LinkRole = 'person' | 'shared';
/** A thread found on a calendar, or the sample one the demo creates (never matched to a calendar). */
export type SeriesKind = 'calendar' | 'demo';
export type CommitmentEventKind = 'created' | 'status' | 'edited';
export type PromptState = 'pending' | 'sending' | 'sent' | 'failed' | 'ambiguous' | 'skipped';
/** Why a prompt did not (certainly) go out: refused for good, outcome unknown, or given up after its retries. */
export type PromptFailure = 'refused' | 'unknown' | 'gave-up';
/** Which email of a meeting an outbox row is: the reminder before it, or the recap (and prompt) after it. */
export type PromptKind = 'recap' | 'reminder';
/** A job waits for its time, is held by one instance, or gave up after its kind's attempt cap. */
export type JobState = 'scheduled' | 'running' | 'dead';
/** A series' meeting template: a built-in one, or its own questions and prompts (`template_custom`). */
export type TemplateKey = 'weekly' | 'career' | 'skip-level' | 'custom';
export type GoalStatus = 'active' | 'achieved' | 'dropped';

export interface AccountsTable {
  id: Id;
  provider: Provider;
  email: string;
  display_name: string | null;
  tokens_encrypted: string | null;
  status: ColumnType<AccountStatus, AccountStatus | undefined, AccountStatus>;
  status_reason: string | null;
  /** Null for an account stored before origins were recorded, until the next start decides it. */
  origin: ColumnType<AccountOrigin | null, AccountOrigin | undefined, AccountOrigin>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CalendarsTable {
  id: Id;
  account_id: string;
  provider_calendar_id: string;
  sync_cursor: string | null;
  watch_id: string | null;
  watch_resource_id: string | null;
  watch_secret_hash: string | null;
  watch_expires_at: NullableTimestamp;
  last_notified_at: NullableTimestamp;
  last_synced_at: NullableTimestamp;
  /** Watches refused in a row; the next try waits 1 h doubling to 24 h (src/lifecycle/sync-calendar.ts). */
  watch_failures: ColumnType<number, number | undefined, number>;
  /** No new watch is tried before this. */
  watch_retry_at: NullableTimestamp;
  /** Graph asked for the subscription to be reauthorized (lifecycle `reauthorizationRequired`). */
  watch_reauthorize: ColumnType<boolean, boolean | undefined, boolean>;
  /** Items change notifications named since the last sync; null when more were named than are kept. */
  notified_items: ColumnType<string[] | null, string[] | null | undefined, string[] | null>;
  /** What the last sync could not read as it should, in words for the person; null when all was well. */
  sync_warning: string | null;
  /** The backstop poll last used (src/core/backstop.ts); null until the first sync with push. */
  backstop_seconds: number | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SeriesTable {
  id: Id;
  title: string;
  organizer_email: string;
  organizer_name: string | null;
  attendee_email: string;
  attendee_name: string | null;
  /** IANA zone the series is scheduled in; due dates and "overdue" are judged in it. */
  time_zone: string;
  status: ColumnType<SeriesStatus, SeriesStatus | undefined, SeriesStatus>;
  /** Why the thread ended or stopped, in words a person reads. */
  status_reason: string | null;
  kind: ColumnType<SeriesKind, SeriesKind | undefined, SeriesKind>;
  /** The thread this one took over from when the people on its calendar series changed. */
  previous_series_id: string | null;
  /** Whether both people get a reminder email before each meeting (REMINDER_HOURS ahead). */
  reminders: ColumnType<boolean, boolean | undefined, boolean>;
  template: ColumnType<TemplateKey, TemplateKey | undefined, TemplateKey>;
  /** The custom template's questions and prompts (parsed at the edge, src/core/templates.ts); null unless custom. */
  template_custom: ColumnType<unknown, string | null | undefined, string | null>;
  /** Every this many meetings the agenda proposes a goals check-in; 0: never. */
  goals_every: ColumnType<number, number | undefined, number>;
  /** Paused by a person: no writes to its invites and no email until resumed. */
  paused_at: NullableTimestamp;
  paused_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface SeriesSourcesTable {
  id: Id;
  series_id: string;
  account_id: string | null;
  provider: Provider;
  provider_series_id: string;
  ical_uid: string | null;
  organizer_email: string;
  /** The series' first meeting, as the provider reported it. */
  first_start: NullableTimestamp;
  /** No meeting of the series starts after this (an UNTIL or end date); null when open-ended or count-bound. */
  recurrence_ends_at: NullableTimestamp;
  /** When the provider listed every remaining meeting (fewer than asked for): the end of the last one. */
  last_ends_at: NullableTimestamp;
  ended_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface OccurrencesTable {
  id: Id;
  series_id: string;
  original_start: Instant;
  starts_at: Instant;
  ends_at: Instant;
  status: ColumnType<OccurrenceStatus, OccurrenceStatus | undefined, OccurrenceStatus>;
  source_id: string | null;
  provider_instance_id: string | null;
  provider_etag: string | null;
  block_hash: string | null;
  block_written_at: NullableTimestamp;
  /** Writes of our block into this occurrence's invite so far (the write budget counts them). */
  block_writes: ColumnType<number, number | undefined, number>;
  /** One of the two people declined this meeting: it does not take place for Carryover (no prompt, no block). */
  declined_by: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AgendasTable {
  id: Id;
  occurrence_id: string;
  deep_dive: ColumnType<string, string | undefined, string>;
  shared_notes: ColumnType<string, string | undefined, string>;
  decisions: ColumnType<string, string | undefined, string>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface ParticipantLinksTable {
  id: Id;
  series_id: string;
  role: LinkRole;
  email: string | null;
  nonce: string;
  token_hash: string;
  created_at: Timestamp;
  revoked_at: NullableTimestamp;
}

export interface TopicsTable {
  id: Id;
  series_id: string;
  occurrence_id: string;
  author_email: string | null;
  text: string;
  position: number;
  resolved_at: NullableTimestamp;
  /** The unresolved topic of an earlier meeting this one was carried from, or null for a topic added here. */
  carried_from_topic_id: string | null;
  /** When this topic, unresolved, was carried to a later meeting (once: the copy carries it on from there). */
  carried_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CommitmentsTable {
  id: Id;
  series_id: string;
  made_at_occurrence_id: string | null;
  text: string;
  owner_email: string;
  due_date: string | null;
  status: ColumnType<CommitmentStatus, CommitmentStatus | undefined, CommitmentStatus>;
  created_by_email: string | null;
  closed_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface CommitmentEventsTable {
  id: Id;
  commitment_id: string;
  kind: CommitmentEventKind;
  from_status: CommitmentStatus | null;
  to_status: CommitmentStatus | null;
  detail: string | null;
  actor_email: string | null;
  at: Timestamp;
}

export interface PrivateNotesTable {
  id: Id;
  occurrence_id: string;
  author_email: string;
  /** Sealed (AES-GCM, see src/security/secret-box.ts) when `sealed`; rows from before sealing are upgraded at start. */
  body: string;
  sealed: ColumnType<boolean, boolean | undefined, boolean>;
  updated_at: Timestamp;
}

export interface PromptsTable {
  id: Id;
  occurrence_id: string;
  recipient_email: string;
  kind: ColumnType<PromptKind, PromptKind | undefined, PromptKind>;
  state: ColumnType<PromptState, PromptState | undefined, PromptState>;
  attempts: ColumnType<number, number | undefined, number>;
  claimed_until: NullableTimestamp;
  sent_at: NullableTimestamp;
  provider_message_id: string | null;
  last_error: string | null;
  failure: PromptFailure | null;
  /** A person asked to send it again (after it failed or may not have gone out). */
  resend_requested_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface JobsTable {
  id: Id;
  kind: string;
  key: string;
  run_at: Timestamp;
  locked_until: NullableTimestamp;
  attempts: ColumnType<number, number | undefined, number>;
  generation: ColumnType<number, number | undefined, number>;
  state: ColumnType<JobState, JobState | undefined, JobState>;
  /** Who holds the lease while running: only they may complete, retry, extend or release the job. */
  lease_owner: string | null;
  dead_at: NullableTimestamp;
  last_error: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

/** One person's rating of one meeting and answer to its question; the answer is sealed at rest. */
export interface MeetingFeedbackTable {
  id: Id;
  series_id: string;
  occurrence_id: string;
  author_email: string;
  rating: number | null;
  question_key: string | null;
  answer_sealed: string | null;
  /** Whether the other person of the 1:1 may see it. */
  shared: ColumnType<boolean, boolean | undefined, boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface GoalsTable {
  id: Id;
  series_id: string;
  owner_email: string;
  title: string;
  description: ColumnType<string, string | undefined, string>;
  target_date: string | null;
  status: ColumnType<GoalStatus, GoalStatus | undefined, GoalStatus>;
  created_by_email: string | null;
  closed_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface GoalMilestonesTable {
  id: Id;
  goal_id: string;
  text: string;
  due_date: string | null;
  position: number;
  done_at: NullableTimestamp;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface GoalEventsTable {
  id: Id;
  goal_id: string;
  kind: string;
  detail: string | null;
  actor_email: string | null;
  at: Timestamp;
}

/** A person who deleted their data, known only by the keyed digest of their address. */
export interface ForgottenPeopleTable {
  address_digest: string;
  forgotten_at: Timestamp;
}

export interface Database {
  accounts: AccountsTable;
  calendars: CalendarsTable;
  series: SeriesTable;
  series_sources: SeriesSourcesTable;
  occurrences: OccurrencesTable;
  agendas: AgendasTable;
  participant_links: ParticipantLinksTable;
  topics: TopicsTable;
  commitments: CommitmentsTable;
  commitment_events: CommitmentEventsTable;
  private_notes: PrivateNotesTable;
  prompts: PromptsTable;
  jobs: JobsTable;
  forgotten_people: ForgottenPeopleTable;
  meeting_feedback: MeetingFeedbackTable;
  goals: GoalsTable;
  goal_milestones: GoalMilestonesTable;
  goal_events: GoalEventsTable;
}

export type SeriesRow = Selectable<SeriesTable>;
export type NewSeries = Insertable<SeriesTable>;
export type OccurrenceRow = Selectable<OccurrencesTable>;
export type NewOccurrence = Insertable<OccurrencesTable>;
export type OccurrenceUpdate = Updateable<OccurrencesTable>;
export type AgendaRow = Selectable<AgendasTable>;
export type LinkRow = Selectable<ParticipantLinksTable>;
export type TopicRow = Selectable<TopicsTable>;
export type CommitmentRow = Selectable<CommitmentsTable>;
export type CommitmentEventRow = Selectable<CommitmentEventsTable>;
export type PrivateNoteRow = Selectable<PrivateNotesTable>;
export type PromptRow = Selectable<PromptsTable>;
export type JobRow = Selectable<JobsTable>;
export type MeetingFeedbackRow = Selectable<MeetingFeedbackTable>;
export type GoalRow = Selectable<GoalsTable>;
export type GoalMilestoneRow = Selectable<GoalMilestonesTable>;
export type GoalEventRow = Selectable<GoalEventsTable>;
