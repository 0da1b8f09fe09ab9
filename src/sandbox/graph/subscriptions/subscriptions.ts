/**
 * Change notification subscriptions on a user's events (Graph "Create subscription", "Update subscription",
 * "Delete subscription", "subscription: reauthorize"; "Change notifications for Outlook resources"). Creation first
 * validates the notification URL (and the lifecycle URL, when given); then every created / updated / deleted item
 * in the mailbox is POSTed to the notification URL as a `changeNotificationCollection` — through the shared delivery
 * queue, retried on 5xx and network failures, dropped after a few tries. As Graph warns ("expect duplicate
 * notifications"), an `updated` change is deliberately delivered twice. Subscriptions live at most 10080 minutes
 * (Outlook events) and stop by the sandbox clock. As on Graph, `notificationUrl` and `lifecycleNotificationUrl` must
 * be https (400 `InvalidRequest` "NotificationUrl scheme='http' is not supported.", microsoft-graph-docs#2751) unless
 * the sandbox allows http, as it does by default so that tests and the demo run on plain localhost; and a mailbox
 * holds at most 1,000 active subscriptions ("A maximum of 1000 active subscriptions per mailbox for all applications
 * is allowed"): past that, creation answers 403 `ExtensionError` naming the limit (microsoft-graph-docs#21403).
 * Renewing (PATCH `expirationDateTime`) and reauthorizing validate nothing again.
 */
import type {
  ChangeNotification,
  ChangeNotificationCollection,
  ChangeType,
  LifecycleEventType,
  ResourceData,
  Subscription,
} from '@microsoft/microsoft-graph-types';
import * as v from 'valibot';
import type { Deliver, DeliveryQueue } from '../../deliveries.ts';
import { type Persistent, refill } from '../../persistence.ts';
import { etagOf } from '../calendar/render.ts';
import { resolveTarget } from '../calendar/series.ts';
import type { GraphStore, ItemChange } from '../calendar/store.ts';
import { GraphApiError, graphErrors } from '../errors.ts';
import { SANDBOX_TENANT_ID, stableGuid } from '../ids.ts';
import { validateEndpoint, validationMessage } from './validation.ts';

/** Outlook resources: "Maximum length of subscription per resource type … 10,080 minutes (under 7 days)". */
export const MAX_LIFETIME_MINUTES = 10_080;
/** "Any value under 45 minutes after the time of the request is automatically set to 45 minutes." */
const MIN_LIFETIME_MINUTES = 45;
const CHANGE_TYPES: readonly ChangeType[] = ['created', 'updated', 'deleted'];
/** "A maximum of 1000 active subscriptions per mailbox for all applications is allowed" (Outlook resources). */
export const MAX_SUBSCRIPTIONS_PER_MAILBOX = 1000;
/** The app the sandbox reports as `applicationId`. */
export const SANDBOX_APPLICATION_ID = stableGuid('carryover-sandbox-application');

/** `resourceData` of Outlook resources ("resourceData resource type": `@odata.type`, `@odata.id`, `@odata.etag`, `id`). */
interface OutlookResourceData extends ResourceData {
  readonly '@odata.type': string;
  readonly '@odata.id': string;
  readonly '@odata.etag'?: string;
  readonly id: string;
}

interface StoredSubscription {
  readonly id: string;
  readonly owner: string;
  readonly creatorId: string;
  readonly resource: string;
  readonly changeTypes: readonly ChangeType[];
  readonly notificationUrl: string;
  readonly lifecycleNotificationUrl: string | undefined;
  readonly clientState: string | undefined;
  expiration: number;
}

/** How the subscription table behaves where the sandbox may differ from Graph on purpose. */
export interface SubscriptionOptions {
  /** Accept `http://` notification URLs (Graph refuses them). */
  readonly allowHttp: boolean;
}

const CreateBody = v.object({
  changeType: v.string(),
  notificationUrl: v.pipe(v.string(), v.url()),
  lifecycleNotificationUrl: v.nullish(v.pipe(v.string(), v.url())),
  resource: v.string(),
  expirationDateTime: v.string(),
  clientState: v.nullish(v.string()),
  includeResourceData: v.nullish(v.boolean()),
});

const UpdateBody = v.object({ expirationDateTime: v.string() });

/** The subscriptions of the emulator. */
export interface Subscriptions {
  create(owner: string, userId: string, body: unknown): Promise<Subscription>;
  list(owner: string): Subscription[];
  get(owner: string, id: string): Subscription;
  renew(owner: string, id: string, body: unknown): Subscription;
  remove(owner: string, id: string): void;
  reauthorize(owner: string, id: string): void;
  /** Sends a lifecycle notification (removing the subscription for `subscriptionRemoved`); false when unknown. */
  lifecycle(id: string, event: LifecycleEventType): 'sent' | 'unknown' | 'no-lifecycle-url';
  /** Whether a user's change notifications are being lost (a simulated outage). */
  setPaused(email: string, paused: boolean): void;
  /** The subscriptions, for a standalone sandbox's state file. */
  readonly persistent: Persistent;
}

