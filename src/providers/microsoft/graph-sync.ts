import type { Client } from '@microsoft/microsoft-graph-client';
import type { Event } from '@microsoft/microsoft-graph-types';
import type { AccountSession, CalendarChanges, ListChangesOptions, ProviderSeries } from '../provider.ts';
import { isProviderError } from '../provider-error.ts';
import { seriesOf, unmappedZones } from './event-mapper.ts';
import { relativeLink } from './graph-client.ts';
import { toProviderError } from './graph-errors.ts';
import { followPages } from './graph-pages.ts';
import { ianaZone } from './windows-zones.ts';

/**
 * Graph's side of a calendar sync. Series are found by listing series masters
 * (`/me/events?$filter=type eq 'seriesMaster'&$select=…`: no bodies, no single meetings; no window can hide a
 * quarterly 1:1), then followed with `calendarView/delta` over a rolling window restarted daily. Items a change
 * notification named but the window does not cover are read one by one, so a series whose next meeting is months
 * away is known within seconds of being created or changed.
 */

/** Graph's delta is over a time window baked into its token: this one, renewed daily by a fresh full sync. */
const WINDOW_BEHIND_MS = 24 * 3600_000;
const WINDOW_AHEAD_MS = 62 * 24 * 3600_000;
const RESTART_WINDOW_AFTER_MS = 24 * 3600_000;
/**
 * Series masters read per page and at most per sync: 5,000 series is far past any person's 1:1s. A mailbox with more
 * is listed that far, and the calendar says so, rather than a sync that never finishes.
 */
export const MASTER_LISTING = { perPage: 100, maxPages: 50 } as const;
/** Delta pages asked of Graph (`Prefer: odata.maxpagesize`): Graph's default is 10 items. */
const DELTA_PAGE_SIZE = 100;
/** What `seriesOf` reads of a master: listing it without bodies keeps a full sync small. */
export const SERIES_FIELDS = [
  'id',
  'iCalUId',
  'subject',
  'type',
  'seriesMasterId',
  'organizer',
  'attendees',
  'isOrganizer',
  'isCancelled',
  'originalStartTimeZone',
  'start',
  'recurrence',
].join(',');

interface DeltaCursor {
  readonly deltaLink: string;
  readonly windowStart: string;
  /** When this window was opened by a full sync; it is restarted a day later. */
  readonly openedAt: string;
  /** The mailbox's own zone (IANA), once a sync needed it; read again with each new window. */
  readonly mailboxZone?: string;
}

type DeltaItem = Event & { '@removed'?: unknown; '@odata.etag'?: string };

/** What a Graph sync needs: a client for the account, Graph's root, the clock, and the master listing's bound. */
export interface GraphSyncDeps {
  readonly client: (session: AccountSession) => Client;
  readonly graphRoot: string;
  readonly clock: () => Date;
  readonly masterListing?: { readonly perPage: number; readonly maxPages: number } | undefined;
}

/**
 * The mailbox's own zone (IANA), read once per sync at most and only when an event names a zone no table maps
 * (`tzone://Microsoft/Custom`). What could not be read is said in `warnings`, never taken to be UTC silently.
 */
export function mailboxZone(deps: GraphSyncDeps, session: AccountSession, known?: string) {
  let zone: Promise<string | undefined> | undefined = known ? Promise.resolve(known) : undefined;
  const warnings: string[] = [];
  const read = async (): Promise<string | undefined> => {
    let named: string | undefined;
    try {
      named = (await deps.client(session).api('/me/mailboxSettings/timeZone').get()).value as string | undefined;
    } catch (error) {
      const failure = toProviderError(error, 'get mailboxSettings');
      // A grant from before Carryover asked for MailboxSettings.Read: say what reconnecting would fix, sync on.
      if (failure.details.status !== 403) throw failure;
      warnings.push(
        "Some meetings use a time zone Outlook could not name, and Carryover may not read your mailbox's time zone: reconnect Outlook to allow it.",
      );
      return undefined;
    }
    const mapped = ianaZone(named);
    if (!mapped) warnings.push(`Your mailbox's time zone "${named ?? ''}" is not one Carryover can place.`);
    return mapped;
  };
  return {
    /** The zone, read from Graph the first time it is asked for. */
    get: () => {
      zone ??= read();
      return zone;
    },
    /** The zone if it was read (for the cursor). */
    async known(): Promise<string | undefined> {
      return zone ? await zone : undefined;
    },
    warnings,
  };
}

/** A master as a provider series, the mailbox's zone standing in for one no table maps. */
async function seriesFrom(event: Event, session: AccountSession, zone: ReturnType<typeof mailboxZone>) {
  return seriesOf(event, session.email, unmappedZones(event) ? await zone.get() : undefined);
}

/** One item read by id, with the fields a series needs; undefined when it is gone from the calendar. */
export async function readItem(deps: GraphSyncDeps, session: AccountSession, id: string): Promise<Event | undefined> {
  try {
    return await deps
      .client(session)
      .api(`/me/events/${encodeURIComponent(id)}?$select=${SERIES_FIELDS}`)
      .get();
  } catch (error) {
    const failure = toProviderError(error, 'get event');
    if (isProviderError(failure, 'not-found', 'gone')) return undefined;
    throw failure;
  }
}

