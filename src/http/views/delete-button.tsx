import { OccurrenceField } from './form-fields.tsx';

export interface DeleteButtonProps {
  /** The item's confirmation page (`…/delete`). */
  readonly action: string;
  readonly occurrenceId: string | null;
  /** The section the item is shown in, where the page comes back to afterwards. */
  readonly from: string;
  readonly ariaLabel: string;
}

/**
 * A Delete button that deletes nothing: it opens the confirmation page (a GET, so going back or reloading is safe),
 * which says what goes and holds the real button. Works the same with and without JavaScript.
 */
export function DeleteButton({ action, occurrenceId, from, ariaLabel }: DeleteButtonProps) {
  return (
    <form method="get" action={action}>
      <OccurrenceField occurrenceId={occurrenceId} />
      <input type="hidden" name="from" value={from} />
      <button type="submit" class="danger" aria-label={ariaLabel}>
        Delete
      </button>
    </form>
  );
}
