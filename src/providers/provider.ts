import type { Attendee, Person } from '../core/types.ts';

/**
 * The one interface both calendar providers implement (like Kysely's `Dialect`): provider JSON in, these types out,
 * typed `ProviderError`s for failures. Providers only translate; the lifecycle decides and the database remembers.
 */

export type ProviderName = 'google' | 'microsoft';

/** OAuth tokens as stored (encrypted) for an account. */
export interface TokenSet {
  readonly accessToken: string;
  /** Absent when the provider did not send a new one: keep the old one. */
  readonly refreshToken?: string | undefined;
  /** When the access token expires (epoch ms). */
  readonly expiresAt: number;
  readonly scope?: string | undefined;
}

/** Calls on behalf of one connected account: a fresh access token on demand (refreshed and stored as needed). */
export interface AccountSession {
  readonly email: string;
  accessToken(): Promise<string>;
}

/** A recurring series as a provider reports it (Google's master event, Graph's seriesMaster). */
export interface ProviderSeries {
  readonly providerSeriesId: string;
  readonly iCalUid: string | null;
  readonly title: string;
  readonly organizer: Person;
  readonly attendees: readonly Attendee[];
  /** The zone the series is scheduled in (IANA), when the provider says. */
  readonly timeZone: string | null;
  readonly recurring: boolean;
  /** The series' first meeting (the master's start), when the provider says. */
  readonly firstStart: Date | null;
  /**
   * No meeting of the series starts after this: its recurrence's UNTIL (Google) or end date (Graph), which is how a
   * "this and following" split cuts the old series short. Null when open-ended or bound by a count.
   */
  readonly recurrenceEndsAt: Date | null;
  /** The whole series was deleted (or the account's copy was removed). */
  readonly cancelled: boolean;
  /** Whether the watched account organizes it: only the organizer's copy may be written. */
  readonly organizedBySelf: boolean;
}

/** What changed on a calendar since a cursor. */
export interface CalendarChanges {
  /** Recurring series whose master changed (or appeared, or was deleted). */
  readonly series: readonly ProviderSeries[];
  /** Occurrences that changed on their own (moved, cancelled, edited), with the version now on the calendar. */
  readonly touchedOccurrences: readonly { seriesId: string | null; instanceId: string; etag: string }[];
  /** Pass back next time for an incremental sync. */
  readonly cursor: string;
}

/** One occurrence of a series, as the provider expands it. */
export interface ProviderOccurrence {
  /** Opaque: pass it back to read or write this occurrence. */
  readonly instanceId: string;
  readonly providerSeriesId: string;
  /** The start before any move: the occurrence's identity within its series. */
  readonly originalStart: Date;
  readonly startsAt: Date;
  readonly endsAt: Date;
  readonly cancelled: boolean;
  readonly description: string;
  readonly etag: string;
  readonly attendees: readonly Attendee[];
}

/** A push channel (Google) or subscription (Graph) delivering change notifications for a calendar. */
export interface Watch {
  readonly id: string;
  readonly resourceId: string;
  readonly expiresAt: Date;
}

/** An email sent from the account's own mailbox. */
export interface OutgoingMail {
  readonly to: readonly Person[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

/** A calendar provider, reached on behalf of one account at a time. */
export interface CalendarProvider {
  readonly name: ProviderName;
  /** How event descriptions are written: Google takes HTML-ish text, Graph takes an HTML body. */
  readonly descriptionFormat: 'html' | 'text';
  /** The account's calendars to watch (the primary one, for now). */
  primaryCalendarId(session: AccountSession): Promise<string>;
  /** Changes since `cursor` (null: everything). A `gone` ProviderError means the cursor expired: call again with null. */
  listChanges(session: AccountSession, calendarId: string, cursor: string | null): Promise<CalendarChanges>;
  /** A series' occurrences that end after `from`, earliest first, at most `limit` (no time window: quarterly 1:1s too). */
  upcomingOccurrences(
    session: AccountSession,
    calendarId: string,
    providerSeriesId: string,
    from: Date,
    limit: number,
  ): Promise<ProviderOccurrence[]>;
  /** One series of the calendar read again (its master); undefined when it is gone from this calendar. */
  getSeries(session: AccountSession, calendarId: string, providerSeriesId: string): Promise<ProviderSeries | undefined>;
  /** One occurrence, fresh (after a conflict). */
  getOccurrence(session: AccountSession, calendarId: string, instanceId: string): Promise<ProviderOccurrence>;
  /** Writes an occurrence's description if its etag still matches (`conflict` otherwise); returns the new etag. */
  writeDescription(
    session: AccountSession,
    calendarId: string,
    occurrence: Pick<ProviderOccurrence, 'instanceId' | 'etag'>,
    description: string,
  ): Promise<{ etag: string }>;
  /** Starts push notifications for a calendar to `address`, authenticated by `token`. */
  watch(
    session: AccountSession,
    calendarId: string,
    options: { id: string; address: string; token: string; ttlSeconds: number },
  ): Promise<Watch>;
  /** Stops a push channel; an unknown one is not an error. */
  stopWatch(session: AccountSession, watch: Pick<Watch, 'id' | 'resourceId'>): Promise<void>;
  /** Sends an email from the account's mailbox. Never retried blindly: a failure may still have been sent. */
  sendMail(session: AccountSession, mail: OutgoingMail): Promise<{ messageId: string }>;
}
