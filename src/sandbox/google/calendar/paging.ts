/**
 * Page tokens for events.list and events.instances. The first page computes the whole answer as of that moment and
 * later pages continue that snapshot, so a change made while a client pages shows up in its next sync instead of
 * shifting items between pages. A token only continues the identical query (Calendar v3: "the exact same list query
 * … and add the pageToken"); anything else is 400.
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

/** Remembers paged answers (tokens stay valid, so a client may retry a page). */
export interface Pager {
  /** The first page of a freshly computed answer. */
  first(fingerprint: string, items: readonly calendar_v3.Schema$Event[], maxResults: number, syncChange?: number): Page;
  /** The page a token continues; 400 when the token is unknown or came from another query. */
  next(token: string, fingerprint: string, maxResults: number): Page;
}

/** Creates an empty pager. */
export function createPager(): Pager {
  const snapshots = new Map<string, PagedSnapshot>();

  function page(snapshot: PagedSnapshot, maxResults: number): Page {
    const items = snapshot.items.slice(0, maxResults);
    if (snapshot.items.length <= maxResults) {
      return { items, ...(snapshot.syncChange !== undefined && { syncChange: snapshot.syncChange }) };
    }
    const nextPageToken = newOpaqueToken(32);
    snapshots.set(nextPageToken, { ...snapshot, items: snapshot.items.slice(maxResults) });
    return { items, nextPageToken };
  }

  return {
    first: (fingerprint, items, maxResults, syncChange) => page({ fingerprint, items, syncChange }, maxResults),
    next(token, fingerprint, maxResults) {
      const snapshot = snapshots.get(token);
      if (!snapshot || snapshot.fingerprint !== fingerprint) throw googleErrors.invalid('Invalid Value', 'pageToken');
      return page(snapshot, maxResults);
    },
  };
}
