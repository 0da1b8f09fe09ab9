/**
 * The calendar store: mailboxes (created on first use), item versions, and change recording. Changes are coalesced
 * per operation — every write finishes synchronously, so one microtask later the whole operation is done — and
 * handed to listeners (subscriptions) as `created` / `updated` / `deleted` per item per mailbox.
 */
import type { ChangeType } from '@microsoft/microsoft-graph-types';
import { type Persistent, refill } from '../../persistence.ts';
import { randomToken, stableGuid } from '../ids.ts';
import type { Mailbox, Version } from './model.ts';

/** One recorded change to an item in a mailbox. */
export interface ItemChange {
  readonly id: string;
  readonly changeType: ChangeType;
}

/** Called once per mailbox that changed during one operation. */
export type ChangeListener = (email: string, changes: readonly ItemChange[]) => void;

/** The store. */
export interface GraphStore {
  readonly now: () => number;
  /** A user's mailbox, created on first use. */
  mailbox(email: string): Mailbox;
  /** The mailbox of a Graph user id, if that user has been seen. */
  mailboxByUserId(userId: string): Mailbox | undefined;
  /** A fresh version stamped now. */
  newVersion(): Version;
  /** Records a change to an item for change notifications. */
  recordChange(email: string, id: string, changeType: ChangeType): void;
  onChange(listener: ChangeListener): void;
  /** The mailboxes (with their items) and the version counter, for a standalone sandbox's state file. */
  readonly persistent: Persistent;
}

/** A user's Graph id: a GUID derived from the email, the same on every run. */
export function userIdOf(email: string): string {
  return stableGuid(`user:${email}`);
}

/** Creates an empty store on a clock. */
export function createGraphStore(clock: () => Date): GraphStore {
  const mailboxes = new Map<string, Mailbox>();
  const byUserId = new Map<string, Mailbox>();
  const listeners: ChangeListener[] = [];
  const pending = new Map<string, Map<string, ItemChange>>();
  let counter = 0;

  function flush(): void {
    const batch = [...pending];
    pending.clear();
    for (const [email, changes] of batch) for (const listener of listeners) listener(email, [...changes.values()]);
  }

  return {
    now: () => clock().getTime(),
    mailbox(email) {
      let mailbox = mailboxes.get(email);
      if (!mailbox) {
        mailbox = {
          email,
          userId: userIdOf(email),
          events: new Map(),
          deltaGeneration: 0,
          deltaResetCode: 'syncStateNotFound',
          deltaResetStatus: 410,
          // Exchange Online's default for a mailbox nobody configured; `mailbox-timezone` sets another.
          timeZone: 'UTC',
        };
        mailboxes.set(email, mailbox);
        byUserId.set(mailbox.userId, mailbox);
      }
      return mailbox;
    },
    mailboxByUserId: (userId) => byUserId.get(userId.toLowerCase()),
    newVersion() {
      counter += 1;
      // Exchange change keys are base64 blobs that start alike (`DwAAABYAAAA…`); only their changing matters.
      return {
        changeKey: `DwAAABYAAAA${counter.toString(36).padStart(6, '0')}${randomToken(10)}`,
        modified: clock().getTime(),
      };
    },
    recordChange(email, id, changeType) {
      if (pending.size === 0) queueMicrotask(flush);
      const changes = pending.get(email) ?? new Map<string, ItemChange>();
      pending.set(email, changes);
      const seen = changes.get(id);
      // Within one operation: created-then-updated is still `created`; anything then deleted is `deleted`.
      if (seen?.changeType === 'created' && changeType === 'updated') return;
      changes.set(id, { id, changeType });
    },
    onChange(listener) {
      listeners.push(listener);
    },
    persistent: {
      save: () => ({ mailboxes, counter }),
      load(saved) {
        const state = saved as { mailboxes: unknown; counter: number };
        refill(mailboxes, state.mailboxes);
        byUserId.clear();
        for (const mailbox of mailboxes.values()) byUserId.set(mailbox.userId, mailbox);
        counter = state.counter;
      },
    },
  };
}
