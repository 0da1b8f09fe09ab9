// A due date is a calendar day, not an instant: formatting it at UTC midnight in UTC keeps the day from shifting.
const dayFormat = new Intl.DateTimeFormat('en', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/** A YYYY-MM-DD day for people ("Mar 4, 2025"), machine-readable in `datetime`. */
export function CalendarDate({ value }: { readonly value: string }) {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : undefined;
  const shown = date && !Number.isNaN(date.getTime()) ? dayFormat.format(date) : value;
  return <time datetime={value}>{shown}</time>;
}
