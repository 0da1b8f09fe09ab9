/**
 * Per-user queues of one-shot test effects — an injected failure, a slow answer, a dropped connection, a refusal at
 * the token endpoint: a control queues an entry for a user, and each of that user's next calls the entry is for
 * spends one of its `remaining` uses. Entries apply in the order they were queued.
 */

/** An entry waiting for a user's next calls. */
export interface Pending {
  remaining: number;
}

/** The effects queued per user. */
export interface PendingTable<T extends Pending> {
  add(email: string, entry: T): void;
  /** Drops everything queued for the user. */
  clear(email: string): void;
  /**
   * Spends one use of the user's first entry and returns it; undefined when nothing is queued, or when `applies`
   * says the first entry is not for this call (it then stays queued).
   */
  take(email: string, applies?: (entry: T) => boolean): T | undefined;
}

/** Creates an empty table. */
export function createPendingTable<T extends Pending>(): PendingTable<T> {
  const queues = new Map<string, T[]>();
  return {
    add(email, entry) {
      queues.set(email, [...(queues.get(email) ?? []), entry]);
    },
    clear(email) {
      queues.delete(email);
    },
    take(email, applies = () => true) {
      const queue = queues.get(email);
      const entry = queue?.[0];
      if (!queue || !entry || !applies(entry)) return undefined;
      entry.remaining -= 1;
      if (entry.remaining <= 0) queue.shift();
      return entry;
    },
  };
}
