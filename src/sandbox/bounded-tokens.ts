/**
 * A token store that keeps only the newest few tokens of each owner (a calendar, a mailbox, a grant), forgetting the
 * oldest as new ones are issued — the way the real providers drop old sync state: Google invalidates sync tokens
 * "for various reasons including token expiration" (410, full sync), and Graph keeps Outlook delta tokens in a cache
 * whose oldest entries are deleted once it is full (syncStateNotFound). A forgotten token is simply unknown, so each
 * emulator answers it exactly as it answers any token it never issued. Without this, a sandbox that runs for a day
 * holds every token it ever handed out.
 *
 * ```ts
 * const syncTokens = createBoundedTokens<{ calendarId: string }>({ perOwner: 8, ownerOf: (t) => t.calendarId });
 * ```
 */

/** How many tokens each owner keeps, and whose a token is. */
export interface BoundedTokensOptions<V> {
  readonly perOwner: number;
  readonly ownerOf: (value: V) => string;
}

/** Tokens (opaque strings) and what they stand for, at most `perOwner` per owner. */
export interface BoundedTokens<V> {
  get(token: string): V | undefined;
  /** Stores a token as its owner's newest, forgetting that owner's oldest beyond the bound. */
  add(token: string, value: V): void;
  delete(token: string): void;
  /** Forgets every token whose value passes `test`. */
  deleteWhere(test: (value: V) => boolean): void;
  /** How many tokens are held, all owners together. */
  readonly size: number;
  /** Every token in the order issued (the live Map, for a state file: the same shape as an unbounded Map). */
  entries(): ReadonlyMap<string, V>;
  /** Replaces the content with saved entries (oldest first), trimming each owner to the bound. */
  load(saved: Iterable<readonly [string, V]>): void;
}

/** Creates an empty bounded store. */
export function createBoundedTokens<V>({ perOwner, ownerOf }: BoundedTokensOptions<V>): BoundedTokens<V> {
  const tokens = new Map<string, V>();
  // Each owner's tokens, oldest first; a handful each, so a linear search on delete is cheap.
  const byOwner = new Map<string, string[]>();

  function forget(token: string): void {
    const value = tokens.get(token);
    if (value === undefined) return;
    tokens.delete(token);
    const owner = ownerOf(value);
    const list = byOwner.get(owner);
    if (!list) return;
    const at = list.indexOf(token);
    if (at >= 0) list.splice(at, 1);
    if (list.length === 0) byOwner.delete(owner);
  }

  function add(token: string, value: V): void {
    forget(token);
    tokens.set(token, value);
    const owner = ownerOf(value);
    let list = byOwner.get(owner);
    if (!list) {
      list = [];
      byOwner.set(owner, list);
    }
    list.push(token);
    while (list.length > perOwner) {
      const oldest = list.shift();
      if (oldest !== undefined) tokens.delete(oldest);
    }
  }

  return {
    get: (token) => tokens.get(token),
    add,
    delete: forget,
    deleteWhere(test) {
      for (const [token, value] of tokens) if (test(value)) forget(token);
    },
    get size() {
      return tokens.size;
    },
    entries: () => tokens,
    load(saved) {
      tokens.clear();
      byOwner.clear();
      for (const [token, value] of saved) add(token, value);
    },
  };
}
