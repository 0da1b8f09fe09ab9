import type { Person } from './types.ts';

/**
 * What to call a person: their name when the calendar gave one, else a name made from their address
 * ("sam.lee@example.com" → "Sam Lee"), which reads better in an email greeting than the address itself.
 */
export function displayName(person: Person): string {
  const given = person.name?.trim();
  if (given) return given;
  const local = person.email.split('@')[0] ?? person.email;
  const words = local.split(/[._-]+/).filter((w) => w.length > 0 && !/^\d+$/.test(w));
  if (words.length === 0) return person.email;
  return words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join(' ');
}
