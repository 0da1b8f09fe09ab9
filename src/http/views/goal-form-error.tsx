/**
 * A refused form of the goals page, given back in place: the same shape as the agenda's FormError (form-error.tsx),
 * for the goals page's own forms.
 */
export type GoalFormName = 'goal-add' | 'goal-edit' | 'milestone-add' | 'milestone' | 'goals-cadence';

export interface GoalFormError {
  readonly section: GoalFormName;
  /** The goal (or milestone) whose form it was, so only that one opens with the error. */
  readonly itemId?: string | undefined;
  readonly field: string;
  /** A sentence for people. */
  readonly message: string;
  readonly values: Readonly<Record<string, string>>;
}

/** The error if it belongs to this form (and, for an item's form, to this item). */
export function goalErrorIn(
  formError: GoalFormError | undefined,
  section: GoalFormName,
  itemId?: string,
): GoalFormError | undefined {
  if (formError?.section !== section) return undefined;
  return itemId === undefined || formError.itemId === itemId ? formError : undefined;
}

function errorId(error: GoalFormError): string {
  return error.itemId ? `${error.section}-${error.itemId}-error` : `${error.section}-error`;
}

/** Marks a field invalid and ties it to the message when the error names it. */
export function invalidField(error: GoalFormError | undefined, field: string) {
  return error?.field === field ? { 'aria-invalid': 'true', 'aria-describedby': errorId(error) } : {};
}

/** What a field shows: what the person typed before the error, else its saved value. */
export function refilled(error: GoalFormError | undefined, field: string, saved = ''): string {
  return error?.values[field] ?? saved;
}

/** The refused form's message, announced and focused as the page loads (the page answers the POST). */
export function GoalErrorAlert({ error }: { readonly error: GoalFormError | undefined }) {
  if (!error) return null;
  return (
    <div role="alert" id={errorId(error)} class="alert" tabindex={-1} autofocus>
      <strong>Not saved.</strong> {error.message}
    </div>
  );
}
