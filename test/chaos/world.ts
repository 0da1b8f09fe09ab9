/**
 * What a chaos run set up and what its people did, as the suite remembers it — the expectations the invariants are
 * checked against: each 1:1 series with its meetings, each commitment recorded (and when), each edit a person made
 * to their own text in an invite.
 */
import type { Provider } from './faults.ts';

/** A weekly 1:1 the run created in a provider's calendar. */
export interface ChaosSeries {
  readonly provider: Provider;
  readonly organizer: string;
  readonly attendee: string;
  /** The series' id in the organizer's calendar. */
  readonly seriesId: string;
  /** Names the series in its organizer's own text (`own text v0 of {tag}`). */
  readonly tag: string;
  /** The description the organizer typed (HTML), with version 0 of their own text. */
  readonly description: string;
  /** Each meeting's start (UTC), earliest first. */
  readonly starts: readonly Date[];
  readonly minutes: number;
}

/** A commitment recorded through the product's HTTP API after a meeting. */
export interface RecordedCommitment {
  readonly series: ChaosSeries;
  readonly text: string;
  /** The simulated time it was recorded. */
  readonly at: Date;
  /** The HTTP status of the POST (201 when recorded; 0 when it could not be sent). */
  readonly status: number;
  /** How it was recorded, or why it could not be. */
  readonly note: string;
}

/** The versions of the organizer's own text one meeting's invite may hold at the end (an edit whose answer was lost may or may not have landed). */
export type OwnTextVersions = Map<string, Set<number>>;
