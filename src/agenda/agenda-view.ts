import { isOverdue, madeAt, reviewFor } from '../core/carry-over.ts';
import { followThrough } from '../core/follow-through.ts';
import { previousOf } from '../core/occurrence-timeline.ts';
import { formatMeetingTime, isValidTimeZone } from '../core/time.ts';
import type { CarriedCommitment, Commitment, FollowThrough, OccurrenceTimes } from '../core/types.ts';
import { agendasFor, ensureAgenda } from '../db/agendas.ts';
import { commitmentEvents, listCommitments } from '../db/commitments.ts';
import { listOccurrences } from '../db/occurrences.ts';
import { promptsOf } from '../db/prompts.ts';
import type { CommitmentEventRow, OccurrenceRow, SeriesRow, TopicRow } from '../db/schema.ts';
import { relatedThreads } from '../db/series.ts';
import { listTopics } from '../db/topics.ts';
import { type AgendaContext, pickOccurrence } from './context.ts';
import { linkToken, type Viewer } from './links.ts';
import { participantNames, toCommitment, toOccurrenceTimes } from './mappers.ts';
import { failure, type Outcome, success } from './outcome.ts';
import { readPrivateNote } from './private-notes.ts';

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
}

export interface TopicView {
  readonly id: string;
  readonly text: string;
  readonly author: string | null;
  readonly authorName: string | null;
  readonly position: number;
  readonly resolved: boolean;
}

/** How the after-meeting prompt to one person stands (shown to the organizer, from whose mailbox it goes). */
export interface PromptStatusView {
  readonly id: string;
  readonly recipient: PersonView;
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
  /** Commitments recorded at this meeting. */
  readonly nextSteps: readonly CommitmentView[];
  /** The viewer's own note; null on the shared link, which has none. */
  readonly privateNote: string | null;
  /** Past meetings, most recent first. */
  readonly history: readonly HistoryEntry[];
  readonly followThrough: FollowThrough;
  /** The viewer's other threads with the same person, and the threads before and after this one (own links only). */
  readonly related: readonly RelatedThreadView[];
  /** The prompts of this meeting, for the organizer (the sender); empty for anyone else. */
  readonly prompts: readonly PromptStatusView[];
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

  const zone =
    options.viewerTimeZone && isValidTimeZone(options.viewerTimeZone) ? options.viewerTimeZone : series.time_zone;
  const [rows, commitmentRows, events] = await Promise.all([
    listOccurrences(db, series.id),
    listCommitments(db, series.id),
    commitmentEvents(db, series.id),
  ]);
  const times = rows.map(toOccurrenceTimes);
  const commitments = commitmentRows.map(toCommitment);
  const past = rows
    .filter((row) => row.ends_at <= now && row.id !== current?.id)
    .reverse()
    .slice(0, HISTORY_LIMIT);
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
    viewCommitment(carried, names, changesOf.get(carried.commitment.id) ?? []);
  const withOverdue = (commitment: Commitment): CarriedCommitment => ({
    commitment,
    overdue: isOverdue(commitment, series.time_zone, now),
  });
  const person = (email: string): PersonView => ({ email, name: names.get(email) ?? email });
  const occurrenceView = (row: OccurrenceRow): OccurrenceView => viewOccurrence(row, zone, now, person);
  const topicsOf = (occurrenceId: string) =>
    topics.filter((topic) => topic.occurrence_id === occurrenceId).map((topic) => viewTopic(topic, names));

  const currentTimes = current ? toOccurrenceTimes(current) : undefined;
  const review = currentTimes
    ? reviewFor(commitments, currentTimes, times, series.time_zone, now)
    : { open: [], closedSinceLast: [] };
  const previous = currentTimes ? previousOf(times, currentTimes) : undefined;
  const next = currentTimes ? nextAfter(times, currentTimes) : undefined;
  const byId = new Map(rows.map((row) => [row.id, row]));

