import type { Event } from '@microsoft/microsoft-graph-types';
import { recordProviderCall } from '../../observability/metrics.ts';
import type { AccountSession, CalendarChanges, CalendarProvider, ProviderOccurrence, Watch } from '../provider.ts';
import type { ProviderCallObserver } from '../provider-calls.ts';
import { PROVIDER_TIMEOUT_MS } from '../provider-error.ts';
import type { MicrosoftEndpoints } from './endpoints.ts';
import { occurrenceOf, seriesOf, unmappedZones } from './event-mapper.ts';
import { graphClient } from './graph-client.ts';
import { toProviderError } from './graph-errors.ts';
import type { Page } from './graph-pages.ts';
import { createSubscription, deleteSubscription, renewSubscription } from './graph-subscriptions.ts';
import { type GraphSyncDeps, listGraphChanges, mailboxZone, readItem } from './graph-sync.ts';

/** Instances are listed over this span: a quarterly series' next meeting is within it. */
const INSTANCES_SPAN_MS = 400 * 24 * 3600_000;

/**
 * Outlook through Microsoft Graph. Series are found by listing series masters (a full sync: no window can hide a
 * quarterly 1:1) and followed by calendarView delta over a rolling window (graph-sync.ts); occurrences come from
 * /events/{id}/instances; bodies are HTML and written with If-Match on the @odata.etag; the subscription is renewed
 * in place (graph-subscriptions.ts).
 */
export function createMicrosoftProvider(
  endpoints: MicrosoftEndpoints,
  clock: () => Date,
  {
    timeoutMs = PROVIDER_TIMEOUT_MS,
    masterListing,
    observe = recordProviderCall,
  }: {
    timeoutMs?: number;
    /** How many series masters a full sync reads (default MASTER_LISTING: 50 pages of 100); tests make it small. */
    masterListing?: GraphSyncDeps['masterListing'];
    /** Told about every Graph request (default: this process's metrics). */
    observe?: ProviderCallObserver | undefined;
  } = {},
): CalendarProvider {
  const client = (session: AccountSession) => graphClient(session, endpoints.graphRoot, timeoutMs, observe);
  const sync: GraphSyncDeps = { client, graphRoot: endpoints.graphRoot, clock, masterListing };
  async function run<T>(doing: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toProviderError(error, doing);
    }
  }

  return {
    name: 'microsoft',
    descriptionFormat: 'html',

    async primaryCalendarId() {
      return 'me';
    },

    listChanges(session, _calendarId, cursor, options): Promise<CalendarChanges> {
      return listGraphChanges(sync, session, cursor, options);
    },

    async upcomingOccurrences(session, _calendarId, providerSeriesId, from, limit): Promise<ProviderOccurrence[]> {
      const to = new Date(from.getTime() + INSTANCES_SPAN_MS);
      const path = `/me/events/${encodeURIComponent(providerSeriesId)}/instances?startDateTime=${from.toISOString()}&endDateTime=${to.toISOString()}&$top=${limit}`;
      const graph = client(session);
      const result = await run<Page<Event>>('list instances', () => graph.api(path).get());
      return (result.value ?? [])
        .map(occurrenceOf)
        .filter((o): o is ProviderOccurrence => o !== undefined && o.endsAt > from)
        .sort((a, b) => a.startsAt.getTime() - b.startsAt.getTime())
        .slice(0, limit);
    },

    async getSeries(session, _calendarId, providerSeriesId) {
      const event = await readItem(sync, session, providerSeriesId);
      if (!event) return undefined;
      // The mailbox's zone is read only for a series whose own zone no table maps (rare): one call then.
      const fallback = unmappedZones(event) ? await mailboxZone(sync, session).get() : undefined;
      return seriesOf(event, session.email, fallback);
    },

    async getOccurrence(session, _calendarId, instanceId) {
      const event = await run<Event>('get event', () =>
        client(session)
          .api(`/me/events/${encodeURIComponent(instanceId)}`)
          .get(),
      );
      const occurrence = occurrenceOf(event);
      if (!occurrence) throw toProviderError(new Error(`event ${instanceId} has no usable times`), 'get event');
      return occurrence;
    },

    async writeDescription(session, _calendarId, occurrence, description) {
      // If-Match on the @odata.etag: a person's edit since our read is a 412 we re-merge on. Only the body is sent:
      // each PATCH of a meeting mails its attendees an update whatever it carries (microsoft-graph-docs#2309), and
      // nothing needs a tag — the block's markers say what is Carryover's.
      const updated = await run<Event>('patch event', () =>
        client(session)
          .api(`/me/events/${encodeURIComponent(occurrence.instanceId)}`)
          .header('If-Match', occurrence.etag)
          .patch({ body: { contentType: 'html', content: description } }),
      );
      return { etag: (updated as { '@odata.etag'?: string })['@odata.etag'] ?? '' };
    },

    watch(session, _calendarId, { address, token, ttlSeconds }): Promise<Watch> {
      return createSubscription(client(session), clock(), { address, token, ttlSeconds });
    },

    renewWatch(session, watch, options): Promise<Watch> {
      return renewSubscription(client(session), clock(), watch.id, options);
    },

    stopWatch(session, watch) {
      return deleteSubscription(client(session), watch.id);
    },

    async sendMail(session, mail) {
      await run('sendMail', () =>
        client(session)
          .api('/me/sendMail')
          .post({
            message: {
              subject: mail.subject,
              body: { contentType: 'HTML', content: mail.html },
              toRecipients: mail.to.map((p) => ({ emailAddress: { address: p.email, name: p.name ?? p.email } })),
            },
            saveToSentItems: true,
          }),
      );
      // sendMail answers 202 with no id: accepted, not yet delivered.
      return { messageId: '' };
    },
  };
}
