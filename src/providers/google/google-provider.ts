import { calendar, type calendar_v3 } from '@googleapis/calendar';
import { gmail } from '@googleapis/gmail';
import { recordProviderCall } from '../../observability/metrics.ts';
import type {
  AccountSession,
  CalendarChanges,
  CalendarProvider,
  OutgoingMail,
  ProviderOccurrence,
  ProviderSeries,
  Watch,
} from '../provider.ts';
import type { ProviderCallObserver } from '../provider-calls.ts';
import { isProviderError, PROVIDER_TIMEOUT_MS, ProviderError } from '../provider-error.ts';
import type { GoogleEndpoints } from './endpoints.ts';
import { occurrenceOf, seriesOf } from './event-mapper.ts';
import { toProviderError } from './google-errors.ts';
import { buildRawMessage } from './mime.ts';
import { observedCall } from './observed-call.ts';
import { type ListingQuery, readCursor, resumeCursor } from './sync-cursor.ts';

/** The private extended property Carryover tags the events it wrote with. */
export const CARRYOVER_PROPERTY = 'carryover';

/**
 * A full sync lists what ends after a year ago ("Synchronize resources efficiently": restrict the initial full sync
 * with request parameters). `timeMin` bounds an event's end, and a recurring event's end is its series' last
 * meeting, so a weekly 1:1 that began years ago and still runs is listed; one that ended over a year ago is not.
 */
export const FULL_SYNC_WINDOW_MS = 365 * 86_400_000;
/** Google's largest page ("The page size can never be larger than 2500 events"). */
export const PAGE_SIZE = 2500;
/**
 * Pages one sync reads at most (50,000 items). A calendar with more is read over several syncs: the cursor says where
 * to resume, and /account says the calendar is still being read — a bound that shows, not a sync that fails.
 */
export const PAGES_PER_SYNC = 20;
/**
 * Pages one events.instances read may take. Pages may be short or empty while more follow; a provider that keeps
 * sending them is failed (and retried later) rather than read as a series that ends early.
 */
const MAX_INSTANCE_PAGES = 50;

/**
 * Google Calendar and Gmail through the official per-API clients. This is the only file that imports the Google
 * SDK. Every call passes its root URL in the call options (a root given at construction loses its path prefix,
 * which the sandbox needs) and turns gaxios' own retries off: Carryover's tick decides when to retry, counts it and
 * honours Retry-After, and never re-sends a POST such as a mail send.
 */
