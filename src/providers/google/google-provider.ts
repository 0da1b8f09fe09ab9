import { calendar, type calendar_v3 } from '@googleapis/calendar';
import { gmail } from '@googleapis/gmail';
import type {
  AccountSession,
  CalendarChanges,
  CalendarProvider,
  OutgoingMail,
  ProviderOccurrence,
  ProviderSeries,
  Watch,
} from '../provider.ts';
import { isProviderError, PROVIDER_TIMEOUT_MS } from '../provider-error.ts';
import type { GoogleEndpoints } from './endpoints.ts';
import { occurrenceOf, seriesOf } from './event-mapper.ts';
import { toProviderError } from './google-errors.ts';
import { buildRawMessage } from './mime.ts';

/** The private extended property Carryover tags the events it wrote with. */
export const CARRYOVER_PROPERTY = 'carryover';

/** Safety net against a provider that pages forever. */
const MAX_PAGES = 200;

/**
 * Google Calendar and Gmail through the official per-API clients. This is the only file that imports the Google
 * SDK. Every call passes its root URL in the call options (a root given at construction loses its path prefix,
 * which the sandbox needs) and turns gaxios' own retries off: Carryover's tick decides when to retry, counts it and
 * honours Retry-After, and never re-sends a POST such as a mail send.
 */
export function createGoogleProvider(
  endpoints: GoogleEndpoints,
  { timeoutMs = PROVIDER_TIMEOUT_MS }: { timeoutMs?: number } = {},
): CalendarProvider {
  const cal = calendar({ version: 'v3' });
  const mail = gmail({ version: 'v1' });

  const options = async (session: AccountSession, root: string, headers: Record<string, string> = {}) => ({
    rootUrl: root,
    retry: false,
    timeout: timeoutMs,
    headers: { Authorization: `Bearer ${await session.accessToken()}`, ...headers },
  });

  async function run<T>(doing: string, call: () => Promise<{ data: T }>): Promise<T> {
    try {
      return (await call()).data;
    } catch (error) {
      throw toProviderError(error, doing);
    }
  }

  return {
    name: 'google',
    descriptionFormat: 'html',

    // 'primary' names the account's own calendar without the extra calendarList scope.
    async primaryCalendarId() {
      return 'primary';
    },

    async listChanges(session, calendarId, cursor): Promise<CalendarChanges> {
      const series = new Map<string, ProviderSeries>();
      const touched = new Map<string, { seriesId: string; instanceId: string; etag: string }>();
      let pageToken: string | undefined;
      // singleEvents=false: masters, exceptions and cancellations, which is what a 1:1 watcher needs. The query
      // must be identical on every page; the sync token comes only on the last one.
      for (let page = 0; page < MAX_PAGES; page++) {
        const result: calendar_v3.Schema$Events = await run('events.list', async () =>
          cal.events.list(
            {
              calendarId,
              singleEvents: false,
              showDeleted: true,
              maxResults: 250,
              ...(cursor ? { syncToken: cursor } : {}),
              ...(pageToken ? { pageToken } : {}),
            },
            await options(session, endpoints.calendarRoot),
          ),
        );
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
        };
      }
      throw toProviderError(new Error(`more than ${MAX_PAGES} pages`), 'events.list');
    },

    async upcomingOccurrences(session, calendarId, providerSeriesId, from, limit): Promise<ProviderOccurrence[]> {
      // timeMin bounds the instance's END (exclusive), so a meeting in progress is still listed. No timeMax:
      // a quarterly 1:1 must be found however far away its next meeting is.
      const result = await run('events.instances', async () =>
        cal.events.instances(
          { calendarId, eventId: providerSeriesId, timeMin: from.toISOString(), maxResults: limit, showDeleted: true },
          await options(session, endpoints.calendarRoot),
        ),
      );
      // The list carries the calendar's zone, which all-day instances (a date, no time) are read in.
      return (result.items ?? [])
        .map((event) => occurrenceOf(event, result.timeZone ?? 'UTC'))
        .filter((o): o is ProviderOccurrence => o !== undefined);
    },

    async getSeries(session, calendarId, providerSeriesId) {
      try {
        const event = await run('events.get', async () =>
          cal.events.get({ calendarId, eventId: providerSeriesId }, await options(session, endpoints.calendarRoot)),
        );
        return seriesOf(event, session.email);
      } catch (error) {
        if (isProviderError(error, 'gone', 'not-found')) return undefined;
        throw error;
      }
    },

    async getOccurrence(session, calendarId, instanceId) {
      const event = await run('events.get', async () =>
        cal.events.get({ calendarId, eventId: instanceId }, await options(session, endpoints.calendarRoot)),
      );
      const occurrence = occurrenceOf(event, event.start?.timeZone ?? 'UTC');
      if (!occurrence) throw toProviderError(new Error(`event ${instanceId} has no usable times`), 'events.get');
      return occurrence;
    },

    async writeDescription(session, calendarId, occurrence, description) {
      // If-Match makes the write conditional: a person's edit since our read turns into a 412 we re-merge on.
      // sendUpdates=none: attendees see the new description without an email for every update.
      const event = await run('events.patch', async () =>
        cal.events.patch(
          {
            calendarId,
            eventId: occurrence.instanceId,
            sendUpdates: 'none',
            requestBody: { description, extendedProperties: { private: { [CARRYOVER_PROPERTY]: 'managed-block' } } },
          },
          await options(session, endpoints.calendarRoot, { 'If-Match': occurrence.etag }),
        ),
      );
      return { etag: event.etag ?? '' };
    },

    async watch(session, calendarId, { id, address, token, ttlSeconds }): Promise<Watch> {
      const channel = await run('events.watch', async () =>
        cal.events.watch(
          { calendarId, requestBody: { id, type: 'web_hook', address, token, params: { ttl: String(ttlSeconds) } } },
          await options(session, endpoints.calendarRoot),
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
        await run('channels.stop', async () =>
          cal.channels.stop(
            { requestBody: { id: watch.id, resourceId: watch.resourceId } },
            await options(session, endpoints.calendarRoot),
          ),
        );
      } catch (error) {
        // A channel that already expired or was stopped is what we wanted anyway.
        if (!isProviderError(error, 'not-found')) throw error;
      }
    },

    async sendMail(session, message: OutgoingMail) {
      const raw = buildRawMessage({ ...message, from: { email: session.email }, unique: crypto.randomUUID() });
      const sent = await run('gmail.messages.send', async () =>
        mail.users.messages.send({ userId: 'me', requestBody: { raw } }, await options(session, endpoints.gmailRoot)),
      );
      return { messageId: sent.id ?? '' };
    },
  };
}
