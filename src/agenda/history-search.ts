import { parseSearchQuery } from '../core/search-query.ts';
import { type SnippetPart, snippetParts, snippetText } from '../core/search-snippet.ts';
import { formatMeetingTime, isValidTimeZone } from '../core/time.ts';
import { canonicalTimeZone } from '../core/time-zone-name.ts';
import { type HistoryHit, type HistoryHitKind, searchHistory } from '../db/history-search.ts';
import type { PersonView } from './agenda-view.ts';
import type { AgendaContext } from './context.ts';
import { participantNames } from './mappers.ts';
import { invalid, type Outcome, success } from './outcome.ts';

/**
 * The search of one pair's history, as plain data for the page and the JSON answer. What a link may search is what
 * it may see: a person's own link searches the shared record and the pair's development goals; the shared link (in
 * the invite, forwardable) the shared record only — talking points, agendas and commitments, as its agenda pages
 * show them. Private notes are sealed and never searched; neither are feedback answers.
 */

/** Most results one search shows, best first. */
export const SEARCH_RESULT_LIMIT = 50;

/** What each kind of result is called on the page. */
export const SEARCH_KIND_LABELS: Readonly<Record<HistoryHitKind, string>> = {
  topic: 'Talking point',
  'deep-dive': 'Deep dive',
  'shared-notes': 'Shared notes',
  decisions: 'Decisions',
  commitment: 'Commitment',
  goal: 'Goal',
  milestone: 'Milestone',
};

/** Where a result is shown: a meeting's agenda (or the current one, with no meeting), or the goals page. */
export interface SearchResultPlace {
  readonly page: 'agenda' | 'goals';
  readonly occurrenceId: string | null;
  /** The id of the element there. */
  readonly anchor: string;
}

/** One result as the page and the JSON show it. */
export interface SearchResultView {
  readonly kind: HistoryHitKind;
  readonly label: string;
  /** The snippet as plain text ("…" where text was left out). */
  readonly text: string;
  /** The snippet in parts; matched words have `match: true`. */
  readonly snippet: readonly SnippetPart[];
  /** The meeting it belongs to, its time in the viewer's zone; null for goals and commitments made between meetings. */
  readonly occurrence: {
    readonly id: string;
    readonly when: string;
    readonly startsAt: string;
    /** Cancelled, or declined by one of the two: what was written on it is still part of the record. */
    readonly cancelled: boolean;
    /** The person who declined it, as the agenda names them. */
    readonly declinedBy: PersonView | null;
  } | null;
  /** A milestone's goal. */
  readonly goal: string | null;
  readonly place: SearchResultPlace;
}

/** A search page: what was searched for, through which link's reach, and what was found. */
export interface HistorySearchView {
  readonly series: { readonly title: string; readonly people: readonly [string, string] };
  /** The search as typed, trimmed; '' when none was made. */
  readonly query: string;
  /** Whether a search was made (a query with words in it). */
  readonly searched: boolean;
  readonly results: readonly SearchResultView[];
  /** Whether goals and milestones were searched: on a person's own link only. */
  readonly includesGoals: boolean;
  readonly limit: number;
  /** The zone meeting times are shown in. */
  readonly timeZone: string;
}

/** Searches the opened link's pair history for `q`; refused (field `q`) when the search is too long or unreadable. */
export async function searchPairHistory(
  ctx: AgendaContext,
  input: { readonly q: string; readonly viewerTimeZone?: string | undefined },
): Promise<Outcome<HistorySearchView>> {
  const parsed = parseSearchQuery(input.q);
  if (!parsed.ok) return invalid('q', parsed.message);
  const { series, viewer } = ctx.opened;
  const includesGoals = viewer.role !== 'shared';
  // The same zone the agenda page shows times in (src/agenda/agenda-view.ts).
  const zone = canonicalTimeZone(
    input.viewerTimeZone && isValidTimeZone(input.viewerTimeZone) ? input.viewerTimeZone : series.time_zone,
  );
  const hits = parsed.query
    ? await searchHistory(ctx.db, {
        seriesId: series.id,
        query: parsed.query,
        goals: includesGoals,
        limit: SEARCH_RESULT_LIMIT,
      })
    : [];
  const names = participantNames(series);
  const name = (email: string) => names.get(email) ?? email;
  return success({
    series: { title: series.title, people: [name(series.organizer_email), name(series.attendee_email)] },
    query: parsed.query?.text ?? '',
    searched: parsed.query !== null,
    results: hits.map((hit) => resultView(hit, zone, name)),
    includesGoals,
    limit: SEARCH_RESULT_LIMIT,
    timeZone: zone,
  });
}

function resultView(hit: HistoryHit, zone: string, name: (email: string) => string): SearchResultView {
  const ellipsis: SnippetPart = { text: '…', match: false };
  const snippet = [
    ...(hit.cutBefore ? [ellipsis] : []),
    ...snippetParts(hit.headline),
    ...(hit.cutAfter ? [ellipsis] : []),
  ];
  const meeting = hit.occurrence;
  return {
    kind: hit.kind,
    label: SEARCH_KIND_LABELS[hit.kind],
    text: snippetText(snippet),
    snippet,
    occurrence: meeting
      ? {
          id: meeting.id,
          when: formatMeetingTime(meeting.startsAt, meeting.endsAt, zone),
          startsAt: meeting.startsAt.toISOString(),
          cancelled: meeting.status === 'cancelled',
          declinedBy: meeting.declinedBy ? { email: meeting.declinedBy, name: name(meeting.declinedBy) } : null,
        }
      : null,
    goal: hit.goalTitle,
    place: placeOf(hit),
  };
}

/** Where the page shows an item: the element ids are the agenda's and the goals page's own. */
function placeOf(hit: HistoryHit): SearchResultPlace {
  const occurrenceId = hit.occurrence?.id ?? null;
  switch (hit.kind) {
    case 'topic':
      return { page: 'agenda', occurrenceId, anchor: `topic-${hit.id}` };
    case 'deep-dive':
      return { page: 'agenda', occurrenceId, anchor: 'deep-dive' };
    case 'shared-notes':
      return { page: 'agenda', occurrenceId, anchor: 'shared-notes' };
    case 'decisions':
      return { page: 'agenda', occurrenceId, anchor: 'decisions' };
    case 'commitment':
      return { page: 'agenda', occurrenceId, anchor: `commitment-${hit.id}` };
    case 'goal':
      return { page: 'goals', occurrenceId: null, anchor: `goal-${hit.id}` };
    case 'milestone':
      return { page: 'goals', occurrenceId: null, anchor: `milestone-${hit.id}` };
  }
}
