/**
 * Who is on Google Calendar. Any address is, as any address is a sandbox user — unless the `guest-calendar` control
 * says otherwise (an Outlook user, a guest with no calendar at all): such a guest holds no copy of events on the
 * Google side, and learns of an invitation or a change only from the emails `sendUpdates` has Google send them.
 */

import { type Persistent, refill } from '../../persistence.ts';

/** The addresses and domains the control took off Google Calendar. */
export interface GuestDirectory {
  /** Whether this address has a Google calendar (and so sees events there without an email). */
  isOnGoogle(email: string): boolean;
  /** Marks an address, or every address at a domain, as on Google Calendar or not. */
  set(who: { readonly email: string } | { readonly domain: string }, onGoogle: boolean): void;
  /** Who is off Google Calendar, for a standalone sandbox's state file. */
  readonly persistent: Persistent;
}

/** Creates a directory in which everyone is on Google Calendar. */
export function createGuestDirectory(): GuestDirectory {
  const offEmails = new Set<string>();
  const offDomains = new Set<string>();
  return {
    isOnGoogle(email) {
      const domain = email.slice(email.lastIndexOf('@') + 1);
      return !offEmails.has(email) && !offDomains.has(domain);
    },
    set(who, onGoogle) {
      const [set, key] = 'email' in who ? [offEmails, who.email] : [offDomains, who.domain.toLowerCase()];
      if (onGoogle) set.delete(key);
      else set.add(key);
    },
    persistent: {
      save: () => ({ offEmails, offDomains }),
      load(saved) {
        const state = saved as { offEmails: unknown; offDomains: unknown };
        refill(offEmails, state.offEmails);
        refill(offDomains, state.offDomains);
      },
    },
  };
}
