import { isOverdue, madeAt, reviewFor } from '../core/carry-over.ts';
import { followThrough } from '../core/follow-through.ts';
import { previousOf } from '../core/occurrence-timeline.ts';
import { isValidTimeZone } from '../core/time.ts';
import { canonicalTimeZone } from '../core/time-zone-name.ts';
import type { CarriedCommitment, Commitment, FollowThrough } from '../core/types.ts';
import { agendasFor, ensureAgenda } from '../db/agendas.ts';
import { commitmentEvents, listCommitments } from '../db/commitments.ts';
import { listOccurrences } from '../db/occurrences.ts';
import { promptsOf } from '../db/prompts.ts';
import type { OccurrenceRow, SeriesRow, TopicRow } from '../db/schema.ts';
import { carriedSources } from '../db/topic-carry.ts';
import { listTopics } from '../db/topics.ts';
import { carriedSince } from './commitment-record.ts';
import { type AgendaContext, pickOccurrence } from './context.ts';
import { type FeedbackPart, loadFeedbackPart } from './feedback-part.ts';
import { type GoalsPart, loadGoalsPart } from './goals-part.ts';
import type { Viewer } from './links.ts';
import { participantNames, toCommitment, toOccurrenceTimes } from './mappers.ts';
import { failure, type Outcome, success } from './outcome.ts';
import { readPrivateNote } from './private-notes.ts';
import { loadTemplatePart, type TemplatePart } from './template-part.ts';
import { groupBy, nextAfter, relatedViews, viewCommitment, viewOccurrence, viewTopic } from './view-mappers.ts';

/** How many past meetings the history shows (a weekly 1:1's two years). */
export const HISTORY_LIMIT = 104;

export interface PersonView {
  readonly email: string;
  readonly name: string;
}

export interface OccurrenceView {
  readonly id: string;
  readonly startsAt: string;
  readonly endsAt: string;
  readonly cancelled: boolean;
  /** The person who declined this meeting (it does not take place), or null. */
  readonly declinedBy: PersonView | null;
  readonly phase: 'upcoming' | 'in-progress' | 'ended';
  /** Start and end in the viewer's time zone, for people. */
  readonly when: string;
}

export interface CommitmentChangeView {
  readonly kind: 'created' | 'status' | 'edited';
  readonly from: string | null;
  readonly to: string | null;
  readonly detail: string | null;
  readonly by: string | null;
  readonly at: string;
}

export interface CommitmentView {
  readonly id: string;
  readonly text: string;
  readonly owner: string;
  readonly ownerName: string;
  readonly due: string | null;
  readonly status: Commitment['status'];
  readonly overdue: boolean;
  readonly madeAtOccurrenceId: string | null;
  readonly createdAt: string;
  readonly closedAt: string | null;
  readonly changes: readonly CommitmentChangeView[];
  /**
   * Whether it may still be deleted as a mistake: no later meeting has reviewed it yet. Once one has, it is part of
   * the record and can only be dropped (`DELETE` answers 409).
   */
  readonly deletable: boolean;
}

export interface TopicView {
  readonly id: string;
  readonly text: string;
  readonly author: string | null;
  readonly authorName: string | null;
  readonly position: number;
  readonly resolved: boolean;
  /** The earlier meeting this open point was carried from (src/core/topic-carry.ts), or null if added here. */
  readonly carriedFrom: { readonly occurrenceId: string; readonly when: string } | null;
  /** Left open here and carried on to a later meeting, where it goes on. */
  readonly carriedOn: boolean;
}

/** How the after-meeting prompt to one person stands (shown to the organizer, from whose mailbox it goes). */
export interface PromptStatusView {
  readonly id: string;
  readonly recipient: PersonView;
  /** Which email: the reminder before the meeting, or the recap after it. */
  readonly kind: 'recap' | 'reminder';
  readonly state: 'pending' | 'sending' | 'sent' | 'failed' | 'ambiguous' | 'skipped';
  /** Why it failed or may not have gone out. */
  readonly failure: 'refused' | 'unknown' | 'gave-up' | null;
  readonly error: string | null;
}

/** Another thread of the viewer's with the same person, or one this thread continues or was continued by. */
export interface RelatedThreadView {
  readonly title: string;
  readonly status: SeriesRow['status'];
  /** The other person of that thread. */
  readonly with: PersonView;
  /** The viewer's own link to it. */
  readonly link: string;
}

