import { followThrough } from '../core/follow-through.ts';
import { formatMeetingTime } from '../core/time.ts';
import type { FollowThrough } from '../core/types.ts';
import { agendasFor } from '../db/agendas.ts';
import { commitmentEvents, listCommitments } from '../db/commitments.ts';
import { privateNoteOccurrenceIds } from '../db/export-queries.ts';
import { listOccurrences } from '../db/occurrences.ts';
import type { CommitmentEventRow, CommitmentRow, SeriesRow, TopicRow } from '../db/schema.ts';
import { listTopics } from '../db/topics.ts';
import type { AgendaContext } from './context.ts';
import { type ExportFeedback, type ExportGoal, exportFeedback, exportGoals } from './export-extras.ts';
import type { Viewer } from './links.ts';
import { participantNames, toCommitment } from './mappers.ts';
import { readPrivateNote } from './private-notes.ts';

/**
 * A pair's history as one plain value, the single source the JSON, CSV and Markdown exports are rendered from, so
 * the three can never disagree about what a link may take away. It holds what the link's agenda pages show, and a
 * private note only when the link is its author's own.
 */

/** The JSON export's identity; bump `EXPORT_VERSION` whenever a field changes meaning or goes away. */
export const EXPORT_FORMAT = 'carryover-export';
export const EXPORT_VERSION = 1;

export interface ExportPerson {
  readonly email: string;
  readonly name: string;
}

/** Whether a meeting took place for Carryover: a cancelled meeting, or one either person declined, did not. */
export type ExportMeetingStatus = 'scheduled' | 'cancelled' | 'declined';

export interface ExportTopic {
  readonly id: string;
  readonly text: string;
  /** Null for a talking point added through the shared link without saying who. */
  readonly author: ExportPerson | null;
  readonly resolved: boolean;
  readonly resolvedAt: string | null;
  /** The earlier meeting's talking point this one was carried from (left unresolved there), or null. */
  readonly carriedFrom: { readonly topicId: string; readonly meetingStartsAt: string | null } | null;
}

export interface ExportCommitmentChange {
  readonly kind: CommitmentEventRow['kind'];
  readonly from: string | null;
  readonly to: string | null;
  /** For `edited`: what changed (`text`, `due`, `owner`, or `thread` when it followed its owner to a new 1:1). */
  readonly detail: string | null;
  readonly by: ExportPerson | null;
  readonly at: string;
}

export interface ExportCommitment {
  readonly id: string;
  readonly text: string;
  readonly owner: ExportPerson;
  /** A calendar date (YYYY-MM-DD) in the series' time zone. */
  readonly due: string | null;
  readonly status: CommitmentRow['status'];
  /** The meeting it was made at; null when made before the first meeting or carried over from an earlier 1:1. */
  readonly madeAt: { readonly meetingId: string; readonly meetingStartsAt: string } | null;
  readonly createdBy: ExportPerson | null;
  readonly createdAt: string;
  readonly closedAt: string | null;
  /** Every change, oldest first. */
  readonly history: readonly ExportCommitmentChange[];
}

export interface ExportMeeting {
  readonly id: string;
  readonly startsAt: string;
  readonly endsAt: string;
  /** Start and end in the series' time zone, for people. */
  readonly when: string;
  readonly status: ExportMeetingStatus;
  readonly declinedBy: ExportPerson | null;
  readonly talkingPoints: readonly ExportTopic[];
  readonly deepDive: string;
  readonly sharedNotes: string;
  readonly decisions: string;
  /** Ids of the commitments made at this meeting (they are listed in full under `commitments`). */
  readonly commitmentIds: readonly string[];
  /** The link owner's own private note; absent from every export but its author's. */
  readonly privateNote?: string;
}

/** The whole export: version 1 of the `carryover-export` format. */
export interface SeriesExport {
  readonly format: typeof EXPORT_FORMAT;
  readonly version: typeof EXPORT_VERSION;
  readonly exportedAt: string;
  readonly viewer: { readonly role: Viewer['role']; readonly email: string | null };
  /** True only on a person's own link: their private notes are in it (never the other person's). */
  readonly includesPrivateNotes: boolean;
  readonly series: {
    readonly title: string;
    readonly timeZone: string;
    readonly status: SeriesRow['status'];
    readonly statusReason: string | null;
    readonly demo: boolean;
    readonly organizer: ExportPerson;
    readonly attendee: ExportPerson;
  };
  readonly followThrough: FollowThrough;
  /** Oldest first: every meeting that has started, and any later one something was already written on. */
  readonly meetings: readonly ExportMeeting[];
  /** Every commitment of the 1:1, oldest first. */
  readonly commitments: readonly ExportCommitment[];
  /** The pair's development goals: only in a person's own export (the shared link shows none). */
  readonly goals?: readonly ExportGoal[];
  /** Ratings and answers the link's person may read (their own, and what the other shared): own export only. */
  readonly feedback?: readonly ExportFeedback[];
}

