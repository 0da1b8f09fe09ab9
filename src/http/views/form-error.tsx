/** A form that came back refused: which section's form, which field, why, and what was typed (to give it back). */
export interface FormError {
  readonly section: 'topics' | 'commitments' | 'agenda' | 'private-note';
  readonly field: string;
  readonly message: string;
  readonly values: Readonly<Record<string, string>>;
}

/** The error if it belongs to this section's form. */
export function errorIn(formError: FormError | undefined, section: FormError['section']): FormError | undefined {
  return formError?.section === section ? formError : undefined;
}

/** The id of a section's error message, which the invalid field points at. */
export function errorId(section: FormError['section']): string {
  return `${section}-error`;
}

/** Marks a field invalid and ties it to the message when the error names it; nothing otherwise. */
export function invalidAttributes(error: FormError | undefined, field: string) {
  return error?.field === field ? { 'aria-invalid': 'true', 'aria-describedby': errorId(error.section) } : {};
}

/** What a field shows: what the person typed before the error, else its saved value. */
export function refill(error: FormError | undefined, field: string, saved = ''): string {
  return error?.values[field] ?? saved;
}

/** A refused form's message, announced to screen readers as soon as the page loads. */
export function FormErrorAlert({ error }: { readonly error: FormError | undefined }) {
  if (!error) return null;
  return (
    <div role="alert" id={errorId(error.section)} class="alert">
      <strong>Not saved.</strong> {error.message}
    </div>
  );
}
