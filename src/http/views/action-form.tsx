import { OccurrenceField } from './form-fields.tsx';

export interface ActionFormProps {
  readonly action: string;
  readonly occurrenceId: string | null;
  /** The one change this button makes, e.g. `{ status: 'done' }`. */
  readonly fields: Readonly<Record<string, string>>;
  readonly label: string;
  /** What a screen reader hears: the label plus the item it acts on. */
  readonly ariaLabel: string;
}

/** A one-button form that changes one thing about an item; plain HTML, so it works without JavaScript. */
export function ActionForm({ action, occurrenceId, fields, label, ariaLabel }: ActionFormProps) {
  return (
    <form method="post" action={action}>
      <OccurrenceField occurrenceId={occurrenceId} />
      {Object.entries(fields).map(([name, value]) => (
        <input type="hidden" name={name} value={value} />
      ))}
      <button type="submit" aria-label={ariaLabel}>
        {label}
      </button>
    </form>
  );
}

/** An item's text in quotes for a button's accessible name, shortened so the name stays listenable. */
export function quoted(text: string, max = 60): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return `'${oneLine.length > max ? `${oneLine.slice(0, max - 1)}…` : oneLine}'`;
}
