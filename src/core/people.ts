import type { Person } from './types.ts';

/**
 * What to call a person: their name when the calendar gave one, else a name made from their address
 * ("sam.lee@example.com" → "Sam Lee"), which reads better in an email greeting than the address itself.
 */
export function displayName(person: Person): string {
  const given = meaningfulName(person.name, person.email);
  if (given) return given;
  const local = person.email.split('@')[0] ?? person.email;
  const words = local.split(/[._-]+/).filter((w) => w.length > 0 && !/^\d+$/.test(w));
  if (words.length === 0) return person.email;
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}

/** A name worth keeping: not blank and not just the address (Graph sends the address as the name when it has none). */
export function meaningfulName(name: string | null | undefined, email: string): string | undefined {
  const trimmed = name?.trim();
  if (!trimmed || trimmed.toLowerCase() === email.trim().toLowerCase()) return undefined;
  return trimmed;
}

/**
 * The name to keep for a person, from every place that names them: the name on their own connected account first
 * (they chose it), then the name the calendar shows now, then the name known before. A known name is never replaced
 * by none or by the bare address, whichever provider left it out.
 */
export function mergeName(
  email: string,
  names: {
    readonly account?: string | null | undefined;
    readonly reported?: string | null | undefined;
    readonly known?: string | null | undefined;
  },
): string | null {
  return (
    meaningfulName(names.account, email) ??
    meaningfulName(names.reported, email) ??
    meaningfulName(names.known, email) ??
    null
  );
}