export interface HistoryEntry {
  readonly occurrence: OccurrenceView;
  readonly deepDive: string;
  readonly sharedNotes: string;
  readonly decisions: string;
  readonly topics: readonly TopicView[];
  /** Commitments recorded at this meeting. */
  readonly nextSteps: readonly CommitmentView[];
}

/** Everything an agenda page shows, as plain data (it is also the JSON answer of `GET /a/{token}`). */
export interface AgendaView {
  readonly series: {
    readonly id: string;
    readonly title: string;
    readonly status: SeriesRow['status'];
    /** Why the thread ended or stopped, when it did. */
    readonly statusReason: string | null;
    /** A sample 1:1 made by "Create a demo 1:1": never connected to a calendar, and deletable. */
    readonly demo: boolean;
    /** Whether both people get a reminder email before each meeting (turned off on the agenda page). */
    readonly reminders: boolean;
    readonly timeZone: string;
    readonly organizer: PersonView;
    readonly attendee: PersonView;
  };
  readonly viewer: { readonly role: Viewer['role']; readonly email: string | null };
  /** The zone times are shown in: the viewer's when known and valid, else the series'. */
  readonly timeZone: string;
  readonly occurrence: OccurrenceView | null;
  readonly previous: OccurrenceView | null;
  readonly next: OccurrenceView | null;
  /** Progress on earlier commitments: still open, and closed since the last meeting. */
  readonly review: { readonly open: readonly CommitmentView[]; readonly closedSinceLast: readonly CommitmentView[] };
  readonly topics: readonly TopicView[];
  readonly deepDive: string;
  readonly sharedNotes: string;
  /** What the two decided at this meeting (the recap email reports it). */
  readonly decisions: string;
  /** Commitments recorded at this meeting. */
  readonly nextSteps: readonly CommitmentView[];
  /** The viewer's own note; null on the shared link, which has none. */
  readonly privateNote: string | null;
  /** Past meetings before the one shown, most recent first. */
  readonly history: readonly HistoryEntry[];
  /**
   * Meetings held after the one shown, oldest first: only when an older meeting is shown (its "Earlier 1:1s" must
   * not list what came after it, but the way forward stays one click away).
   */
  readonly later: readonly OccurrenceView[];
  readonly followThrough: FollowThrough;
  /** The viewer's other threads with the same person, and the threads before and after this one (own links only). */
  readonly related: readonly RelatedThreadView[];
  /** The prompts of this meeting, for the organizer (the sender); empty for anyone else. */
  readonly prompts: readonly PromptStatusView[];
  /** Ratings and answers about the meeting shown, as far as the viewer may see them (src/agenda/feedback-part.ts). */
  readonly feedback: FeedbackPart;
  /** The pair's development goals and whether a goals check-in is due (src/agenda/goals-part.ts). */
  readonly goals: GoalsPart;
  /** The series' template: check-in questions and section prompts (src/agenda/template-part.ts). */
  readonly template: TemplatePart;
}

