/** Why an agenda command did not happen. Nothing is stored when a command fails. */
export type AgendaProblem =
  | { readonly kind: 'invalid'; readonly field: string; readonly message: string }
  | { readonly kind: 'not-found'; readonly message: string }
  | { readonly kind: 'forbidden'; readonly message: string }
  | { readonly kind: 'no-occurrence'; readonly message: string }
  /**
   * A due date before today (in the series' zone): the commitment would count as overdue the moment it is saved, so
   * it is saved only when the person confirms (`allowPastDue`). `due` is the date as given.
   */
  | { readonly kind: 'past-due'; readonly field: 'due'; readonly due: string; readonly message: string }
  /** The change contradicts what the record already holds (deleting a commitment carried to a later meeting). */
  | { readonly kind: 'conflict'; readonly code: string; readonly message: string };

/** A command's result: the value, or the problem that stopped it (errors as values). */
export type Outcome<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problem: AgendaProblem };

/** A successful outcome. */
export const success = <T>(value: T): Outcome<T> => ({ ok: true, value });

/** A failed outcome. */
export const failure = <T = never>(problem: AgendaProblem): Outcome<T> => ({ ok: false, problem });

/** A failed outcome naming the field that was wrong. */
export const invalid = <T = never>(field: string, message: string): Outcome<T> =>
  failure({ kind: 'invalid', field, message });
