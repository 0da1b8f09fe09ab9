/**
 * Which form: on the agenda page one of the sections' forms, or the edit form of one talking point or commitment; on
 * the goals page adding a goal, editing one, adding a milestone to one, changing one milestone, or the check-in
 * cadence. For an item's form `itemId` names the item, so only that item's form opens with the error.
 */
export type FormName =
  | 'topics'
  | 'commitments'
  | 'agenda'
  | 'private-note'
  | 'topic-edit'
  | 'commitment-edit'
  | 'goal-add'
  | 'goal-edit'
  | 'milestone-add'
  | 'milestone'
  | 'goals-cadence';

/** A form that came back refused: which form, which field, why, and what was typed (to give it back). */
export interface FormError {
  readonly section: FormName;
  readonly itemId?: string | undefined;
  readonly field: string;
  /** A sentence for people, naming no field ("Write the talking point before adding it."). */
  readonly message: string;
  readonly values: Readonly<Record<string, string>>;
  /**
   * Not an error but a question: the due date has passed. The form comes back as typed with a "Save anyway" button
   * that sends the same values with `allowPastDue`.
   */
  readonly pastDue?: boolean | undefined;
}

/** The error if it belongs to this form (and, for an item's form, to this item). */
export function errorIn(
  formError: FormError | undefined,
  section: FormName,
  itemId?: string | undefined,
): FormError | undefined {
  if (formError?.section !== section) return undefined;
  return itemId === undefined || formError.itemId === itemId ? formError : undefined;
}

/** The id of a form's error message, which the invalid field points at. */
export function errorId(error: Pick<FormError, 'section' | 'itemId'>): string {
  return error.itemId ? `${error.section}-${error.itemId}-error` : `${error.section}-error`;
}

/** Marks a field invalid and ties it to the message when the error names it; nothing otherwise. */
export function invalidAttributes(error: FormError | undefined, field: string) {
  return error?.field === field ? { 'aria-invalid': 'true', 'aria-describedby': errorId(error) } : {};
}

/** What a field shows: what the person typed before the error, else its saved value. */
export function refill(error: FormError | undefined, field: string, saved = ''): string {
  return error?.values[field] ?? saved;
}

/**
 * A refused form's message, next to the form, announced as the page loads and focused (the page answers the POST,
 * so there is no fragment to scroll to: autofocus brings the message into view and reads it out).
 */
export function FormErrorAlert({ error }: { readonly error: FormError | undefined }) {
  if (!error) return null;
  return (
    <div role="alert" id={errorId(error)} class={error.pastDue ? 'alert warn' : 'alert'} tabindex={-1} autofocus>
      <strong>{error.pastDue ? 'Check the date.' : 'Not saved.'}</strong> {error.message}
      {error.pastDue ? ' Change the date, or save it anyway.' : null}
    </div>
  );
}

/** The second submit button of a form that came back with a past due date: the same values, confirmed. */
export function SaveAnywayButton({ error }: { readonly error: FormError | undefined }) {
  if (!error?.pastDue) return null;
  return (
    <button type="submit" name="allowPastDue" value="true">
      Save anyway
    </button>
  );
}
