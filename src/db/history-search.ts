import { type RawBuilder, sql } from 'kysely';
import type { SearchQuery } from '../core/search-query.ts';
import { ANGLE_STAND_IN, MATCH_START, MATCH_STOP } from '../core/search-snippet.ts';
import type { Db } from './database.ts';
import type { OccurrenceStatus } from './schema.ts';

/**
 * Full-text search of one pair's history with the search Postgres already has (PGlite is Postgres too, so it runs
 * the same on both). Every branch starts from the series: a search never reaches another 1:1. Words are stemmed
 * with the 'english' configuration and matched against each item's text as it is now; private notes are sealed and
 * feedback answers are not part of the shared record, so neither is searched.
 */

/** What a hit is: a talking point, one of an agenda's three texts, a commitment, a goal or a goal's milestone. */
export type HistoryHitKind = 'topic' | 'deep-dive' | 'shared-notes' | 'decisions' | 'commitment' | 'goal' | 'milestone';

/** One matching item, with the meeting it belongs to (none for goals, and for a commitment made between meetings). */
export interface HistoryHit {
  readonly kind: HistoryHitKind;
  /** The topic's, agenda's, commitment's, goal's or milestone's id. */
  readonly id: string;
  readonly occurrence: {
    readonly id: string;
    readonly startsAt: Date;
    readonly endsAt: Date;
    readonly status: OccurrenceStatus;
    readonly declinedBy: string | null;
  } | null;
  /** A milestone's goal title; null for every other kind. */
  readonly goalTitle: string | null;
  /** ts_headline's output, matches between MATCH_START and MATCH_STOP, "<" as ANGLE_STAND_IN (search-snippet.ts). */
  readonly headline: string;
  /** Whether the snippet leaves out text before it, or after it. */
  readonly cutBefore: boolean;
  readonly cutAfter: boolean;
  readonly rank: number;
}

/** What to search: one series, the words, and whether goals are in reach. */
export interface HistorySearch {
  readonly seriesId: string;
  readonly query: SearchQuery;
  /** Whether goals and milestones are searched too (a person's own link; not the shared one). */
  readonly goals: boolean;
  readonly limit: number;
}

interface HitRow {
  kind: HistoryHitKind;
  id: string;
  occurrence_id: string | null;
  starts_at: Date | null;
  ends_at: Date | null;
  status: OccurrenceStatus | null;
  declined_by: string | null;
  goal_title: string | null;
  headline: string;
  cut_before: boolean;
  cut_after: boolean;
  rank: number;
}

// Short texts (up to 500 characters) are shown whole; long ones (notes, a goal's description) around the best match.
const WHOLE = `StartSel=${MATCH_START}, StopSel=${MATCH_STOP}, HighlightAll=true`;
const EXCERPT = `StartSel=${MATCH_START}, StopSel=${MATCH_STOP}, MaxWords=35, MinWords=15`;
const LONG_KINDS: readonly HistoryHitKind[] = ['deep-dive', 'shared-notes', 'decisions', 'goal'];

/**
 * The tsquery: websearch_to_tsquery's reading of the words ("phrases", -word, or), with the last word also matched
 * as the start of a word when it is a plain one. That is its lexeme, the last of the query's text form when the word
 * has one (a stop word has none), given `:*` — the query's text is Postgres's own output, never the person's.
 */
function tsquery(query: SearchQuery): RawBuilder<unknown> {
  const words = sql`websearch_to_tsquery('english', ${query.words})`;
  if (query.lastWord === null) return words;
  const last = sql`websearch_to_tsquery('english', ${query.lastWord})`;
  return sql`case when numnode(${last}) > 0 and right(${words}::text, length(${last}::text)) = ${last}::text
    then (${words}::text || ':*')::tsquery else ${words} end`;
}

// What is searched is plain text, not markup: Postgres's parser would take "<Project X>" for a tag and leave its
// words out, so "<" is read as a space. (Should an expression index ever be added, it must repeat this expression
// word for word; see BENCHMARKS.md "Searching a pair's history" for why none is needed today.)
const vector = (text: RawBuilder<unknown>) => sql`to_tsvector('english', replace(${text}, '<', ' '))`;
// Normalised by the text's length (1 + its log): notes that say a word once among hundreds rank below a talking
// point about it.
const rank = (text: RawBuilder<unknown>) => sql`ts_rank(${vector(text)}, query.q, 1)`;
const meeting = sql`o.id as occurrence_id, o.starts_at, o.ends_at, o.status, o.declined_by`;
const noMeeting = sql`null::uuid, null::timestamptz, null::timestamptz, null::text, null::text`;