/** Creates the subscription table on a store, validating through `deliver` and notifying through `queue`. */
export function createSubscriptions(
  store: GraphStore,
  queue: DeliveryQueue,
  deliver: Deliver,
  { allowHttp }: SubscriptionOptions = { allowHttp: true },
): Subscriptions {
  const subscriptions = new Map<string, StoredSubscription>();
  const paused = new Set<string>();

  function alive(id: string, owner?: string): StoredSubscription | undefined {
    const subscription = subscriptions.get(id);
    if (subscription && store.now() >= subscription.expiration) {
      // Graph deletes expired subscriptions: they stop delivering and can no longer be renewed.
      subscriptions.delete(id);
      return undefined;
    }
    return subscription && (owner === undefined || subscription.owner === owner) ? subscription : undefined;
  }

  function expirationFrom(text: string): number {
    const requested = Date.parse(text);
    const now = store.now();
    if (Number.isNaN(requested)) throw graphErrors.badRequest(`Invalid expirationDateTime '${text}'.`);
    if (requested <= now) throw graphErrors.badRequest('Subscription expiration can only be in the future.');
    if (requested > now + MAX_LIFETIME_MINUTES * 60_000) {
      throw graphErrors.badRequest(
        `Subscription expiration can only be ${MAX_LIFETIME_MINUTES} minutes in the future.`,
      );
    }
    return Math.max(requested, now + MIN_LIFETIME_MINUTES * 60_000);
  }

  function notify(subscription: StoredSubscription, change: ItemChange): void {
    const mailbox = store.mailbox(subscription.owner);
    const resource = `Users/${mailbox.userId}/Events/${change.id}`;
    let etag: string | undefined;
    if (change.changeType !== 'deleted') {
      try {
        const target = resolveTarget(mailbox, change.id);
        etag = etagOf(
          target.kind === 'event'
            ? target.event.version
            : (target.instance.exception?.version ?? target.instance.master.version),
        );
      } catch {
        // Gone again within the same operation: the notification still goes out, without a version to name.
        etag = undefined;
      }
    }
    const resourceData: OutlookResourceData = {
      '@odata.type': '#Microsoft.Graph.Event',
      '@odata.id': resource,
      ...(etag !== undefined && { '@odata.etag': etag }),
      id: change.id,
    };
    const notification: ChangeNotification = {
      subscriptionId: subscription.id,
      subscriptionExpirationDateTime: new Date(subscription.expiration).toISOString(),
      changeType: change.changeType,
      resource,
      resourceData,
      clientState: subscription.clientState ?? null,
      tenantId: SANDBOX_TENANT_ID,
    };
    const copies = change.changeType === 'updated' ? 2 : 1;
    for (let i = 0; i < copies; i++) send(subscription.id, subscription.notificationUrl, { value: [notification] });
  }

  function send(lane: string, url: string, collection: ChangeNotificationCollection): void {
    queue.enqueue(
      `graph:${lane}`,
      new Request(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json; charset=utf-8' },
        body: JSON.stringify(collection),
      }),
    );
  }

  store.onChange((email, changes) => {
    if (paused.has(email)) return;
    for (const subscription of [...subscriptions.values()]) {
      if (subscription.owner !== email || !alive(subscription.id)) continue;
      for (const change of changes)
        if (subscription.changeTypes.includes(change.changeType)) notify(subscription, change);
    }
  });

  function render(subscription: StoredSubscription): Subscription {
    return {
      id: subscription.id,
      resource: subscription.resource,
      applicationId: SANDBOX_APPLICATION_ID,
      changeType: subscription.changeTypes.join(','),
      clientState: subscription.clientState ?? null,
      notificationUrl: subscription.notificationUrl,
      notificationQueryOptions: null,
      lifecycleNotificationUrl: subscription.lifecycleNotificationUrl ?? null,
      expirationDateTime: new Date(subscription.expiration).toISOString(),
      creatorId: subscription.creatorId,
      includeResourceData: false,
      latestSupportedTlsVersion: 'v1_2',
      encryptionCertificate: null,
      encryptionCertificateId: null,
      notificationUrlAppId: null,
    };
  }

  function owned(owner: string, id: string): StoredSubscription {
    const subscription = alive(id, owner);
    if (!subscription) throw graphErrors.resourceNotFound(`The object was not found.`);
    return subscription;
  }

  return {
    async create(owner, userId, json) {
      const parsed = v.safeParse(CreateBody, json);
      if (!parsed.success) {
        const issue = parsed.issues[0];
        throw graphErrors.badRequest(`Invalid value for property '${issue ? v.getDotPath(issue) : 'body'}'.`);
      }
      const body = parsed.output;
      const changeTypes = body.changeType.split(',').map((t) => t.trim()) as ChangeType[];
      if (changeTypes.length === 0 || changeTypes.some((t) => !CHANGE_TYPES.includes(t))) {
        throw graphErrors.badRequest(`Invalid changeType '${body.changeType}'.`);
      }
      const scope = eventsOwner(body.resource, owner, userId);
      if (scope === 'other') throw graphErrors.accessDenied();
      if (scope === 'unsupported') {
        throw graphErrors.badRequest(
          `The sandbox supports subscriptions to a user's events (me/events), not '${body.resource}'.`,
        );
      }
      if ((body.clientState ?? '').length > 128)
        throw graphErrors.badRequest('clientState must be at most 128 characters.');
      if (body.includeResourceData)
        throw graphErrors.badRequest('includeResourceData is not supported by the sandbox.');
      const expiration = expirationFrom(body.expirationDateTime);
      for (const [name, url] of [
        ['NotificationUrl', body.notificationUrl],
        ['LifecycleNotificationUrl', body.lifecycleNotificationUrl ?? undefined],
      ] as const) {
        const scheme = url === undefined ? 'https' : new URL(url).protocol.replace(/:$/, '');
        if (scheme !== 'https' && !(allowHttp && scheme === 'http')) {
          throw graphErrors.invalidRequestCode(`${name} scheme='${scheme}' is not supported.`);
        }
      }
      const active = [...subscriptions.keys()].filter((id) => alive(id, owner)).length;
      if (active >= MAX_SUBSCRIPTIONS_PER_MAILBOX) {
        throw new GraphApiError(
          403,
          'ExtensionError',
          'Operation: Create; Exception: [Status Code: Forbidden; Reason: Maximum number of subscriptions has been reached]',
        );
      }
      for (const url of [body.notificationUrl, body.lifecycleNotificationUrl ?? undefined]) {
        if (url === undefined) continue;
        const failure = await validateEndpoint(deliver, url);
        if (failure) throw graphErrors.validationError(validationMessage(failure));
      }
      const subscription: StoredSubscription = {
        id: crypto.randomUUID(),
        owner,
        creatorId: userId,
        resource: body.resource,
        changeTypes,
        notificationUrl: body.notificationUrl,
        lifecycleNotificationUrl: body.lifecycleNotificationUrl ?? undefined,
        clientState: body.clientState ?? undefined,
        expiration,
      };
      subscriptions.set(subscription.id, subscription);
      return render(subscription);
    },
    list: (owner) =>
      [...subscriptions.keys()].flatMap((id) => {
        const subscription = alive(id, owner);
        return subscription ? [render(subscription)] : [];
      }),
    get: (owner, id) => render(owned(owner, id)),
    renew(owner, id, json) {
      const subscription = owned(owner, id);
      const parsed = v.safeParse(UpdateBody, json);
      if (!parsed.success) throw graphErrors.badRequest('expirationDateTime is required.');
      subscription.expiration = expirationFrom(parsed.output.expirationDateTime);
      return render(subscription);
    },
    remove(owner, id) {
      subscriptions.delete(owned(owner, id).id);
    },
    reauthorize(owner, id) {
      owned(owner, id);
    },
    lifecycle(id, event) {
      const subscription = alive(id);
      if (!subscription) return 'unknown';
      if (!subscription.lifecycleNotificationUrl) return 'no-lifecycle-url';
      const notification: ChangeNotification = {
        subscriptionId: subscription.id,
        subscriptionExpirationDateTime: new Date(subscription.expiration).toISOString(),
        tenantId: SANDBOX_TENANT_ID,
        clientState: subscription.clientState ?? null,
        lifecycleEvent: event,
      };
      send(subscription.id, subscription.lifecycleNotificationUrl, { value: [notification] });
      if (event === 'subscriptionRemoved') subscriptions.delete(subscription.id);
      return 'sent';
    },
    persistent: {
      save: () => ({ subscriptions, paused }),
      load(saved) {
        const state = saved as { subscriptions: unknown; paused: unknown };
        refill(subscriptions, state.subscriptions);
        refill(paused, state.paused);
      },
    },
    setPaused(email, isPaused) {
      if (isPaused) paused.add(email);
      else paused.delete(email);
    },
  };
}

/** Whose events a resource names: `me/events`, `/me/events`, `me/calendar/events`, or `users/{id | upn}/…`. */
function eventsOwner(resource: string, owner: string, userId: string): 'self' | 'other' | 'unsupported' {
  const match = /^\/?(?:me|users\/([^/]+))\/(?:calendar\/)?events$/i.exec(resource.trim());
  if (!match) return 'unsupported';
  const who = match[1]?.toLowerCase();
  return who === undefined || who === owner || who === userId ? 'self' : 'other';
}
