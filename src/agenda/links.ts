import type { Db } from '../db/database.ts';
import { ensureLink, findLiveLinkByHash } from '../db/links.ts';
import type { LinkRow, SeriesRow } from '../db/schema.ts';
import { findSeries } from '../db/series.ts';
import type { Keys } from '../security/keys.ts';
import { deriveLinkToken, hashToken, looksLikeToken, newNonce, sameDigest } from '../security/link-token.ts';

/** The links of a new thread: each person's own (emailed to them) and the shared one that goes into the invite. */
export interface SeriesLinks {
  readonly organizer: string;
  readonly attendee: string;
  readonly shared: string;
}

/**
 * Who is looking at an agenda: one of the thread's two people through their own link, or someone holding the
 * invite's shared link. A personal link belongs to a person, not to a role: the role is read off the thread.
 */
export type Viewer =
  | { readonly role: 'organizer' | 'attendee'; readonly email: string }
  | { readonly role: 'shared'; readonly email: null };

/** A link that opened: the series it belongs to and who holds it. */
export interface OpenedLink {
  readonly link: LinkRow;
  readonly series: SeriesRow;
  readonly viewer: Viewer;
}

/**
 * The token of a link, created on first use: a person's own link on a thread (`email`), or the thread's shared link
 * (`email` null). Tokens are never stored; the same token is derived again from the link's nonce.
 */
export async function linkToken(db: Db, keys: Keys, seriesId: string, email: string | null): Promise<string> {
  const nonce = newNonce();
  const token = await deriveLinkToken(keys, nonce);
  const link = await ensureLink(db, {
    seriesId,
    role: email === null ? 'shared' : 'person',
    email,
    nonce,
    tokenHash: await hashToken(token),
  });
  return link.nonce === nonce ? token : deriveLinkToken(keys, link.nonce);
}

/** Creates (or finds) the three links of a thread and returns their tokens. */
export async function createSeriesLinks(db: Db, keys: Keys, series: SeriesRow): Promise<SeriesLinks> {
  return {
    organizer: await linkToken(db, keys, series.id, series.organizer_email),
    attendee: await linkToken(db, keys, series.id, series.attendee_email),
    shared: await linkToken(db, keys, series.id, null),
  };
}

/**
 * Opens a link token: undefined for junk, unknown, revoked or tampered tokens alike, so a caller can only ever
 * answer 404 and learns nothing about other series. A personal link opens only for one of the thread's two people.
 */
export async function openLink(db: Db, token: string): Promise<OpenedLink | undefined> {
  if (!looksLikeToken(token)) return undefined;
  const hash = await hashToken(token);
  const link = await findLiveLinkByHash(db, hash);
  // The index lookup already matched; the constant-time comparison keeps timing from telling near misses apart.
  if (!link || !sameDigest(link.token_hash, hash)) return undefined;
  const series = await findSeries(db, link.series_id);
  if (!series) return undefined;
  if (link.role === 'shared') return { link, series, viewer: { role: 'shared', email: null } };
  const role =
    link.email === series.organizer_email ? 'organizer' : link.email === series.attendee_email ? 'attendee' : null;
  if (!role || !link.email) return undefined;
  return { link, series, viewer: { role, email: link.email } };
}
