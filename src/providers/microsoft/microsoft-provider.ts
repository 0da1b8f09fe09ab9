import type { Event, Subscription } from '@microsoft/microsoft-graph-types';
import type {
  AccountSession,
  CalendarChanges,
  CalendarProvider,
  ProviderOccurrence,
  ProviderSeries,
  Watch,
} from '../provider.ts';
import { isProviderError, PROVIDER_TIMEOUT_MS } from '../provider-error.ts';
import type { MicrosoftEndpoints } from './endpoints.ts';
import { occurrenceOf, seriesOf } from './event-mapper.ts';
import { graphClient, relativeLink } from './graph-client.ts';
import { toProviderError } from './graph-errors.ts';

/** The single-value extended property Carryover tags the events it wrote with (one fixed id). */
export const CARRYOVER_PROPERTY_ID = 'String {6d2a4c58-2f51-4f0c-9a0e-3c4a2d0b7c11} Name carryover';

/** Graph's delta is over a time window baked into its token: this one, renewed daily by a fresh full sync. */
const WINDOW_BEHIND_MS = 24 * 3600_000;
const WINDOW_AHEAD_MS = 62 * 24 * 3600_000;
const RESTART_WINDOW_AFTER_MS = 24 * 3600_000;
/** Longest a subscription to Outlook events may live (10,080 minutes), less a margin. */
const MAX_SUBSCRIPTION_MS = (10_080 - 60) * 60_000;
/** Instances are listed over this span: a quarterly series' next meeting is within it. */
const INSTANCES_SPAN_MS = 400 * 24 * 3600_000;
/** Safety net against a delta that pages forever (reported). */
const MAX_PAGES = 200;

interface DeltaCursor {
  readonly deltaLink: string;
  readonly windowStart: string;
  /** When this window was opened by a full sync; it is restarted a day later. */
  readonly openedAt: string;
}

interface Page<T> {
  readonly value?: T[];
  readonly '@odata.nextLink'?: string;
  readonly '@odata.deltaLink'?: string;
}

/**
 * Outlook through Microsoft Graph. Series are found by listing series masters (a full sync: no window can hide a
 * quarterly 1:1) and followed by calendarView delta over a rolling window; occurrences come from
 * /events/{id}/instances; bodies are HTML and written with If-Match on the @odata.etag.
 */
