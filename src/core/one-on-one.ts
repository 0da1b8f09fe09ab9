/**
 * Is this series a 1:1? Exactly two people — the organizer and one other — on a recurring event. Calendars list
 * rooms, duplicate entries and the organizer among the attendees; none of that should change the answer.
 */
import type { Attendee, Email, OneOnOneVerdict, Person } from './types.ts';

/** The email as an identity: trimmed and lower-cased, since calendars differ in how they spell the same address. */
export function normalizeEmail(email: string): Email {
  return email.trim().toLowerCase();
}

function cleanName(name: string | undefined): string | undefined {
  const trimmed = name?.trim();
  return trimmed ? trimmed : undefined;
}

function person(email: Email, name: string | undefined): Person {
  return name === undefined ? { email } : { email, name };
}

interface Invitee {
  readonly email: Email;
  name: string | undefined;
  /** True when any of the person's entries has not declined: a stale duplicate should not drop someone who said yes. */
  attending: boolean;
}

/** Judges whether a series is a 1:1, and returns the pair with normalized emails when it is. */
export function judgeSeries(input: {
  organizer: Person;
  attendees: readonly Attendee[];
  recurring: boolean;
}): OneOnOneVerdict {
  if (!input.recurring) return { kind: 'not-one-on-one', reason: 'not-recurring' };

  const organizerEmail = normalizeEmail(input.organizer.email);
  let organizerName: string | undefined;
  const others = new Map<Email, Invitee>();
  for (const attendee of input.attendees) {
    if (attendee.resource) continue;
    const email = normalizeEmail(attendee.email);
    if (email === '') continue;
    const name = cleanName(attendee.name);
    if (email === organizerEmail) {
      organizerName ??= name;
      continue;
    }
    // Flagged as organizer under another address (an alias or delegate): still the organizer, not a second person.
    if (attendee.organizer) continue;
    const attending = attendee.response !== 'declined';
    const seen = others.get(email);
    if (seen) {
      seen.name ??= name;
      seen.attending ||= attending;
    } else {
      others.set(email, { email, name, attending });
    }
  }

  const invitees = [...others.values()];
  const attending = invitees.filter((i) => i.attending);
  if (invitees.length === 0) return { kind: 'not-one-on-one', reason: 'no-other-person' };
  // Everyone else declined: nobody is left to meet, which the person fixes by re-inviting, not by regrouping.
  if (attending.length === 0) return { kind: 'not-one-on-one', reason: 'other-person-declined' };
  const [other] = attending;
  if (attending.length > 1 || other === undefined) return { kind: 'not-one-on-one', reason: 'group' };

  return {
    kind: 'one-on-one',
    pair: {
      // The attendee entry carries the name the calendar displays; the organizer field is often bare.
      organizer: person(organizerEmail, organizerName ?? cleanName(input.organizer.name)),
      attendee: person(other.email, other.name),
    },
  };
}
