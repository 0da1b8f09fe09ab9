import type { FeedbackQuestion } from '../core/feedback-questions.ts';
import { formatShortDate, todayIn } from '../core/time.ts';
import { feedbackOnMeeting, ratingsInSeries } from '../db/meeting-feedback.ts';
import type { MeetingFeedbackRow, OccurrenceRow } from '../db/schema.ts';
import { open } from '../security/secret-box.ts';
import type { AgendaContext } from './context.ts';
import { nameIn, questionOf, readerOf, unratable } from './feedback-rules.ts';

/** How many rated meetings a trend shows (a quarter of weekly 1:1s). */
export const TREND_LENGTH = 12;

/**
 * What the agenda page shows of the feedback. A person's rating and answer are theirs alone unless they share them
 * with the other person of the 1:1; the shared link (in the invite, forwardable) shows none of it, not even whether
 * there is any.
 */
export type FeedbackPart = { readonly visible: false } | PersonFeedback;

/** The feedback as one of the two people sees it on their own link. */
export interface PersonFeedback {
  readonly visible: true;
  /** The other person of the 1:1: the one the viewer may share with, and whose shared feedback they see. */
  readonly other: { readonly email: string; readonly name: string };
  /**
   * The meeting to rate: the one shown when it has ended and took place; while the one shown is still to come, the
   * last one held before it (between meetings, a person's link opens on the next one); null otherwise.
   */
  readonly meeting: MeetingFeedback | null;
  /** Why the meeting shown cannot be rated (yet), or null when it can or none is shown. */
  readonly closed: { readonly code: string; readonly message: string } | null;
  readonly trend: FeedbackTrend;
}

/** The feedback on the meeting shown. */
export interface MeetingFeedback {
  readonly occurrenceId: string;
  readonly startsAt: string;
  /** The meeting's day, as people say it ("Tue 17 Nov"), in the series' zone. */
  readonly day: string;
  /** The question the viewer is asked about this meeting. */
  readonly question: FeedbackQuestion;
  /** What the viewer saved, or null when they have said nothing yet. */
  readonly own: OwnFeedback | null;
  /** The other person's feedback, only when they shared it (null says nothing about whether they gave any). */
  readonly otherShared: SharedFeedback | null;
}

export interface OwnFeedback {
  readonly rating: number | null;
  readonly answer: string;
  readonly shared: boolean;
  readonly updatedAt: string;
}

export interface SharedFeedback {
  readonly rating: number | null;
  /** The question they were asked (about the viewer). */
  readonly question: FeedbackQuestion;
  readonly answer: string;
  readonly updatedAt: string;
}

/** Ratings over the thread's last rated meetings: the viewer's own and the other person's shared ones. */
export interface FeedbackTrend {
  /** Oldest first; at most TREND_LENGTH meetings that have a rating the viewer may see. */
  readonly points: readonly TrendPoint[];
  /** Averages over those points, to one decimal; null when there is no rating of that kind. */
  readonly ownAverage: number | null;
  readonly otherAverage: number | null;
}

export interface TrendPoint {
  readonly occurrenceId: string;
  readonly startsAt: string;
  /** The meeting's day, as people say it ("Tue 17 Nov"), in the series' zone. */
  readonly day: string;
  readonly own: number | null;
  /** The other person's rating, only when they shared it. */
  readonly other: number | null;
}

const HIDDEN: FeedbackPart = { visible: false };

/** Loads the feedback part of an agenda view for the meeting shown (`current`) among the thread's meetings. */
export async function loadFeedbackPart(
  ctx: AgendaContext,
  current: OccurrenceRow | undefined,
  rows: readonly OccurrenceRow[],
): Promise<FeedbackPart> {
  const viewer = ctx.opened.viewer;
  if (viewer.role === 'shared') return HIDDEN;
  const series = ctx.opened.series;
  const lastHeld = (upcoming: OccurrenceRow) =>
    rows.filter((row) => row.starts_at < upcoming.starts_at && !unratable(row, ctx.now)).at(-1);
  const reader = readerOf(series, viewer.email);
  const closed = current ? unratable(current, ctx.now) : undefined;
  const rateable = !current || !closed ? current : current.starts_at > ctx.now ? lastHeld(current) : undefined;
  const [said, ratings] = await Promise.all([
    rateable ? feedbackOnMeeting(ctx.db, rateable.id, reader) : Promise.resolve([]),
    ratingsInSeries(ctx.db, series.id, reader),
  ]);
  const own = said.find((row) => row.author_email === reader.viewer);
  const theirs = said.find((row) => row.author_email === reader.other && row.shared);
  const today = todayIn(ctx.now, series.time_zone);
  const dayOf = (row: OccurrenceRow) => formatShortDate(todayIn(row.starts_at, series.time_zone), today);
  const meeting: MeetingFeedback | null = rateable
    ? {
        occurrenceId: rateable.id,
        startsAt: rateable.starts_at.toISOString(),
        day: dayOf(rateable),
        question: questionOf(series, rows, rateable, reader.viewer, own?.question_key),
        own: own ? { ...(await opened(ctx, own)), shared: own.shared } : null,
        otherShared: theirs
          ? {
              ...(await opened(ctx, theirs)),
              question: questionOf(series, rows, rateable, reader.other, theirs.question_key),
            }
          : null,
      }
    : null;

  const byMeeting = new Map<string, { own: number | null; other: number | null }>();
  for (const rating of ratings) {
    const entry = byMeeting.get(rating.occurrence_id) ?? { own: null, other: null };
    if (rating.author_email === reader.viewer) entry.own = rating.rating;
    else entry.other = rating.rating;
    byMeeting.set(rating.occurrence_id, entry);
  }
  const points = rows
    .filter((row) => byMeeting.has(row.id))
    .slice(-TREND_LENGTH)
    .map((row): TrendPoint => {
      const { own, other } = byMeeting.get(row.id)!;
      return { occurrenceId: row.id, startsAt: row.starts_at.toISOString(), day: dayOf(row), own, other };
    });
  return {
    visible: true,
    other: { email: reader.other, name: nameIn(series, reader.other) },
    meeting,
    closed: closed ? { code: closed.code, message: closed.message } : null,
    trend: {
      points,
      ownAverage: average(points.map((point) => point.own)),
      otherAverage: average(points.map((point) => point.other)),
    },
  };
}

/** A row's rating and opened answer. */
async function opened(ctx: AgendaContext, row: MeetingFeedbackRow) {
  return {
    rating: row.rating,
    answer: row.answer_sealed ? await open(ctx.keys, row.answer_sealed) : '',
    updatedAt: row.updated_at.toISOString(),
  };
}

function average(values: readonly (number | null)[]): number | null {
  const given = values.filter((value): value is number => value !== null);
  if (given.length === 0) return null;
  return Math.round((given.reduce((sum, value) => sum + value, 0) / given.length) * 10) / 10;
}
