/**
 * The pieces an agenda view is assembled from: rows mapped to what the page (and the JSON API) shows. Kept apart
 * from agenda-view.ts, which decides what a page shows, so that file reads as the page's plan.
 */
import { formatMeetingTime } from '../core/time.ts';
import type { CarriedCommitment, OccurrenceTimes } from '../core/types.ts';
import type { CommitmentEventRow, OccurrenceRow, TopicRow } from '../db/schema.ts';
import { relatedThreads } from '../db/series.ts';
import type { CommitmentView, OccurrenceView, PersonView, RelatedThreadView, TopicView } from './agenda-view.ts';
import type { AgendaContext } from './context.ts';
import { linkToken } from './links.ts';
import { participantNames } from './mappers.ts';

/** The viewer's related threads, each with their own link; none on the shared link, which is not one person's. */
export async function relatedViews(ctx: AgendaContext): Promise<RelatedThreadView[]> {
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

/** An occurrence as the page shows it, its times in the viewer's zone. */
export function viewOccurrence(
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

/** A commitment with its history and whether it may still be deleted. */
export function viewCommitment(
  { commitment, overdue }: CarriedCommitment,
  names: ReadonlyMap<string, string>,
  events: readonly CommitmentEventRow[],
  deletable: boolean,
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
    deletable,
  };
}

/** A talking point with its author's name, and where it was carried from (worked out by the caller). */
export function viewTopic(
  topic: TopicRow,
  names: ReadonlyMap<string, string>,
  carriedFrom: TopicView['carriedFrom'] = null,
): TopicView {
  return {
    id: topic.id,
    text: topic.text,
    author: topic.author_email,
    authorName: topic.author_email ? (names.get(topic.author_email) ?? topic.author_email) : null,
    position: topic.position,
    resolved: topic.resolved_at !== null,
    carriedFrom,
    carriedOn: topic.carried_at !== null,
  };
}

/** The first not-cancelled occurrence that starts after `target` (for "next meeting" navigation). */
export function nextAfter(
  occurrences: readonly OccurrenceTimes[],
  target: OccurrenceTimes,
): OccurrenceTimes | undefined {
  return occurrences
    .filter((o) => !o.cancelled && o.startsAt > target.startsAt)
    .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())[0];
}

/** Items grouped by a key, each group in the items' order. */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
