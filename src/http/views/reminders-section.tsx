import type { AgendaSectionProps } from './section-props.ts';

/**
 * Whether this 1:1 sends its two people a reminder email before each meeting, and one button to change it. Only on
 * a person's own link (the shared link travels in the invite, to whoever it is forwarded to), and never on a demo,
 * which has no mailbox to send from. A plain form, so it works without JavaScript.
 */
export function RemindersSection({
  view,
  token,
  hours,
}: Pick<AgendaSectionProps, 'view' | 'token'> & { readonly hours: number }) {
  if (view.viewer.role === 'shared' || view.series.demo) return null;
  if (hours <= 0) {
    return (
      <section id="reminders" aria-labelledby="reminders-title">
        <h2 id="reminders-title">Reminders</h2>
        <p>This Carryover sends no reminder emails before meetings (its administrator turned them off).</p>
      </section>
    );
  }
  const on = view.series.reminders;
  return (
    <section id="reminders" aria-labelledby="reminders-title">
      <h2 id="reminders-title">Reminders</h2>
      <p>
        {on
          ? `${leadTime(hours)} before each meeting, both of you get a reminder email with the agenda so far and what is carried into it.`
          : 'Reminders are off: neither of you gets an email before the meetings of this 1:1.'}
      </p>
      <form method="post" action={`/a/${token}/reminders`}>
        {view.occurrence ? <input type="hidden" name="occurrence" value={view.occurrence.id} /> : null}
        <input type="hidden" name="reminders" value={on ? 'false' : 'true'} />
        <button type="submit">{on ? 'Turn reminders off' : 'Turn reminders on'}</button>
      </form>
    </section>
  );
}

/** "24 hours", "30 minutes", "1.5 hours": REMINDER_HOURS as people say it. */
function leadTime(hours: number): string {
  if (hours < 1) return `${Math.round(hours * 60)} minutes`;
  const rounded = Math.round(hours * 10) / 10;
  return `${rounded} ${rounded === 1 ? 'hour' : 'hours'}`;
}
