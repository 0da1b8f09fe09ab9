/**
 * The cursor Carryover keeps for a Google calendar between syncs: Google's own sync token once a listing was read to
 * its end; or, when one sync stopped at its page bound, where the next one resumes — the query it ran (a full sync's
 * `timeMin`, or the sync token of an incremental one) and the page token to continue with. Google wants every page
 * asked for with "the exact same list query" plus the page token ("Page through lists of resources"), so the query
 * travels with the token. A stored sync token is kept as Google gave it, so cursors saved before stay valid.
 */
import { decodeBase64url, encodeBase64url } from '../../security/base64url.ts';

/** The query a listing runs: a bounded full sync, or an incremental one. */
export type ListingQuery = { readonly timeMin: string } | { readonly syncToken: string };

/** A listing cut at its page bound, to go on with. */
export interface ResumePoint {
  readonly query: ListingQuery;
  readonly pageToken: string;
  /** Items read so far in this listing. */
  readonly read: number;
}

const RESUME = 'carryover-resume:';

/** The cursor for a listing to resume. */
export function resumeCursor(point: ResumePoint): string {
  return RESUME + encodeBase64url(new TextEncoder().encode(JSON.stringify(point)));
}

/** Where a cursor says to go on: a resume point, a sync token, or (null) a full sync from the start. */
export function readCursor(cursor: string | null): ResumePoint | { readonly syncToken: string } | null {
  if (cursor === null) return null;
  if (!cursor.startsWith(RESUME)) return { syncToken: cursor };
  return JSON.parse(new TextDecoder().decode(decodeBase64url(cursor.slice(RESUME.length)))) as ResumePoint;
}

/** Whether a stored cursor is a listing still under way, and how far it got: for the account page. */
export function listingUnderWay(
  cursor: string | null,
): { readonly read: number; readonly since: Date | undefined } | undefined {
  const point = readCursor(cursor);
  if (point === null || !('pageToken' in point)) return undefined;
  return { read: point.read, since: 'timeMin' in point.query ? new Date(point.query.timeMin) : undefined };
}
