/**
 * Identifiers shaped like Graph's: Exchange item ids are long opaque base64 strings (`AAMkAD…=`), user and
 * subscription ids are GUIDs. Occurrence ids are derived from their series master's id and original start, so an
 * occurrence keeps its id for as long as the series keeps that occurrence, and `GET /me/events/{id}` can find it
 * without the occurrence ever having been stored.
 */
import { decodeBase64url, encodeBase64url } from '../../security/base64url.ts';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const OCCURRENCE_PREFIX = 'AAMkAOcc';

/** `length` random characters of base64url. */
export function randomToken(length = 32): string {
  const bytes = crypto.getRandomValues(new Uint8Array(length));
  let out = '';
  // 256 is a multiple of 64, so taking each byte modulo 64 keeps every character equally likely.
  for (const byte of bytes) out += ALPHABET[byte % ALPHABET.length];
  return out;
}

/** A new event id (a series master, a single event, or one mailbox's copy of a meeting). */
export function newEventId(): string {
  // Real ids end in `=` padding; keeping it makes clients that forget to URL-encode ids fail here first.
  return `AAMkAD${randomToken(58)}=`;
}

/** The id of the occurrence of `masterId` whose original start is `originalStart` (epoch ms). */
export function occurrenceId(masterId: string, originalStart: number): string {
  return `${OCCURRENCE_PREFIX}${encodeBase64url(new TextEncoder().encode(`${masterId}|${originalStart}`))}`;
}

/** Splits an occurrence id into its master id and original start, or undefined when it is not one. */
export function parseOccurrenceId(id: string): { masterId: string; originalStart: number } | undefined {
  if (!id.startsWith(OCCURRENCE_PREFIX)) return undefined;
  try {
    const text = new TextDecoder().decode(decodeBase64url(id.slice(OCCURRENCE_PREFIX.length)));
    const bar = text.lastIndexOf('|');
    const originalStart = Number(text.slice(bar + 1));
    if (bar < 1 || !Number.isSafeInteger(originalStart)) return undefined;
    return { masterId: text.slice(0, bar), originalStart };
  } catch {
    // Not our encoding: an unknown id, which the caller answers with ErrorItemNotFound.
    return undefined;
  }
}

/** A stable GUID for a name (FNV-1a over two seeds), so a user's Graph id is the same on every run. */
export function stableGuid(name: string): string {
  const hex = fnv(name, 0xcbf29ce484222325n) + fnv(name, 0x84222325cbf29ce4n);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** The sandbox's one tenant, as `tenantId` in notifications and `tid` in tokens. */
export const SANDBOX_TENANT_ID = stableGuid('carryover-sandbox-tenant');

function fnv(text: string, seed: bigint): string {
  let hash = seed;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}