  return success({
    series: {
      id: series.id,
      title: series.title,
      status: series.status,
      statusReason: series.status_reason,
      demo: series.kind === 'demo',
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
    nextSteps: current ? madeAt(commitments, current.id).map((c) => commitmentView(withOverdue(c))) : [],
    privateNote: opened.viewer.role === 'shared' ? null : (note?.body ?? ''),
    history: past.map((row) => ({
      occurrence: occurrenceView(row),
      deepDive: agendas.get(row.id)?.deep_dive ?? '',
      sharedNotes: agendas.get(row.id)?.shared_notes ?? '',
      topics: topicsOf(row.id),
      nextSteps: madeAt(commitments, row.id).map((c) => commitmentView(withOverdue(c))),
    })),
    followThrough: followThrough(commitments, now, series.time_zone),
    related: await relatedViews(ctx),
    prompts:
      current && opened.viewer.role === 'organizer'
        ? (await promptsOf(db, current.id)).map((prompt) => ({
            id: prompt.id,
            recipient: person(prompt.recipient_email),
            state: prompt.state,
            failure: prompt.failure,
            error: prompt.last_error,
          }))
        : [],
  });
}

/** The viewer's related threads, each with their own link; none on the shared link, which is not one person's. */
async function relatedViews(ctx: AgendaContext): Promise<RelatedThreadView[]> {
  const { viewer, series } = ctx.opened;
  if (viewer.role === 'shared') return [];
  const threads = await relatedThreads(ctx.db, series, viewer.email);
  return Promise.all(
    threads.map(async (thread) => {
      const otherEmail = thread.organizer_email === viewer.email ? thread.attendee_email : thread.organizer_email;
      const names = participantNames(thread);
      return {
        title: thread.title,
        status: thread.status,
        with: { email: otherEmail, name: names.get(otherEmail) ?? otherEmail },
        link: `/a/${await linkToken(ctx.db, ctx.keys, thread.id, viewer.email)}`,
      };
    }),
  );
}

function viewOccurrence(
  row: OccurrenceRow,
  zone: string,
  now: Date,
  person: (email: string) => PersonView,
): OccurrenceView {
  const phase = row.ends_at <= now ? 'ended' : row.starts_at <= now ? 'in-progress' : 'upcoming';
  return {
    id: row.id,
    startsAt: row.starts_at.toISOString(),
    endsAt: row.ends_at.toISOString(),
    cancelled: row.status === 'cancelled',
    declinedBy: row.declined_by ? person(row.declined_by) : null,
    phase,
    when: formatMeetingTime(row.starts_at, row.ends_at, zone),
  };
}

function viewCommitment(
  { commitment, overdue }: CarriedCommitment,
  names: ReadonlyMap<string, string>,
  events: readonly CommitmentEventRow[],
): CommitmentView {
  return {
    id: commitment.id,
    text: commitment.text,
    owner: commitment.owner,
    ownerName: names.get(commitment.owner) ?? commitment.owner,
    due: commitment.due,
    status: commitment.status,
    overdue,
    madeAtOccurrenceId: commitment.madeAtOccurrenceId,
    createdAt: commitment.createdAt.toISOString(),
    closedAt: commitment.closedAt?.toISOString() ?? null,
    changes: events.map((event) => ({
      kind: event.kind,
      from: event.from_status,
      to: event.to_status,
      detail: event.detail,
      by: event.actor_email,
      at: event.at.toISOString(),
    })),
  };
}

function viewTopic(topic: TopicRow, names: ReadonlyMap<string, string>): TopicView {
  return {
    id: topic.id,
    text: topic.text,
    author: topic.author_email,
    authorName: topic.author_email ? (names.get(topic.author_email) ?? topic.author_email) : null,
    position: topic.position,
    resolved: topic.resolved_at !== null,
  };
}

/** The first not-cancelled occurrence that starts after `target` (for "next meeting" navigation). */
function nextAfter(occurrences: readonly OccurrenceTimes[], target: OccurrenceTimes): OccurrenceTimes | undefined {
  return occurrences
    .filter((o) => !o.cancelled && o.startsAt > target.startsAt)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
}

function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