/** Builds the agenda of one occurrence (default: in progress, else next, else latest) for the link's viewer. */
export async function loadAgendaView(
  ctx: AgendaContext,
  options: { occurrenceId?: string | undefined; viewerTimeZone?: string | undefined } = {},
): Promise<Outcome<AgendaView>> {
  const { db, opened, now } = ctx;
  const series = opened.series;
  const picked = await pickOccurrence(ctx, options.occurrenceId, 'focus');
  if (!picked.ok) return failure(picked.problem);
  const current = picked.value;

  // One spelling per zone wherever it is shown: the browser may say Asia/Kolkata where Intl says Asia/Calcutta.
  const zone = canonicalTimeZone(
    options.viewerTimeZone && isValidTimeZone(options.viewerTimeZone) ? options.viewerTimeZone : series.time_zone,
  );
  const [rows, commitmentRows, events] = await Promise.all([
    listOccurrences(db, series.id),
    listCommitments(db, series.id),
    commitmentEvents(db, series.id),
  ]);
  const times = rows.map(toOccurrenceTimes);
  const commitments = commitmentRows.map(toCommitment);
  const ended = rows.filter((row) => row.ends_at <= now && row.id !== current?.id);
  // History is what came before the meeting shown; on an old meeting's page, later ones are listed apart.
  const past = ended
    .filter((row) => !current || row.starts_at < current.starts_at)
    .reverse()
    .slice(0, HISTORY_LIMIT);
  const later = current ? ended.filter((row) => row.starts_at > current.starts_at) : [];
  const shownIds = [...(current ? [current.id] : []), ...past.map((row) => row.id)];
  const [topics, agendas, note] = await Promise.all([
    listTopics(db, shownIds),
    agendasFor(db, shownIds),
    current && opened.viewer.role !== 'shared'
      ? readPrivateNote(db, ctx.keys, current.id, opened.viewer.email)
      : Promise.resolve(undefined),
  ]);
  const agenda = current ? (agendas.get(current.id) ?? (await ensureAgenda(db, current.id))) : undefined;

  const names = participantNames(series);
  const changesOf = groupBy(events, (event) => event.commitment_id);
  const commitmentView = (carried: CarriedCommitment): CommitmentView =>
    viewCommitment(
      carried,
      names,
      changesOf.get(carried.commitment.id) ?? [],
      !carriedSince(carried.commitment, times, now),
    );
  const withOverdue = (commitment: Commitment): CarriedCommitment => ({
    commitment,
    overdue: isOverdue(commitment, series.time_zone, now),
  });
  const person = (email: string): PersonView => ({ email, name: names.get(email) ?? email });
  const occurrenceView = (row: OccurrenceRow): OccurrenceView => viewOccurrence(row, zone, now, person);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const sources = await carriedSources(db, topics);
  const carriedFrom = (topic: TopicRow): TopicView['carriedFrom'] => {
    const from = topic.carried_from_topic_id ? byId.get(sources.get(topic.carried_from_topic_id) ?? '') : undefined;
    return from ? { occurrenceId: from.id, when: occurrenceView(from).when } : null;
  };
  const topicsOf = (occurrenceId: string) =>
    topics
      .filter((topic) => topic.occurrence_id === occurrenceId)
      .map((topic) => viewTopic(topic, names, carriedFrom(topic)));

  const [feedback, goals, template] = await Promise.all([
    loadFeedbackPart(ctx, current, rows),
    loadGoalsPart(ctx, current, rows),
    loadTemplatePart(ctx, current, rows),
  ]);
  const currentTimes = current ? toOccurrenceTimes(current) : undefined;
  const review = currentTimes
    ? reviewFor(commitments, currentTimes, times, series.time_zone, now)
    : { open: [], closedSinceLast: [] };
  const previous = currentTimes ? previousOf(times, currentTimes) : undefined;
  const next = currentTimes ? nextAfter(times, currentTimes) : undefined;

  return success({
    series: {
      id: series.id,
      title: series.title,
      status: series.status,
      statusReason: series.status_reason,
      demo: series.kind === 'demo',
      reminders: series.reminders,
      timeZone: series.time_zone,
      organizer: { email: series.organizer_email, name: names.get(series.organizer_email) ?? '' },
      attendee: { email: series.attendee_email, name: names.get(series.attendee_email) ?? '' },
    },
    viewer: { role: opened.viewer.role, email: opened.viewer.email },
    timeZone: zone,
    occurrence: current ? occurrenceView(current) : null,
    previous: previous ? occurrenceView(byId.get(previous.id)!) : null,
    next: next ? occurrenceView(byId.get(next.id)!) : null,
    review: {
      open: review.open.map(commitmentView),
      closedSinceLast: review.closedSinceLast.map((c) => commitmentView(withOverdue(c))),
    },
    topics: current ? topicsOf(current.id) : [],
    deepDive: agenda?.deep_dive ?? '',
    sharedNotes: agenda?.shared_notes ?? '',
    decisions: agenda?.decisions ?? '',
    nextSteps: current ? madeAt(commitments, current.id).map((c) => commitmentView(withOverdue(c))) : [],
    privateNote: opened.viewer.role === 'shared' ? null : (note?.body ?? ''),
    history: past.map((row) => ({
      occurrence: occurrenceView(row),
      deepDive: agendas.get(row.id)?.deep_dive ?? '',
      sharedNotes: agendas.get(row.id)?.shared_notes ?? '',
      decisions: agendas.get(row.id)?.decisions ?? '',
      topics: topicsOf(row.id),
      nextSteps: madeAt(commitments, row.id).map((c) => commitmentView(withOverdue(c))),
    })),
    later: later.map(occurrenceView),
    followThrough: followThrough(commitments, now, series.time_zone),
    related: await relatedViews(ctx),
    prompts:
      current && opened.viewer.role === 'organizer'
        ? (await promptsOf(db, current.id)).map((prompt) => ({
            id: prompt.id,
            recipient: person(prompt.recipient_email),
            kind: prompt.kind,
            state: prompt.state,
            failure: prompt.failure,
            error: prompt.last_error,
          }))
        : [],
    feedback,
    goals,
    template,
  });
}