/** A series gone from this calendar (its master deleted), as the lifecycle reads it. */
function goneSeries(id: string, session: AccountSession): ProviderSeries {
  return { ...seriesOf({ id }, session.email), cancelled: true, organizedBySelf: true };
}

/** Changes since the cursor: every series master on a full sync, then delta, then the notified items not covered. */
export async function listGraphChanges(
  deps: GraphSyncDeps,
  session: AccountSession,
  cursor: string | null,
  options: ListChangesOptions = {},
): Promise<CalendarChanges> {
  const now = deps.clock();
  const parsed = cursor ? (JSON.parse(cursor) as DeltaCursor) : undefined;
  const full = !parsed?.openedAt || now.getTime() - new Date(parsed.openedAt).getTime() > RESTART_WINDOW_AFTER_MS;
  const zone = mailboxZone(deps, session, full ? undefined : parsed?.mailboxZone);
  const warnings: string[] = [];
  const series = new Map<string, ProviderSeries>();
  const client = deps.client(session);

  if (full || options.notifiedItems === 'too-many') {
    // Every series master, wherever its next meeting is; only the fields a series needs.
    const { perPage, maxPages } = deps.masterListing ?? MASTER_LISTING;
    const masters = await followPages<Event>(
      client,
      `/me/events?$filter=type eq 'seriesMaster'&$select=${SERIES_FIELDS}&$top=${perPage}`,
      { doing: 'list series masters', graphRoot: deps.graphRoot, maxPages },
    );
    for (const event of masters.items) {
      if (event.id) series.set(event.id, await seriesFrom(event, session, zone));
    }
    if (masters.truncated) {
      warnings.push(
        `This calendar has more than ${perPage * maxPages} recurring series; Carryover read the first ${masters.items.length} in full and follows changes to the others as they happen.`,
      );
    }
  }

  const windowStart = full ? new Date(now.getTime() - WINDOW_BEHIND_MS) : new Date(parsed!.windowStart);
  const first = full
    ? `/me/calendarView/delta?startDateTime=${windowStart.toISOString()}&endDateTime=${new Date(windowStart.getTime() + WINDOW_BEHIND_MS + WINDOW_AHEAD_MS).toISOString()}`
    : relativeLink(parsed!.deltaLink, deps.graphRoot);
  // No page cap: a big window takes more pages, never a sync that can only fail; a repeated page ends the round.
  const delta = await followPages<DeltaItem>(client, first, {
    doing: 'calendarView delta',
    graphRoot: deps.graphRoot,
    headers: { Prefer: `odata.maxpagesize=${DELTA_PAGE_SIZE}` },
  });
  if (!delta.deltaLink) throw toProviderError(new Error('delta ended without a deltaLink'), 'calendarView delta');

  const touched: CalendarChanges['touchedOccurrences'][number][] = [];
  const masters = new Set<string>();
  const covered = new Set<string>();
  for (const item of delta.items) {
    if (!item.id) continue;
    covered.add(item.id);
    if (item['@removed']) {
      touched.push({ seriesId: null, instanceId: item.id, etag: '' });
      continue;
    }
    if (!item.seriesMasterId) continue; // single meetings are not 1:1 series
    masters.add(item.seriesMasterId);
    touched.push({ seriesId: item.seriesMasterId, instanceId: item.id, etag: item['@odata.etag'] ?? '' });
  }
  // Delta carries instances, not masters: read each changed series' master to judge it again.
  for (const id of masters) {
    covered.add(id);
    if (series.has(id)) continue;
    const event = await readItem(deps, session, id);
    series.set(id, event ? await seriesFrom(event, session, zone) : goneSeries(id, session));
  }
  // What notifications named beyond the window: a series whose meetings are all months away, or its master.
  if (Array.isArray(options.notifiedItems)) {
    for (const id of options.notifiedItems) {
      if (covered.has(id) || series.has(id)) continue;
      covered.add(id);
      const item = await readItem(deps, session, id);
      if (!item) {
        series.set(id, goneSeries(id, session));
        continue;
      }
      const masterId = item.type === 'seriesMaster' ? item.id : item.seriesMasterId;
      if (!masterId || series.has(masterId)) continue;
      const master = masterId === item.id ? item : await readItem(deps, session, masterId);
      series.set(masterId, master ? await seriesFrom(master, session, zone) : goneSeries(masterId, session));
    }
  }

  const known = await zone.known();
  warnings.push(...zone.warnings);
  return {
    series: [...series.values()],
    touchedOccurrences: touched,
    cursor: JSON.stringify({
      deltaLink: delta.deltaLink,
      windowStart: windowStart.toISOString(),
      openedAt: full ? now.toISOString() : parsed!.openedAt,
      ...(known ? { mailboxZone: known } : {}),
    } satisfies DeltaCursor),
    full: full || options.notifiedItems === 'too-many',
    ...(warnings.length > 0 ? { warning: warnings.join(' ') } : {}),
  };
}
