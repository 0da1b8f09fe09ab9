import { focusOccurrence, latestStarted } from '../core/occurrence-timeline.ts';
import type { Db } from '../db/database.ts';
import { findOccurrenceInSeries, listOccurrences } from '../db/occurrences.ts';
import type { OccurrenceRow, SeriesRow } from '../db/schema.ts';
import type { Keys } from '../security/keys.ts';
import { isUuid } from './ids.ts';
import type { OpenedLink } from './links.ts';
import { toOccurrenceTimes } from './mappers.ts';
import { failure, invalid, type Outcome, success } from './outcome.ts';

/** What every agenda command runs with: the database, the keys (links, sealed notes), the opened link and "now". */
export interface AgendaContext {
  readonly db: Db;
  readonly keys: Keys;
  readonly opened: OpenedLink;
  readonly now: Date;
}

/** The email a change is attributed to: the link's person; for the shared link, whoever they say they are. */
export function actorOf(opened: OpenedLink, claimed?: string): string | null {
  if (opened.viewer.role !== 'shared') return opened.viewer.email;
  const email = claimed?.trim().toLowerCase();
  return email && participants(opened.series).includes(email) ? email : null;
}

/**
 * Who is adding something new: the link's person; on the shared link, whoever they say they are, which must be one
 * of the two. Nothing is added anonymously, so the record always says who brought a topic or a commitment.
 */
export function authorOf(opened: OpenedLink, claimed?: string): Outcome<string> {
  if (opened.viewer.role !== 'shared') return success(opened.viewer.email);
  const author = actorOf(opened, claimed);
  if (author) return success(author);
  return invalid('as', 'Choose who you are ("I am") first: this link is shared, so it cannot tell.');
}

/** The two people of a series. */
export function participants(series: SeriesRow): [string, string] {
  return [series.organizer_email, series.attendee_email];
}

/** Which occurrence a default applies to: the page's focus (in progress, else next, else latest) or the latest started. */
export type OccurrenceDefault = 'focus' | 'latest-started';

/**
 * The occurrence a command or page is about: the one named (it must belong to this series), or the default.
 * Undefined value with ok=true means the series has no occurrence that fits the default.
 */
export async function pickOccurrence(
  ctx: AgendaContext,
  occurrenceId: string | undefined,
  fallback: OccurrenceDefault,
): Promise<Outcome<OccurrenceRow | undefined>> {
  const seriesId = ctx.opened.series.id;
  if (occurrenceId !== undefined) {
    const named = isUuid(occurrenceId) ? await findOccurrenceInSeries(ctx.db, seriesId, occurrenceId) : undefined;
    return named ? success(named) : failure({ kind: 'not-found', message: 'There is no such meeting in this 1:1.' });
  }
  const rows = await listOccurrences(ctx.db, seriesId);
  const times = rows.map(toOccurrenceTimes);
  const picked = fallback === 'focus' ? focusOccurrence(times, ctx.now) : latestStarted(times, ctx.now);
  return success(rows.find((row) => row.id === picked?.id));
}
