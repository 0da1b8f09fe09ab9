/**
 * What a person will leave unticked at their next consent, set by the `consent?email=&deny=` control: tests and
 * demos connect through the auto-approving path (no browser to tick boxes in) and still get a partial grant, as a
 * real person may give on Google's granular consent screen.
 */

/** The pending choices, per user. */
export interface ConsentChoices {
  /** The user's next consent leaves these scopes out (full form); an empty list clears it. */
  deny(email: string, scopes: readonly string[]): void;
  /** The scopes the user's consent now leaves out, used up by it. */
  take(email: string): ReadonlySet<string>;
}

/** Creates an empty set of pending choices. */
export function createConsentChoices(): ConsentChoices {
  const pending = new Map<string, ReadonlySet<string>>();
  return {
    deny(email, scopes) {
      if (scopes.length === 0) pending.delete(email);
      else pending.set(email, new Set(scopes));
    },
    take(email) {
      const denied = pending.get(email) ?? new Set<string>();
      pending.delete(email);
      return denied;
    },
  };
}
