import type { Db } from '../db/database.ts';
import { findLiveLinkByHash, insertLink, liveLinks } from '../db/links.ts';
import type { LinkRole, LinkRow, SeriesRow } from '../db/schema.ts';
import { findSeries } from '../db/series.ts';
import type { Keys } from '../security/keys.ts';
import { deriveLinkToken, hashToken, looksLikeToken, newNonce, sameDigest } from '../security/link-token.ts';

/** The three links of a series: each person's own (emailed) and the shared one that goes into the invite. */
export interface SeriesLinks {
  readonly organizer: string;
  readonly attendee: string;
  readonly shared: string;
}

/** Who is looking at an agenda: a participant through their own link, or someone holding the invite's link. */
export type Viewer =
  | { readonly role: 'organizer' | 'attendee'; readonly email: string }
  | { readonly role: 'shared'; readonly email: null };

/** A link that opened: the series it belongs to and who holds it. */
export interface OpenedLink {
  readonly link: LinkRow;
  readonly series: SeriesRow;
  readonly viewer: Viewer;
}

/** Creates the three links of a new series and returns their tokens (which are not stored anywhere). */
export async function createSeriesLinks(db: Db, keys: Keys, series: SeriesRow): Promise<SeriesLinks> {
  const make = async (role: LinkRole, email: string | null) => {
    const nonce = newNonce();
    const token = await deriveLinkToken(keys, nonce);
    await insertLink(db, { seriesId: series.id, role, email, nonce, tokenHash: await hashToken(token) });
    return token;
  };
  return {
    organizer: await make('organizer', series.organizer_email),
    attendee: await make('attendee', series.attendee_email),
    shared: await make('shared', null),
  };
}

/** Re-derives the tokens of a series' live links, to put them into an invite or an email again. */
export async function seriesLinks(db: Db, keys: Keys, seriesId: string): Promise<Partial<SeriesLinks>> {
  const links: Partial<Record<LinkRole, string>> = {};
  for (const link of await liveLinks(db, seriesId)) links[link.role] = await deriveLinkToken(keys, link.nonce);
  return links;
}

/**
 * Opens a link token: undefined for junk, unknown, revoked or tampered tokens alike, so a caller can only ever
 * answer 404 and learns nothing about other series.
 */
export async function openLink(db: Db, token: string): Promise<OpenedLink | undefined> {
  if (!looksLikeToken(token)) return undefined;
  const hash = await hashToken(token);
  const link = await findLiveLinkByHash(db, hash);
  // The index lookup already matched; the constant-time comparison keeps timing from telling near misses apart.
  if (!link || !sameDigest(link.token_hash, hash)) return undefined;
  const series = await findSeries(db, link.series_id);
  if (!series) return undefined;
  const viewer: Viewer =
    link.role === 'shared' ? { role: 'shared', email: null } : { role: link.role, email: link.email ?? '' };
  return { link, series, viewer };
}
