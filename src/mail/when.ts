import { DateTime, IANAZone } from 'luxon';

/**
 * When a meeting starts, relative to `now` in the series' zone, for a subject line: "Today at 11:00", "Tomorrow at
 * 11:00", else "Tue 1 Dec at 11:00" (a reminder may go out days ahead). An invalid zone reads as UTC.
 */
export function startsRelative(startsAt: Date, now: Date, zone: string): string {
  const tz = IANAZone.isValidZone(zone) ? zone : 'UTC';
  const start = DateTime.fromJSDate(startsAt, { zone: tz }).setLocale('en-GB');
  const today = DateTime.fromJSDate(now, { zone: tz });
  const time = start.toLocaleString(DateTime.TIME_SIMPLE);
  if (start.hasSame(today, 'day')) return `Today at ${time}`;
  if (start.hasSame(today.plus({ days: 1 }), 'day')) return `Tomorrow at ${time}`;
  return `${start.toFormat('ccc d LLL')} at ${time}`;
}
