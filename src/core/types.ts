/**
 * Carryover's domain, in types. The core knows no provider, runtime or HTTP: providers map their JSON into these
 * shapes at the edge, and the database layer maps rows into them.
 */

/** An email address, lower-cased. The identity of a person across providers. */
export type Email = string;

/** A person as a calendar lists them. */
export interface Person {
  readonly email: Email;
  readonly name?: string | undefined;
}

/** How an attendee answered an invitation. */
export type ResponseStatus = 'accepted' | 'declined' | 'tentative' | 'needsAction';

/** One attendee of a calendar event, as the core needs to judge whether a series is a 1:1. */
export interface Attendee extends Person {
  /** A room or other resource booked through the attendee list. */
  readonly resource?: boolean | undefined;
  readonly organizer?: boolean | undefined;
  /** Google's `self`: the attendee whose calendar this copy of the event is on. */
  readonly self?: boolean | undefined;
  readonly response?: ResponseStatus | undefined;
  /** An optional attendee is still a person in the meeting. */
  readonly optional?: boolean | undefined;
}

/** The two people of a 1:1. The organizer is usually the manager; the attendee the report. */
export interface Pair {
  readonly organizer: Person;
  readonly attendee: Person;
}

export type CommitmentStatus = 'open' | 'done' | 'dropped';

/** A dated promise made at (or between) 1:1s: what, who, by when. */
export interface Commitment {
  readonly id: string;
  readonly seriesId: string;
  readonly text: string;
  readonly owner: Email;
  /** A calendar date (YYYY-MM-DD) in the series' time zone, or null when none was agreed. */
  readonly due: string | null;
  readonly status: CommitmentStatus;
  /** The occurrence it was recorded at; null when recorded before the series' first meeting. */
  readonly madeAtOccurrenceId: string | null;
  readonly createdAt: Date;
  /** When it was marked done or dropped; null while open. */
  readonly closedAt: Date | null;
}

/** The time span of one occurrence of a series, as instants. */
export interface OccurrenceTimes {
  readonly id: string;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly cancelled: boolean;
}

/** A commitment as shown on an agenda or in an invite, with its place in time worked out. */
export interface CarriedCommitment {
  readonly commitment: Commitment;
  /** Open past its due date, judged in the series' time zone. */
  readonly overdue: boolean;
}

/** Whether a series is a 1:1 Carryover should manage, and if not, why not (shown to the person who asked). */
export type OneOnOneVerdict =
  | { readonly kind: 'one-on-one'; readonly pair: Pair }
  | {
      readonly kind: 'not-one-on-one';
      readonly reason: 'not-recurring' | 'no-other-person' | 'group' | 'other-person-declined';
    };

/** How a calendar stores an event's description: Google keeps HTML, Graph bodies may be plain text. */
export type DescriptionFormat = 'text' | 'html';

/** What an agenda shows under "progress on last time's commitments". */
export interface CommitmentReview {
  /** Still open, carried into this occurrence. */
  readonly open: readonly CarriedCommitment[];
  /** Made before this occurrence and closed (done or dropped) since the previous one started. */
  readonly closedSinceLast: readonly Commitment[];
}

/** How well a pair keeps its commitments, as counts and one rate. */
export interface FollowThrough {
  readonly total: number;
  readonly doneOnTime: number;
  readonly doneLate: number;
  /** Open and not yet past due. */
  readonly open: number;
  readonly overdue: number;
  readonly dropped: number;
  /** doneOnTime / (doneOnTime + doneLate + overdue); null when nothing has come due yet. */
  readonly onTimeRate: number | null;
}
