import { IANAZone } from 'luxon';
import { findIana, WINDOWS_TO_IANA_MAP } from 'windows-iana';

/**
 * Windows time zone names as Outlook writes them (`originalStartTimeZone`, `recurrenceTimeZone`, the mailbox's
 * `timeZone`), mapped to IANA by CLDR's windowsZones table ("001" territory) through `windows-iana`, which ships that
 * table as data (no dependencies, ES module, runs on Workers). Graph also writes IANA names when an administrator set
 * the mailbox up so; those are kept. `tzone://Microsoft/Custom` (a zone Outlook could not name, e.g. from an imported
 * invite) and names neither table knows map to nothing: the caller falls back to the mailbox's own zone, never
 * silently to UTC.
 */

/** Outlook's name for a zone it cannot name: there is no IANA zone to map it to. */
export const CUSTOM_ZONE = 'tzone://Microsoft/Custom';

// windows-iana matches names exactly; Exchange has been seen to vary their case, so a lower-cased index backs it up.
const BY_LOWER = new Map(WINDOWS_TO_IANA_MAP.map((zone) => [zone.windowsName.toLowerCase(), zone.windowsName]));

/** The IANA zone for a Windows or IANA name; undefined for `tzone://Microsoft/Custom` and names no table knows. */
export function ianaZone(name: string | null | undefined): string | undefined {
  const trimmed = name?.trim();
  if (!trimmed || trimmed === CUSTOM_ZONE) return undefined;
  const windows = BY_LOWER.get(trimmed.toLowerCase());
  const [mapped] = windows ? findIana(windows) : [];
  // CLDR names UTC "Etc/UTC"; the service shows zones to people, and "UTC" reads better.
  if (mapped === 'Etc/UTC') return 'UTC';
  if (mapped && IANAZone.isValidZone(mapped)) return mapped;
  return IANAZone.isValidZone(trimmed) ? trimmed : undefined;
}

/** Whether a zone name needs a fallback: present, but neither a Windows nor an IANA name this build can map. */
export function needsFallback(name: string | null | undefined): boolean {
  return !!name?.trim() && ianaZone(name) === undefined;
}
