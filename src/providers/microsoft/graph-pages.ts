import type { Client } from '@microsoft/microsoft-graph-client';
import { ProviderError } from '../provider-error.ts';
import { relativeLink } from './graph-client.ts';
import { toProviderError } from './graph-errors.ts';

/** One page of a Graph collection or delta round. */
export interface Page<T> {
  readonly value?: T[];
  readonly '@odata.nextLink'?: string;
  readonly '@odata.deltaLink'?: string;
}

/** What following a collection's pages gave. */
export interface Paged<T> {
  readonly items: T[];
  /** The round's deltaLink (delta rounds only). */
  readonly deltaLink: string | undefined;
  /** Pages were left unread because `maxPages` was reached. */
  readonly truncated: boolean;
}

/** How to follow pages. */
export interface PageOptions {
  readonly doing: string;
  /** Graph's root, to turn absolute nextLinks into paths the client accepts. */
  readonly graphRoot: string;
  /** Request headers (e.g. `Prefer: odata.maxpagesize=…`), sent with every page. */
  readonly headers?: Readonly<Record<string, string>>;
  /** A bound that leaves the rest unread (and says so) rather than reading forever; none for delta rounds. */
  readonly maxPages?: number;
}

/**
 * Follows `@odata.nextLink`s to the end (or a deltaLink). A link seen twice is Graph's reported endless paging
 * (msgraph-sdk-dotnet#3070: a recurring master's expansion repeats pages): the round cannot finish, so it is a
 * `gone` ProviderError (reason `pageLoop`), which makes the caller start a fresh round rather than loop.
 */
export async function followPages<T>(client: Client, first: string, options: PageOptions): Promise<Paged<T>> {
  const { doing, graphRoot, headers = {}, maxPages = Number.POSITIVE_INFINITY } = options;
  const items: T[] = [];
  const seen = new Set<string>();
  let path: string | undefined = first;
  for (let page = 0; path; page++) {
    if (page >= maxPages) return { items, deltaLink: undefined, truncated: true };
    if (seen.has(path)) {
      throw new ProviderError('gone', `Graph ${doing} repeated a page: starting a fresh round`, { reason: 'pageLoop' });
    }
    seen.add(path);
    const current: string = path;
    let result: Page<T>;
    try {
      result = await client.api(current).headers(headers).get();
    } catch (error) {
      throw toProviderError(error, doing);
    }
    items.push(...(result.value ?? []));
    if (result['@odata.deltaLink']) return { items, deltaLink: result['@odata.deltaLink'], truncated: false };
    path = result['@odata.nextLink'] ? relativeLink(result['@odata.nextLink'], graphRoot) : undefined;
  }
  return { items, deltaLink: undefined, truncated: false };
}