export function createGoogleProvider(
  endpoints: GoogleEndpoints,
  {
    timeoutMs = PROVIDER_TIMEOUT_MS,
    clock = () => new Date(),
    observe = recordProviderCall,
  }: {
    timeoutMs?: number;
    clock?: (() => Date) | undefined;
    /** Told about every call (default: this process's metrics). */
    observe?: ProviderCallObserver | undefined;
  } = {},
): CalendarProvider {
  const cal = calendar({ version: 'v3' });
  const mail = gmail({ version: 'v1' });

  const options = async (session: AccountSession, root: string, headers: Record<string, string> = {}) => ({
    rootUrl: root,
    retry: false,
    timeout: timeoutMs,
    headers: { Authorization: `Bearer ${await session.accessToken()}`, ...headers },
  });

  type CallOptions = Awaited<ReturnType<typeof options>>;

  /**
   * One API call: the access token first (a refresh is a call of its own), then the call, timed and reported to
   * `observe`, its failure turned into a ProviderError.
   */
  async function run<T>(
    doing: string,
    session: AccountSession,
    root: string,
    call: (options: CallOptions) => Promise<{ data: T; status?: number }>,
    headers?: Record<string, string>,
  ): Promise<T> {
    let callOptions: CallOptions;
    try {
      callOptions = await options(session, root, headers);
    } catch (error) {
      throw toProviderError(error, doing);
    }
    try {
      const response = await observedCall(
        observe,
        doing,
        () => call(callOptions),
        (r) => r.status ?? 200,
      );
      return response.data;
    } catch (error) {
      throw toProviderError(error, doing);
    }
  }

  /** One page of events.list for a listing's query. */
  async function listPage(
    session: AccountSession,
    calendarId: string,
    query: ListingQuery,
    pageToken: string | undefined,
  ): Promise<calendar_v3.Schema$Events> {
    try {
      return await run('events.list', session, endpoints.calendarRoot, (callOptions) =>
        cal.events.list(
          {
            calendarId,
            singleEvents: false,
            showDeleted: true,
            maxResults: PAGE_SIZE,
            ...query,
            ...(pageToken ? { pageToken } : {}),
          },
          callOptions,
        ),
      );
    } catch (error) {
      // A page token kept from an earlier sync that Google no longer takes: start the listing again, as after a 410.
      if (pageToken && isProviderError(error, 'invalid')) {
        throw new ProviderError(
          'gone',
          `a listing could not be resumed: ${(error as Error).message}`,
          {},
          { cause: error },
        );
      }
      throw error;
    }
  }

  return {
    name: 'google',
    // Google keeps HTML (its web UI renders it) or plain text (what every other client shows as written).
    descriptionFormat: 'either',

    // 'primary' names the account's own calendar without the extra calendarList scope.
    async primaryCalendarId() {
      return 'primary';
    },

    async listChanges(session, calendarId, cursor): Promise<CalendarChanges> {
      const series = new Map<string, ProviderSeries>();
      const touched = new Map<string, { seriesId: string; instanceId: string; etag: string }>();
      const from = startOfListing(cursor, clock());
      const { query } = from;
      const full = 'timeMin' in query;
      let { pageToken, read } = from;
      // singleEvents=false: masters, exceptions and cancellations, which is what a 1:1 watcher needs. Every page
      // repeats the query (a full sync's timeMin, never together with a sync token); only nextPageToken says there is
      // more — a page may be short or empty — and the sync token comes on the last page only.
      for (let page = 0; page < PAGES_PER_SYNC; page++) {
        const result: calendar_v3.Schema$Events = await listPage(session, calendarId, query, pageToken);
        read += result.items?.length ?? 0;
        for (const event of result.items ?? []) {
          if (!event.id) continue;
          if (event.recurringEventId) {
            touched.set(event.id, { seriesId: event.recurringEventId, instanceId: event.id, etag: event.etag ?? '' });
          } else if ((event.recurrence?.length ?? 0) > 0 || event.status === 'cancelled') {
            series.set(event.id, seriesOf(event, session.email));
          }
        }
        if (result.nextPageToken) {
          pageToken = result.nextPageToken;
          continue;
        }
        if (!result.nextSyncToken) throw toProviderError(new Error('no nextSyncToken on the last page'), 'events.list');
        return {
          series: [...series.values()],
          touchedOccurrences: [...touched.values()],
          cursor: result.nextSyncToken,
          full,
        };
      }
      // The bound: what was read counts, and the next sync goes on from this page of the same listing.
      const next = resumeCursor({ query, pageToken: pageToken ?? '', read });
      return {
        series: [...series.values()],
        touchedOccurrences: [...touched.values()],
        cursor: next,
        full,
        more: true,
      };
    },

    async upcomingOccurrences(session, calendarId, providerSeriesId, from, limit): Promise<ProviderOccurrence[]> {
      const occurrences: ProviderOccurrence[] = [];
      let pageToken: string | undefined;
      // timeMin bounds the instance's END (exclusive), so a meeting in progress is still listed. No timeMax: a
      // quarterly 1:1 must be found however far away its next meeting is. A page may hold fewer than maxResults (or
      // none) while more follow: keep going until `limit` are in hand or Google says there is no more.
      for (let page = 0; page < MAX_INSTANCE_PAGES; page++) {
        const result: calendar_v3.Schema$Events = await run(
          'events.instances',
          session,
          endpoints.calendarRoot,
          (callOptions) =>
            cal.events.instances(
              {
                calendarId,
                eventId: providerSeriesId,
                timeMin: from.toISOString(),
                maxResults: Math.min(limit, PAGE_SIZE),
                showDeleted: true,
                ...(pageToken ? { pageToken } : {}),
              },
              callOptions,
            ),
        );
        // The list carries the calendar's zone, which all-day instances (a date, no time) are read in.
        for (const event of result.items ?? []) {
          const occurrence = occurrenceOf(event, result.timeZone ?? 'UTC');
          if (occurrence) occurrences.push(occurrence);
        }
        if (occurrences.length >= limit) return occurrences.slice(0, limit);
        if (!result.nextPageToken) return occurrences;
        pageToken = result.nextPageToken;
      }
      throw new ProviderError(
        'transient',
        `Google events.instances sent more than ${MAX_INSTANCE_PAGES} pages without ${limit} instances`,
      );
    },

    async getSeries(session, calendarId, providerSeriesId) {
      try {
        const event = await run('events.get', session, endpoints.calendarRoot, (callOptions) =>
          cal.events.get({ calendarId, eventId: providerSeriesId }, callOptions),
        );
        return seriesOf(event, session.email);
      } catch (error) {
        if (isProviderError(error, 'gone', 'not-found')) return undefined;
        throw error;
      }
    },

    async getOccurrence(session, calendarId, instanceId) {
      const event = await run('events.get', session, endpoints.calendarRoot, (callOptions) =>
        cal.events.get({ calendarId, eventId: instanceId }, callOptions),
      );
      const occurrence = occurrenceOf(event, event.start?.timeZone ?? 'UTC');
      if (!occurrence) throw toProviderError(new Error(`event ${instanceId} has no usable times`), 'events.get');
      return occurrence;
    },

    async writeDescription(session, calendarId, occurrence, description, writeOptions) {
      // If-Match makes the write conditional: a person's edit since our read turns into a 412 we re-merge on.
      const event = await run(
        'events.patch',
        session,
        endpoints.calendarRoot,
        (callOptions) =>
          cal.events.patch(
            {
              calendarId,
              eventId: occurrence.instanceId,
              // events.patch: 'none' tells nobody — and guests outside Google Calendar then never see the change;
              // 'externalOnly' emails just those guests. The lifecycle asks for it on the first write of a meeting.
              sendUpdates: writeOptions?.notifyExternal ? 'externalOnly' : 'none',
              requestBody: { description, extendedProperties: { private: { [CARRYOVER_PROPERTY]: 'managed-block' } } },
            },
            callOptions,
          ),
        { 'If-Match': occurrence.etag },
      );
      return { etag: event.etag ?? '' };
    },

    async watch(session, calendarId, { id, address, token, ttlSeconds }): Promise<Watch> {
      const channel = await run('events.watch', session, endpoints.calendarRoot, (callOptions) =>
        cal.events.watch(
          { calendarId, requestBody: { id, type: 'web_hook', address, token, params: { ttl: String(ttlSeconds) } } },
          callOptions,
        ),
      );
      return {
        id: channel.id ?? id,
        resourceId: channel.resourceId ?? '',
        expiresAt: new Date(Number(channel.expiration ?? Date.now() + ttlSeconds * 1000)),
      };
    },

    async stopWatch(session, watch) {
      try {
        await run('channels.stop', session, endpoints.calendarRoot, (callOptions) =>
          cal.channels.stop({ requestBody: { id: watch.id, resourceId: watch.resourceId } }, callOptions),
        );
      } catch (error) {
        // A channel that already expired or was stopped is what we wanted anyway.
        if (!isProviderError(error, 'not-found')) throw error;
      }
    },

    async sendMail(session, message: OutgoingMail) {
      const raw = buildRawMessage({ ...message, from: { email: session.email }, unique: crypto.randomUUID() });
      const sent = await run('gmail.messages.send', session, endpoints.gmailRoot, (callOptions) =>
        mail.users.messages.send({ userId: 'me', requestBody: { raw } }, callOptions),
      );
      return { messageId: sent.id ?? '' };
    },
  };
}

/** Where a listing starts: a resumed one, an incremental one from its sync token, or a full sync from a year ago. */
function startOfListing(
  cursor: string | null,
  now: Date,
): { query: ListingQuery; pageToken: string | undefined; read: number } {
  let point: ReturnType<typeof readCursor>;
  try {
    point = readCursor(cursor);
  } catch (error) {
    // A resume cursor that cannot be read: as for an expired sync token, the lifecycle starts over (410-like).
    throw new ProviderError('gone', 'the stored Google cursor cannot be read', {}, { cause: error });
  }
  if (point === null) {
    return {
      query: { timeMin: new Date(now.getTime() - FULL_SYNC_WINDOW_MS).toISOString() },
      pageToken: undefined,
      read: 0,
    };
  }
  if ('pageToken' in point) return { query: point.query, pageToken: point.pageToken, read: point.read };
  return { query: { syncToken: point.syncToken }, pageToken: undefined, read: 0 };
}
