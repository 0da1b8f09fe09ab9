/**
 * Push notifications (Calendar v3 "Push notifications"): `events.watch` opens a channel on a calendar's events;
 * the sandbox POSTs a `sync` message first (message number 1), then one `exists` message per channel after each
 * operation that changed something visible on that calendar. Messages carry no body, only the documented
 * `X-Goog-*` headers. Channels never renew: past `expiration` (by the sandbox clock) they go quiet and are dropped.
 * As on Google, the address must be HTTPS (400 `push.webhookUrlNotHttps`) unless the sandbox runs with
 * `allowHttpPush`, its own allowance for tests and demos served over plain http on loopback.
 */
import type { calendar_v3 } from '@googleapis/calendar';
import * as v from 'valibot';
import type { DeliveryQueue } from '../../deliveries.ts';
import { type Persistent, refill } from '../../persistence.ts';
import { GoogleApiError, googleErrors } from '../errors.ts';
import type { CalendarStore } from './store.ts';

/** An open notification channel. */
interface Channel {
  readonly id: string;
  readonly resourceId: string;
  readonly resourceUri: string;
  readonly token?: string;
  readonly address: string;
  readonly expiration: number;
  readonly calendarId: string;
  readonly owner: string;
  messageNumber: number;
}

/** The channels of the Calendar emulator. */
export interface Channels {
  /** events.watch on a calendar, by its owner; `resourceUri` is the watched collection's URL. */
  watch(calendarId: string, owner: string, body: unknown, resourceUri: string): calendar_v3.Schema$Channel;
  /** channels.stop; 404 when no such channel (with that resource id) belongs to the caller. */
  stop(owner: string, body: unknown): void;
  /** Whether notifications for a user's calendar are being dropped (a simulated outage). */
  setPaused(email: string, paused: boolean): void;
  /** The open channels, for a standalone sandbox's state file. */
  readonly persistent: Persistent;
}

/** Calendar v3: "If you don't specify a TTL, the default is 604800 seconds" (one week). */
const DEFAULT_TTL_SECONDS = 604_800;

const WatchBody = v.object({
  id: v.pipe(v.string(), v.minLength(1), v.maxLength(64)),
  type: v.string(),
  address: v.pipe(v.string(), v.url()),
  token: v.nullish(v.pipe(v.string(), v.maxLength(256))),
  expiration: v.nullish(v.union([v.string(), v.number()])),
  params: v.nullish(v.object({ ttl: v.nullish(v.string()) })),
});

// The push guide's stop request names both: the channel id and the resource id the watch answered.
const StopBody = v.object({ id: v.string(), resourceId: v.string() });

/** Opens channels on a store, delivering through a queue; `allowHttp` lets `http://` addresses in. */
export function createChannels(
  store: CalendarStore,
  queue: DeliveryQueue,
  { allowHttp }: { readonly allowHttp: boolean },
): Channels {
  const channels = new Map<string, Channel>();
  const paused = new Set<string>();

  function send(channel: Channel, state: 'sync' | 'exists'): void {
    channel.messageNumber += 1;
    // A paused user's notifications are lost, not delayed, and their numbers are used up: a receiver can see the gap.
    if (paused.has(channel.owner)) return;
    const headers = new Headers({
      'X-Goog-Channel-ID': channel.id,
      'X-Goog-Channel-Expiration': new Date(channel.expiration).toUTCString(),
      'X-Goog-Resource-ID': channel.resourceId,
      'X-Goog-Resource-URI': channel.resourceUri,
      'X-Goog-Resource-State': state,
      'X-Goog-Message-Number': String(channel.messageNumber),
    });
    if (channel.token !== undefined) headers.set('X-Goog-Channel-Token', channel.token);
    queue.enqueue(`google:${channel.id}`, new Request(channel.address, { method: 'POST', headers }));
  }

  store.onChange((calendarId) => {
    const now = store.now();
    for (const channel of channels.values()) {
      if (channel.calendarId !== calendarId) continue;
      if (now >= channel.expiration) channels.delete(channel.id);
      else send(channel, 'exists');
    }
  });

  return {
    watch(calendarId, owner, json, resourceUri) {
      const parsed = v.safeParse(WatchBody, json);
      if (!parsed.success) {
        const path = parsed.issues[0] ? v.getDotPath(parsed.issues[0]) : null;
        throw googleErrors.invalid(`Invalid value for: ${path ?? 'body'}`, path ?? undefined);
      }
      const body = parsed.output;
      if (body.type !== 'web_hook' && body.type !== 'webhook')
        throw googleErrors.invalid('Invalid channel type.', 'type');
      if (new URL(body.address).protocol !== 'https:' && !allowHttp) {
        throw googleErrors.webhookUrlNotHttps(body.address);
      }
      const existing = channels.get(body.id);
      if (existing && store.now() < existing.expiration) {
        throw new GoogleApiError(400, 'channelIdNotUnique', `Channel id ${body.id} not unique`, { domain: 'push' });
      }
      const now = store.now();
      const ttl = body.params?.ttl == null ? DEFAULT_TTL_SECONDS : Number(body.params.ttl);
      if (!Number.isFinite(ttl) || ttl <= 0) throw googleErrors.invalid('Invalid ttl.', 'params.ttl');
      const requested = body.expiration == null ? undefined : Number(body.expiration);
      const expiration = Math.min(now + ttl * 1000, requested !== undefined && requested > now ? requested : Infinity);
      const channel: Channel = {
        id: body.id,
        resourceId: store.calendar(calendarId).resourceId,
        resourceUri,
        ...(body.token != null && { token: body.token }),
        address: body.address,
        expiration,
        calendarId,
        owner,
        messageNumber: 0,
      };
      channels.set(channel.id, channel);
      send(channel, 'sync');
      return {
        kind: 'api#channel',
        id: channel.id,
        resourceId: channel.resourceId,
        resourceUri: channel.resourceUri,
        ...(channel.token !== undefined && { token: channel.token }),
        expiration: String(channel.expiration),
      };
    },
    stop(owner, json) {
      const parsed = v.safeParse(StopBody, json);
      if (!parsed.success) {
        const missing = json && typeof json === 'object' && 'id' in json ? 'resourceId' : 'id';
        throw googleErrors.required(`Required parameter: ${missing}`, missing);
      }
      const channel = channels.get(parsed.output.id);
      if (!channel || channel.owner !== owner || channel.resourceId !== parsed.output.resourceId) {
        throw new GoogleApiError(404, 'notFound', `Channel '${parsed.output.id}' not found`);
      }
      channels.delete(channel.id);
    },
    persistent: {
      save: () => ({ channels, paused }),
      load(saved) {
        const state = saved as { channels: unknown; paused: unknown };
        refill(channels, state.channels);
        refill(paused, state.paused);
      },
    },
    setPaused(email, isPaused) {
      if (isPaused) paused.add(email);
      else paused.delete(email);
    },
  };
}