/** Gathers the history the opened link may take away (see SeriesExport). */
export async function gatherExport(ctx: AgendaContext): Promise<SeriesExport> {
  const { db, opened, now } = ctx;
  const { series, viewer } = opened;
  const [rows, commitmentRows, events] = await Promise.all([
    listOccurrences(db, series.id),
    listCommitments(db, series.id),
    commitmentEvents(db, series.id),
  ]);
  const allIds = rows.map((row) => row.id);
  const [topics, agendas, notes] = await Promise.all([
    listTopics(db, allIds),
    agendasFor(db, allIds),
    viewer.role === 'shared' ? Promise.resolve(new Map<string, string>()) : ownNotes(ctx, viewer.email),
  ]);

  const names = participantNames(series);
  const person = (email: string): ExportPerson => ({ email, name: names.get(email) ?? email });
  const maybePerson = (email: string | null) => (email === null ? null : person(email));
  const startOf = new Map(rows.map((row) => [row.id, row.starts_at.toISOString()]));
  const topicMeeting = new Map(topics.map((topic) => [topic.id, topic.occurrence_id]));
  const toTopic = (topic: TopicRow): ExportTopic => ({
    id: topic.id,
    text: topic.text,
    author: maybePerson(topic.author_email),
    resolved: topic.resolved_at !== null,
    resolvedAt: topic.resolved_at?.toISOString() ?? null,
    carriedFrom: topic.carried_from_topic_id
      ? {
          topicId: topic.carried_from_topic_id,
          meetingStartsAt: startOf.get(topicMeeting.get(topic.carried_from_topic_id) ?? '') ?? null,
        }
      : null,
  });

  const written = new Set<string>([
    ...topics.map((topic) => topic.occurrence_id),
    ...commitmentRows.flatMap((c) => (c.made_at_occurrence_id ? [c.made_at_occurrence_id] : [])),
    ...notes.keys(),
    ...[...agendas.values()]
      .filter((agenda) => `${agenda.deep_dive}${agenda.shared_notes}${agenda.decisions}` !== '')
      .map((agenda) => agenda.occurrence_id),
  ]);
  // Meetings to come with nothing written on them say nothing about the pair's history: an ended thread's later
  // meetings (cancelled when its people changed) above all, which the person who left was never part of.
  const meetings = rows
    .filter((row) => row.starts_at <= now || written.has(row.id))
    .map((row): ExportMeeting => {
      const agenda = agendas.get(row.id);
      const note = notes.get(row.id);
      return {
        id: row.id,
        startsAt: row.starts_at.toISOString(),
        endsAt: row.ends_at.toISOString(),
        when: formatMeetingTime(row.starts_at, row.ends_at, series.time_zone),
        status: row.status === 'cancelled' ? 'cancelled' : row.declined_by ? 'declined' : 'scheduled',
        declinedBy: maybePerson(row.declined_by),
        talkingPoints: topics.filter((topic) => topic.occurrence_id === row.id).map(toTopic),
        deepDive: agenda?.deep_dive ?? '',
        sharedNotes: agenda?.shared_notes ?? '',
        decisions: agenda?.decisions ?? '',
        commitmentIds: commitmentRows.filter((c) => c.made_at_occurrence_id === row.id).map((c) => c.id),
        ...(note !== undefined ? { privateNote: note } : {}),
      };
    });

  const commitments = commitmentRows.map(
    (row): ExportCommitment => ({
      id: row.id,
      text: row.text,
      owner: person(row.owner_email),
      due: row.due_date,
      status: row.status,
      madeAt: row.made_at_occurrence_id
        ? { meetingId: row.made_at_occurrence_id, meetingStartsAt: startOf.get(row.made_at_occurrence_id) ?? '' }
        : null,
      createdBy: maybePerson(row.created_by_email),
      createdAt: row.created_at.toISOString(),
      closedAt: row.closed_at?.toISOString() ?? null,
      history: events
        .filter((event) => event.commitment_id === row.id)
        .map((event) => ({
          kind: event.kind,
          from: event.from_status,
          to: event.to_status,
          detail: event.detail,
          by: maybePerson(event.actor_email),
          at: event.at.toISOString(),
        })),
    }),
  );

  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: now.toISOString(),
    viewer: { role: viewer.role, email: viewer.email },
    includesPrivateNotes: viewer.role !== 'shared',
    series: {
      title: series.title,
      timeZone: series.time_zone,
      status: series.status,
      statusReason: series.status_reason,
      demo: series.kind === 'demo',
      organizer: person(series.organizer_email),
      attendee: person(series.attendee_email),
    },
    followThrough: followThrough(commitmentRows.map(toCommitment), now, series.time_zone),
    meetings,
    commitments,
    ...(viewer.role === 'shared'
      ? {}
      : { goals: await exportGoals(ctx), feedback: await exportFeedback(ctx, viewer.email, rows, person) }),
  };
}

/** The link owner's own private notes on this 1:1, opened, by meeting: only ever called with their own address. */
async function ownNotes(ctx: AgendaContext, authorEmail: string): Promise<Map<string, string>> {
  const ids = await privateNoteOccurrenceIds(ctx.db, ctx.opened.series.id, authorEmail);
  const notes = new Map<string, string>();
  for (const id of ids) {
    const note = await readPrivateNote(ctx.db, ctx.keys, id, authorEmail);
    // An empty note (written, then cleared) is no note.
    if (note && note.body !== '') notes.set(id, note.body);
  }
  return notes;
}
