/**
 * The Calendar emulator's in-memory store: calendars, events, copies, the store-wide change counter that sync
 * tokens compare against, change notification (coalesced per calendar per operation, for watch channels), and who
 * is on Google Calendar at all.
 */
import { createBoundedTokens } from '../../bounded-tokens.ts';
import { type Persistent, refill } from '../../persistence.ts';
import { createGuestDirectory, type GuestDirectory } from './guests.ts';
import { newOpaqueToken } from './ids.ts';
import type { CalendarCopy, CalendarState, StoredEvent } from './model.ts';

/** Called once per calendar that changed during one synchronous operation. */
export type ChangeListener = (calendarId: string) => void;

/** The store. */
export interface CalendarStore {
  readonly now: () => number;
  /** Which guests have a Google calendar (the others get no copy, only emails). */
  readonly guests: GuestDirectory;
  /** A user's calendar, created on first use. */
  calendar(email: string): CalendarState;
  event(id: string): StoredEvent | undefined;
  addEvent(event: StoredEvent): void;
  /** Records a change to one copy (creating it), giving it a new etag, `updated` and change number. */
  touch(calendarId: string, copyId: string, masterId: string, stamp?: string): CalendarCopy;
  /** The latest change number. */
  lastChange(): number;
  /** A sync token meaning "everything on this calendar up to change `change`". */
  issueSyncToken(calendarId: string, change: number): string;
  /** The change number a sync token stands for, or undefined when it is unknown, expired or someone else's. */
  redeemSyncToken(calendarId: string, token: string): number | undefined;
  /** Makes every outstanding sync token of a calendar invalid (the next use answers 410). */
  expireSyncTokens(calendarId: string): void;
  /** How many sync tokens are held, all calendars together (bounded by `SYNC_TOKENS_PER_CALENDAR` each). */
  syncTokenCount(): number;
  onChange(listener: ChangeListener): void;
  /** Calendars, events, sync tokens and counters, for a standalone sandbox's state file. */
  readonly persistent: Persistent;
}

/**
 * How many sync tokens each calendar keeps: its newest. A client needs only the one it was given last; a few more let
 * it retry a sync whose answer it never got (`drop-after`) and let several clients of one calendar sync side by side.
 * An older token answers 410 `fullSyncRequired`, as Google answers a token it invalidated ("Synchronize resources
 * efficiently": sync tokens are invalidated "for various reasons including token expiration"), and the client does a
 * full sync.
 */
export const SYNC_TOKENS_PER_CALENDAR = 8;

/** Creates an empty store on a clock. */
export function createCalendarStore(clock: () => Date): CalendarStore {
  const calendars = new Map<string, CalendarState>();
  const events = new Map<string, StoredEvent>();
  const syncTokens = createBoundedTokens<{ calendarId: string; change: number }>({
    perOwner: SYNC_TOKENS_PER_CALENDAR,
    ownerOf: (entry) => entry.calendarId,
  });
  const listeners: ChangeListener[] = [];
  const pending = new Set<string>();
  let change = 0;
  let lastEtag = 0;
  const guests = createGuestDirectory();

  function calendar(email: string): CalendarState {
    let state = calendars.get(email);
    if (!state) {
      state = { id: email, timeZone: 'UTC', resourceId: newOpaqueToken(27), copies: new Map() };
      calendars.set(email, state);
    }
    return state;
  }

  function markChanged(calendarId: string): void {
    if (pending.size === 0) {
      // Every write finishes synchronously, so one microtask later the whole operation is done: one notification
      // per calendar per operation, the way one API call makes Google send one `exists` message per channel.
      queueMicrotask(() => {
        const changed = [...pending];
        pending.clear();
        for (const id of changed) for (const listener of listeners) listener(id);
      });
    }
    pending.add(calendarId);
  }

  return {
    now: () => clock().getTime(),
    guests,
    calendar,
    event: (id) => events.get(id),
    addEvent(event) {
      events.set(event.id, event);
    },
    touch(calendarId, copyId, masterId, stamp) {
      const copies = calendar(calendarId).copies;
      const updated = clock().getTime();
      // Etags only need to differ after every change; microsecond-style numbers look like Google's.
      lastEtag = Math.max(lastEtag + 1, updated * 1000);
      const etag = `"${lastEtag}"`;
      change += 1;
      let copy = copies.get(copyId);
      if (copy) {
        copy.updated = updated;
        copy.etag = etag;
        copy.changeSeq = change;
      } else {
        copy = {
          id: copyId,
          masterId,
          ...(stamp !== undefined && { stamp }),
          removed: false,
          privateProperties: {},
          updated,
          etag,
          changeSeq: change,
        };
        copies.set(copyId, copy);
      }
      markChanged(calendarId);
      return copy;
    },
    lastChange: () => change,
    issueSyncToken(calendarId, upTo) {
      const token = newOpaqueToken(28);
      syncTokens.add(token, { calendarId, change: upTo });
      return token;
    },
    redeemSyncToken(calendarId, token) {
      const entry = syncTokens.get(token);
      return entry?.calendarId === calendarId ? entry.change : undefined;
    },
    expireSyncTokens(calendarId) {
      syncTokens.deleteWhere((entry) => entry.calendarId === calendarId);
    },
    syncTokenCount: () => syncTokens.size,
    onChange(listener) {
      listeners.push(listener);
    },
    persistent: {
      save: () => ({
        calendars,
        events,
        syncTokens: syncTokens.entries(),
        change,
        lastEtag,
        guests: guests.persistent.save(),
      }),
      load(saved) {
        const state = saved as {
          calendars: unknown;
          events: unknown;
          syncTokens: unknown;
          change: number;
          lastEtag: number;
          guests: unknown;
        };
        refill(calendars, state.calendars);
        refill(events, state.events);
        syncTokens.load(state.syncTokens as Map<string, { calendarId: string; change: number }>);
        change = state.change;
        lastEtag = state.lastEtag;
        guests.persistent.load(state.guests);
      },
    },
  };
}