/** An agenda's text of one kind: the agendas hang off the series' meetings. */
function agendaBranch(seriesId: string, kind: HistoryHitKind, column: 'deep_dive' | 'shared_notes' | 'decisions') {
  const text = sql.ref(`a.${column}`);
  return sql`select ${kind}::text as kind, a.id, ${meeting}, null::text as goal_title, ${text} as body,
      ${rank(text)} as rank
    from query, occurrences o join agendas a on a.occurrence_id = o.id
    where o.series_id = ${seriesId} and ${vector(text)} @@ query.q`;
}

/** The best matches in the pair's history, best first (then the latest meeting first), at most `limit`. */
export async function searchHistory(db: Db, search: HistorySearch): Promise<HistoryHit[]> {
  const { seriesId, query, goals, limit } = search;
  const topic = sql.ref('t.text');
  const commitment = sql.ref('c.text');
  const goal = sql`g.title || ' ' || g.description`;
  const milestone = sql.ref('m.text');
  const branches = [
    sql`select 'topic' as kind, t.id, ${meeting}, null::text as goal_title, t.text as body, ${rank(topic)} as rank
      from query, occurrences o join topics t on t.occurrence_id = o.id
      where o.series_id = ${seriesId} and t.series_id = ${seriesId} and ${vector(topic)} @@ query.q`,
    agendaBranch(seriesId, 'deep-dive', 'deep_dive'),
    agendaBranch(seriesId, 'shared-notes', 'shared_notes'),
    agendaBranch(seriesId, 'decisions', 'decisions'),
    // The meeting it was made at, when that meeting is this series' own (a commitment that followed its owner to a
    // new 1:1 names none).
    sql`select 'commitment', c.id, ${meeting}, null, c.text, ${rank(commitment)}
      from query, commitments c left join occurrences o on o.id = c.made_at_occurrence_id and o.series_id = c.series_id
      where c.series_id = ${seriesId} and ${vector(commitment)} @@ query.q`,
    ...(goals
      ? [
          sql`select 'goal', g.id, ${noMeeting}, null,
              case when g.description = '' then g.title else g.title || E'\\n' || g.description end, ${rank(goal)}
            from query, goals g
            where g.series_id = ${seriesId} and ${vector(goal)} @@ query.q`,
          sql`select 'milestone', m.id, ${noMeeting}, g.title, m.text, ${rank(milestone)}
            from query, goals g join goal_milestones m on m.goal_id = g.id
            where g.series_id = ${seriesId} and ${vector(milestone)} @@ query.q`,
        ]
      : []),
  ];
  // Snippets are made for the page's results only (ts_headline reads the whole text again), hence the inner limit.
  const { rows } = await sql<HitRow>`
    with query as (select ${tsquery(query)} as q),
    found as (${sql.join(branches, sql` union all `)}),
    best as (select * from found order by rank desc, starts_at desc nulls last, kind, id limit ${limit})
    select best.kind, best.id, best.occurrence_id, best.starts_at, best.ends_at, best.status, best.declined_by,
      best.goal_title, best.rank, h.headline,
      not starts_with(s.source, p.plain) as cut_before,
      right(s.source, length(p.plain)) <> p.plain as cut_after
    from best, query,
      lateral (select translate(best.body, ${`<${MATCH_START}${MATCH_STOP}${ANGLE_STAND_IN}`}, ${ANGLE_STAND_IN})
        as source) s,
      lateral (select ts_headline('english', s.source, query.q,
        case when best.kind in (${sql.join(LONG_KINDS)}) then ${EXCERPT} else ${WHOLE} end) as headline) h,
      lateral (select translate(h.headline, ${MATCH_START + MATCH_STOP}, '') as plain) p
    order by best.rank desc, best.starts_at desc nulls last, best.kind, best.id`.execute(db);
  return rows.map(toHit);
}

function toHit(row: HitRow): HistoryHit {
  return {
    kind: row.kind,
    id: row.id,
    occurrence:
      row.occurrence_id && row.starts_at && row.ends_at && row.status
        ? {
            id: row.occurrence_id,
            startsAt: row.starts_at,
            endsAt: row.ends_at,
            status: row.status,
            declinedBy: row.declined_by,
          }
        : null,
    goalTitle: row.goal_title,
    headline: row.headline,
    cutBefore: row.cut_before,
    cutAfter: row.cut_after,
    rank: Number(row.rank),
  };
}
