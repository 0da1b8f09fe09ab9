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
import { googleErrors } from '../errors.ts';
import { newOpaqueToken } from './ids.ts';

/** The rest of a paged answer. */
interface PagedSnapshot {
  readonly fingerprint: string;
  readonly items: readonly calendar_v3.Schema$Event[];
  /** The change number the last page's `nextSyncToken` will stand for (events.list only). */
  readonly syncChange: number | undefined;
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

/** Remembers paged answers (tokens stay valid, so a client may retry a page). */
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
}

/** Creates an empty pager. */
export function createPager(): Pager {
  const snapshots = new Map<string, PagedSnapshot>();
  const cuts = new Map<string, number[]>();
  const cutKey = (of: PageOf) => `${of.call} ${of.owner}`;

  function page(of: PageOf, snapshot: PagedSnapshot, maxResults: number): Page {
    const size = Math.min(cuts.get(cutKey(of))?.shift() ?? maxResults, maxResults);
    const items = snapshot.items.slice(0, size);
    if (snapshot.items.length <= size) {
      return { items, ...(snapshot.syncChange !== undefined && { syncChange: snapshot.syncChange }) };
    }
    const nextPageToken = newOpaqueToken(32);
    snapshots.set(nextPageToken, { ...snapshot, items: snapshot.items.slice(size) });
    return { items, nextPageToken };
  }

  return {
    first: (of, fingerprint, items, maxResults, syncChange) => page(of, { fingerprint, items, syncChange }, maxResults),
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
  };
}
