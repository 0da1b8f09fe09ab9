/**
 * Page tokens for events.list and events.instances. The first page computes the whole answer as of that moment and
 * later pages continue that snapshot, so a change made while a client pages shows up in its next sync instead of
 * shifting items between pages. A token only continues the identical query (Calendar v3: "the exact same list query
 * … and add the pageToken"); anything else is 400.
 *
 * Pages are `maxResults` long unless the `short-pages` control cut them: Calendar v3 says a page "may be less than
 * this value, or none at all, even if there are more events matching the query" — only `nextPageToken` says there is
 * more — so a client must be tried against short and empty pages.
 */
import type { calendar_v3 } from '@googleapis/calendar';
import { createBoundedTokens } from '../../bounded-tokens.ts';
import { googleErrors } from '../errors.ts';
import { newOpaqueToken } from './ids.ts';

/**
 * How many page tokens each calendar keeps per paged call: its newest. A client pages one listing at a time, token
 * after token, and may retry a page; 16 lets that many listings of one calendar run side by side (the product prepares
 * several series of one calendar at once, each paging events.instances) and keeps a listing paused between syncs
 * alive while other listings come and go. Lists and instances keep theirs apart, so short instance listings never push
 * out a long sync's page token. An older token is unknown: 400 `invalid` `pageToken`, as any token Google does not
 * know (how long Google keeps one is undocumented; the product starts the listing over).
 */
export const PAGE_TOKENS_PER_CALENDAR = 16;

/** The rest of a paged answer. */
interface PagedSnapshot {
  readonly fingerprint: string;
  readonly items: readonly calendar_v3.Schema$Event[];
  /** The change number the last page's `nextSyncToken` will stand for (events.list only). */
  readonly syncChange: number | undefined;
  /** Which calendar's which call (`call owner`), the unit page tokens are bounded by. */
  readonly of: string;
}

/** One page and how to continue. */
export interface Page {
  readonly items: calendar_v3.Schema$Event[];
  readonly nextPageToken?: string;
  /** Set on the last page only. */
  readonly syncChange?: number;
}

/** Which list a page belongs to, and whose calendar it lists (for the `short-pages` control). */
export interface PageOf {
  readonly owner: string;
  readonly call: PagedCall;
}

/** The paged calls. */
export type PagedCall = 'list' | 'instances';

/** Remembers paged answers (a token stays valid until its calendar has many newer ones, so a client may retry a page). */
export interface Pager {
  /** The first page of a freshly computed answer. */
  first(
    of: PageOf,
    fingerprint: string,
    items: readonly calendar_v3.Schema$Event[],
    maxResults: number,
    syncChange?: number,
  ): Page;
  /** The page a token continues; 400 when the token is unknown or came from another query. */
  next(of: PageOf, token: string, fingerprint: string, maxResults: number): Page;
  /**
   * Cuts a user's next pages of `calls` to these sizes, one size per page in order (0: an empty page), then pages are
   * full again. A cut never hides the end: a page holding every remaining item is the last one. `[]` clears.
   */
  cut(owner: string, sizes: readonly number[], calls: readonly PagedCall[]): void;
  /** How many page tokens are held, all calendars together. */
  tokenCount(): number;
}

/** Creates an empty pager. */
export function createPager(): Pager {
  const snapshots = createBoundedTokens<PagedSnapshot>({
    perOwner: PAGE_TOKENS_PER_CALENDAR,
    ownerOf: (snapshot) => snapshot.of,
  });
  const cuts = new Map<string, number[]>();
  const cutKey = (of: PageOf) => `${of.call} ${of.owner}`;

  function page(of: PageOf, snapshot: PagedSnapshot, maxResults: number): Page {
    const size = Math.min(cuts.get(cutKey(of))?.shift() ?? maxResults, maxResults);
    const items = snapshot.items.slice(0, size);
    if (snapshot.items.length <= size) {
      return { items, ...(snapshot.syncChange !== undefined && { syncChange: snapshot.syncChange }) };
    }
    const nextPageToken = newOpaqueToken(32);
    snapshots.add(nextPageToken, { ...snapshot, items: snapshot.items.slice(size) });
    return { items, nextPageToken };
  }

  return {
    first: (of, fingerprint, items, maxResults, syncChange) =>
      page(of, { fingerprint, items, syncChange, of: cutKey(of) }, maxResults),
    next(of, token, fingerprint, maxResults) {
      const snapshot = snapshots.get(token);
      if (!snapshot || snapshot.fingerprint !== fingerprint) throw googleErrors.invalid('Invalid Value', 'pageToken');
      return page(of, snapshot, maxResults);
    },
    cut(owner, sizes, calls) {
      for (const call of calls) {
        if (sizes.length === 0) cuts.delete(cutKey({ owner, call }));
        else cuts.set(cutKey({ owner, call }), [...sizes]);
      }
    },
    tokenCount: () => snapshots.size,
  };
}
