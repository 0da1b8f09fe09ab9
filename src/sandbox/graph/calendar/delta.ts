/**
 * `GET /me/calendarView/delta` (Graph "event: delta", "Get incremental changes to events in a calendar view"): a
 * round of pages linked by `@odata.nextLink` (`$skiptoken`) ending in an `@odata.deltaLink` (`$deltatoken`); the
 * window of the first request is baked into the tokens. A round started from a deltaLink returns only what changed
 * since: new and changed occurrences, exceptions and single events in full, and whatever was deleted or left the
 * window as `{ id, '@removed': { reason: 'deleted' } }`. Series masters are not returned — delta carries instances,
 * each with its `seriesMasterId`. `$select`, `$filter`, `$expand`, `$orderby` and `$top` are not supported there.
 *
 * A token remembers what the client was sent (each item's changeKey), so a round computes exactly the difference.
 * A page token continues the answer computed for the round's first page: changes made while a client pages show up
 * in its next round. An unknown token answers 410 `syncStateNotFound`; `expire-delta-tokens` makes a mailbox's
 * tokens answer 410 or 400 ("a 40X-series error with error codes such as syncStateNotFound", delta query overview,
 * "Token duration") with `syncStateNotFound` or `resyncRequired`. Pages hold `Prefer: odata.maxpagesize` items (10
 * when not asked, at most 1000).
 */

import { createBoundedTokens } from '../../bounded-tokens.ts';
import type { Persistent } from '../../persistence.ts';
import { graphErrors } from '../errors.ts';
import { randomToken } from '../ids.ts';
import type { Mailbox } from './model.ts';
import { maxPageSize } from './query.ts';
import type { GraphEvent, View } from './render.ts';
import { context, itemsInWindow, odataUrl, type TimeWindow } from './views.ts';

/** A removal as delta reports it. */
export interface RemovedItem {
  readonly '@odata.type': '#microsoft.graph.event';
  readonly id: string;
  readonly '@removed': { readonly reason: 'deleted' };
}

/** A delta page. */
export interface DeltaPage {
  readonly '@odata.context': string;
  readonly '@odata.nextLink'?: string;
  readonly '@odata.deltaLink'?: string;
  readonly value: (GraphEvent | RemovedItem)[];
}

/** What a delta request asks. */
export interface DeltaRequest {
  readonly mailbox: Mailbox;
  readonly url: URL;
  readonly view: View;
  readonly prefer: string | undefined;
}

interface SyncState {
  readonly owner: string;
  readonly generation: number;
  readonly window: TimeWindow;
  /** Item id → changeKey, as of the end of the round that issued the token. */
  readonly seen: ReadonlyMap<string, string>;
}

interface PendingRound extends SyncState {
  readonly remaining: readonly (GraphEvent | RemovedItem)[];
}

/** Delta rounds and their tokens. */
export interface DeltaRounds {
  /** Answers one delta request (first page of a round, a `$skiptoken` page, or a `$deltatoken` round). */
  page(request: DeltaRequest, window: () => TimeWindow): DeltaPage;
  /** Delta and skip tokens, for a standalone sandbox's state file. */
  readonly persistent: Persistent;
  /** How many delta and skip tokens are held, all mailboxes together. */
  tokenCounts(): { readonly deltaTokens: number; readonly skipTokens: number };
}

/**
 * How many delta tokens each mailbox keeps: its newest. Graph keeps Outlook delta tokens in "the internal delta token
 * cache … after the cache capacity is exceeded, the older delta tokens are deleted" (delta query overview, "Token
 * duration"). A client needs only its last deltaLink; a few more let it retry a round it never got the answer of and
 * let several clients of one mailbox run side by side. An older token answers 410 `syncStateNotFound`, as an unknown
 * one always has here, and the client starts a full round.
 */
export const DELTA_TOKENS_PER_MAILBOX = 8;

/**
 * How many skip tokens (pages of rounds under way) each mailbox keeps: its newest. A round is paged one nextLink after
 * another, so each round needs one live skip token (two while a page is retried); 16 lets several rounds of one
 * mailbox page at once. Each holds the rest of its round, so abandoned rounds must not pile up. An older one answers
 * 410 `syncStateNotFound` (how long Graph keeps a skip token is undocumented).
 */
