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
  /**
   * True when this listing read everything in its range, not only what changed since the cursor (no cursor, a
   * listing under way, a delta window restarted): what it found says nothing about notifications missed.
   */
  readonly full?: boolean;
  /** True when the listing stopped at its bound and the next sync goes on from the cursor: sync again soon. */
  readonly more?: boolean;
  /**
   * Something about this calendar the person should know, when the sync could not read all of it the way it should
   * (more series than one sync lists, a zone it could not place): recorded on the calendar; absent when all is well.
   */
  readonly warning?: string;
}

/** What a change notification told about a calendar since its last sync, for `listChanges` to read directly. */
export interface ListChangesOptions {
  /**
   * The items change notifications named (Graph's `resourceData.id`): a series whose meetings all lie outside the
   * provider's sync window is read through them at once. `too-many` when more were named than were kept: every
   * series is listed again. Providers whose notifications name nothing (Google) ignore it.
   */
  readonly notifiedItems?: readonly string[] | 'too-many';
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
  /**
   * How event descriptions are written: Graph bodies are HTML; Google keeps `either` (HTML its web UI renders, or plain
   * text, which every client reads as written).
   */
  readonly descriptionFormat: 'html' | 'text' | 'either';
  /** The account's calendars to watch (the primary one, for now). */
  primaryCalendarId(session: AccountSession): Promise<string>;
  /** Changes since `cursor` (null: everything). A `gone` ProviderError means the cursor expired: call again with null. */
  listChanges(
    session: AccountSession,
    calendarId: string,
    cursor: string | null,
    options?: ListChangesOptions,
  ): Promise<CalendarChanges>;
  /**
   * A series' occurrences that end after `from`, earliest first, at most `limit` (no time window: quarterly 1:1s too).
   * Exactly `limit` whenever the series has that many more: an implementation pages on (past short or empty pages) until
   * it has `limit` or the provider says there is no more, so fewer than `limit` means the series ends there — which
   * the lifecycle relies on (src/lifecycle/prepare-source.ts) to cancel meetings no longer listed.
   */
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
  /**
   * Writes an occurrence's description if its etag still matches (`conflict` otherwise); returns the new etag.
   * `notifyExternal`: let the calendar tell guests who would otherwise not see the change (Google's guests outside
   * Google Calendar); a calendar that always notifies (Graph) ignores it.
   */
  writeDescription(
    session: AccountSession,
    calendarId: string,
    occurrence: Pick<ProviderOccurrence, 'instanceId' | 'etag'>,
    description: string,
    options?: { readonly notifyExternal?: boolean },
  ): Promise<{ etag: string }>;
  /** Starts push notifications for a calendar to `address`, authenticated by `token`. */
  watch(
    session: AccountSession,
    calendarId: string,
    options: { id: string; address: string; token: string; ttlSeconds: number },
  ): Promise<Watch>;
  /**
   * Optional: extends a live watch instead of replacing it (Graph renews a subscription with PATCH
   * `expirationDateTime`, after `POST …/reauthorize` when `reauthorize` is set). Providers whose channels cannot be
   * renewed (Google) leave it out: the lifecycle then makes a new one and stops the old. `not-found` when the watch
   * is gone: make a new one.
   */
  renewWatch?(
    session: AccountSession,
    watch: Pick<Watch, 'id' | 'resourceId'>,
    options: { readonly ttlSeconds: number; readonly reauthorize: boolean },
  ): Promise<Watch>;
  /** Stops a push channel; an unknown one is not an error. */
  stopWatch(session: AccountSession, watch: Pick<Watch, 'id' | 'resourceId'>): Promise<void>;
  /** Sends an email from the account's mailbox. Never retried blindly: a failure may still have been sent. */
  sendMail(session: AccountSession, mail: OutgoingMail): Promise<{ messageId: string }>;
}