export function createMicrosoftProvider(
  endpoints: MicrosoftEndpoints,
  clock: () => Date,
  { timeoutMs = PROVIDER_TIMEOUT_MS }: { timeoutMs?: number } = {},
): CalendarProvider {
  const client = (session: AccountSession) => graphClient(session, endpoints.graphRoot, timeoutMs);
  async function run<T>(doing: string, call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      throw toProviderError(error, doing);
    }
  }

  /** Follows nextLinks to the end; returns the items and the final deltaLink, if any. */
  async function pages<T>(session: AccountSession, first: string, doing: string) {
    const graph = client(session);
    const items: T[] = [];
    const seen = new Set<string>();
    let path: string | undefined = first;
    for (let page = 0; path && page < MAX_PAGES; page++) {
      if (seen.has(path)) break; // the same page twice: Graph's reported endless delta
      seen.add(path);
      const current: string = path;
      const result = await run<Page<T>>(doing, () => graph.api(current).get());
      items.push(...(result.value ?? []));
      if (result['@odata.deltaLink']) return { items, deltaLink: result['@odata.deltaLink'] };
      path = result['@odata.nextLink'] ? relativeLink(result['@odata.nextLink'], endpoints.graphRoot) : undefined;
    }
    return { items, deltaLink: undefined };
  }

  async function master(session: AccountSession, id: string): Promise<Event | undefined> {
    try {
      return await run<Event>('get series master', () =>
        client(session)
          .api(`/me/events/${encodeURIComponent(id)}`)
          .get(),
      );
    } catch (error) {
      if (isProviderError(error, 'not-found', 'gone')) return undefined;
      throw error;
    }
  }

  return {
    name: 'microsoft',
    descriptionFormat: 'html',

    async primaryCalendarId() {
      return 'me';
    },

    async listChanges(session, _calendarId, cursor): Promise<CalendarChanges> {
      const now = clock();
      const parsed = cursor ? (JSON.parse(cursor) as DeltaCursor) : undefined;
      const full = !parsed?.openedAt || now.getTime() - new Date(parsed.openedAt).getTime() > RESTART_WINDOW_AFTER_MS;
      const series = new Map<string, ProviderSeries>();
      if (full) {
        // Every series master, wherever its next meeting is.
        const all = await pages<Event>(session, '/me/events?$top=100', 'list events');
        for (const event of all.items) {
          if (event.type === 'seriesMaster' && event.id) series.set(event.id, seriesOf(event, session.email));
        }
      }
      const windowStart = full ? new Date(now.getTime() - WINDOW_BEHIND_MS) : new Date(parsed!.windowStart);
      const first = full
        ? `/me/calendarView/delta?startDateTime=${windowStart.toISOString()}&endDateTime=${new Date(windowStart.getTime() + WINDOW_BEHIND_MS + WINDOW_AHEAD_MS).toISOString()}`
        : relativeLink(parsed!.deltaLink, endpoints.graphRoot);
      const delta = await pages<Event & { '@removed'?: unknown }>(session, first, 'calendarView delta');
      if (!delta.deltaLink) throw toProviderError(new Error('delta ended without a deltaLink'), 'calendarView delta');

      const touched: CalendarChanges['touchedOccurrences'][number][] = [];
      const masters = new Set<string>();
      for (const item of delta.items) {
        if (!item.id) continue;
        if (item['@removed']) {
          touched.push({ seriesId: null, instanceId: item.id, etag: '' });
          continue;
        }
        if (!item.seriesMasterId) continue; // single meetings are not 1:1 series
        masters.add(item.seriesMasterId);
        touched.push({
          seriesId: item.seriesMasterId,
          instanceId: item.id,
          etag: (item as { '@odata.etag'?: string })['@odata.etag'] ?? '',
        });
      }
      // Delta carries instances, not masters: read each changed series' master to judge it again.
      for (const id of masters) {
        if (series.has(id)) continue;
        const event = await master(session, id);
        series.set(
          id,
          event
            ? seriesOf(event, session.email)
            : { ...seriesOf({ id }, session.email), cancelled: true, organizedBySelf: true },
        );
      }
      return {
        series: [...series.values()],
        touchedOccurrences: touched,
        cursor: JSON.stringify({
          deltaLink: delta.deltaLink,
          windowStart: windowStart.toISOString(),
          openedAt: full ? now.toISOString() : parsed!.openedAt,
        } satisfies DeltaCursor),
      };
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
      const event = await master(session, providerSeriesId);
      return event ? seriesOf(event, session.email) : undefined;
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
      // If-Match on the @odata.etag: a person's edit since our read is a 412 we re-merge on. The extended
      // property tags what Carryover touched.
      const updated = await run<Event>('patch event', () =>
        client(session)
          .api(`/me/events/${encodeURIComponent(occurrence.instanceId)}`)
          .header('If-Match', occurrence.etag)
          .patch({
            body: { contentType: 'html', content: description },
            singleValueExtendedProperties: [{ id: CARRYOVER_PROPERTY_ID, value: 'managed-block' }],
          }),
      );
      return { etag: (updated as { '@odata.etag'?: string })['@odata.etag'] ?? '' };
    },

    async watch(session, _calendarId, { address, token, ttlSeconds }): Promise<Watch> {
      const expires = new Date(clock().getTime() + Math.min(ttlSeconds * 1000, MAX_SUBSCRIPTION_MS));
      const subscription = await run<Subscription>('create subscription', () =>
        client(session)
          .api('/subscriptions')
          .post({
            changeType: 'created,updated,deleted',
            notificationUrl: address,
            lifecycleNotificationUrl: `${address}/lifecycle`,
            resource: 'me/events',
            expirationDateTime: expires.toISOString(),
            clientState: token,
          }),
      );
      return {
        id: subscription.id ?? '',
        resourceId: subscription.id ?? '',
        expiresAt: new Date(subscription.expirationDateTime ?? expires.toISOString()),
      };
    },

    async stopWatch(session, watch) {
      try {
        await run('delete subscription', () =>
          client(session)
            .api(`/subscriptions/${encodeURIComponent(watch.id)}`)
            .delete(),
        );
      } catch (error) {
        if (!isProviderError(error, 'not-found')) throw error;
      }
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