export const SKIP_TOKENS_PER_MAILBOX = 16;

const DEFAULT_PAGE_SIZE = 10;
const UNSUPPORTED = ['$select', '$filter', '$expand', '$orderby', '$top', '$search'];

/** Creates an empty token store. */
export function createDeltaRounds(): DeltaRounds {
  const deltaTokens = createBoundedTokens<SyncState>({
    perOwner: DELTA_TOKENS_PER_MAILBOX,
    ownerOf: (state) => state.owner,
  });
  const skipTokens = createBoundedTokens<PendingRound>({
    perOwner: SKIP_TOKENS_PER_MAILBOX,
    ownerOf: (round) => round.owner,
  });

  function live<T extends SyncState>(state: T | undefined, mailbox: Mailbox): T {
    if (!state || state.owner !== mailbox.email) throw graphErrors.syncStateNotFound();
    if (state.generation !== mailbox.deltaGeneration) {
      const resync = mailbox.deltaResetCode === 'resyncRequired';
      if (mailbox.deltaResetStatus === 400) {
        throw resync ? graphErrors.resyncRequired400() : graphErrors.syncStateNotFound400();
      }
      throw resync ? graphErrors.resyncRequired() : graphErrors.syncStateNotFound();
    }
    return state;
  }

  function startRound(request: DeltaRequest, window: TimeWindow, since: ReadonlyMap<string, string> | undefined) {
    const { mailbox, view } = request;
    const items = itemsInWindow(mailbox, window);
    const seen = new Map(items.map((item) => [item.id, item.changeKey]));
    const value: (GraphEvent | RemovedItem)[] = [];
    for (const item of items) {
      if (since?.get(item.id) === item.changeKey) continue;
      value.push({ '@odata.type': '#microsoft.graph.event', ...item.render(view) });
    }
    for (const id of since?.keys() ?? []) {
      if (!seen.has(id)) value.push({ '@odata.type': '#microsoft.graph.event', id, '@removed': { reason: 'deleted' } });
    }
    return { owner: mailbox.email, generation: mailbox.deltaGeneration, window, seen, remaining: value };
  }

  function answer(request: DeltaRequest, round: PendingRound): DeltaPage {
    const size = maxPageSize(request.prefer) ?? DEFAULT_PAGE_SIZE;
    const link = new URL(`${request.url.origin}${request.url.pathname}`);
    const base: Omit<DeltaPage, 'value'> = {
      '@odata.context': `${context(request.url, request.mailbox, 'events')}/delta`,
    };
    if (round.remaining.length > size) {
      const token = randomToken(40);
      skipTokens.add(token, { ...round, remaining: round.remaining.slice(size) });
      link.searchParams.set('$skiptoken', token);
      return { ...base, '@odata.nextLink': odataUrl(link), value: round.remaining.slice(0, size) };
    }
    const token = randomToken(40);
    deltaTokens.add(token, {
      owner: round.owner,
      generation: round.generation,
      window: round.window,
      seen: round.seen,
    });
    link.searchParams.set('$deltatoken', token);
    return { ...base, '@odata.deltaLink': odataUrl(link), value: [...round.remaining] };
  }

  return {
    persistent: {
      save: () => ({ deltaTokens: deltaTokens.entries(), skipTokens: skipTokens.entries() }),
      load(saved) {
        const state = saved as { deltaTokens: Map<string, SyncState>; skipTokens: Map<string, PendingRound> };
        deltaTokens.load(state.deltaTokens);
        skipTokens.load(state.skipTokens);
      },
    },
    tokenCounts: () => ({ deltaTokens: deltaTokens.size, skipTokens: skipTokens.size }),
    page(request, window) {
      const params = request.url.searchParams;
      for (const name of UNSUPPORTED) {
        if (params.has(name))
          throw graphErrors.badRequest(`${name} is not supported with change tracking over calendarView.`);
      }
      const skip = params.get('$skiptoken');
      if (skip !== null) return answer(request, live(skipTokens.get(skip), request.mailbox));
      const delta = params.get('$deltatoken');
      if (delta !== null) {
        const state = live(deltaTokens.get(delta), request.mailbox);
        return answer(request, startRound(request, state.window, state.seen));
      }
      return answer(request, startRound(request, window(), undefined));
    },
  };
}
