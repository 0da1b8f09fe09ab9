/**
 * What `sendUpdates` does when the organizer changes an event (Calendar v3 "Events: patch" / "Events: update"):
 * `all` — "Notifications are sent to all guests"; `externalOnly` — "to non-Google Calendar guests only"; `none` —
 * "No notifications are sent", which is also what a request without it gets (the deprecated `sendNotifications`
 * defaults to false; `sendNotifications=true` is `all`). Guests on Google Calendar see a change on their own calendar
 * either way; a guest not on Google Calendar (see guests.ts) has nothing but the email — "Events: insert" warns that
 * `none` can leave "events not syncing to external calendars" — so with `none` they do not get the change at all.
 *
 * Each notified guest (every guest but the organizer and rooms) gets one email in the sandbox mailbox, from the
 * organizer: "Updated invitation: {summary} @ {start} ({guest})", or "Canceled event: …" for a cancellation — the
 * subjects of Google Calendar's notification emails (their exact wording is not part of the API). They are meeting
 * messages the calendar sends by itself, so the mailbox lists them with `kind=meeting`, apart from what the service
 * sent.
 */
import { DateTime } from 'luxon';
import type { Mailbox } from '../../mailbox.ts';
import { googleErrors } from '../errors.ts';
import type { GuestDirectory } from './guests.ts';
import { timeRange } from './series.ts';
import { isResource } from './sharing.ts';
import type { GuestChange } from './writes.ts';

/** Who is told of a change. */
export type SendUpdates = 'all' | 'externalOnly' | 'none';

const VALUES: readonly string[] = ['all', 'externalOnly', 'none'];

/** Reads `sendUpdates` (or the deprecated `sendNotifications`) from a request; 400 for an unknown value. */
export function sendUpdatesParam(url: URL): SendUpdates {
  const value = url.searchParams.get('sendUpdates');
  if (value !== null) {
    if (!VALUES.includes(value)) throw googleErrors.invalid('Invalid value for: sendUpdates', 'sendUpdates');
    return value as SendUpdates;
  }
  return url.searchParams.get('sendNotifications') === 'true' ? 'all' : 'none';
}

/** What sending the emails needs. */
export interface UpdateEmailDeps {
  readonly mailbox: Mailbox;
  readonly guests: GuestDirectory;
  readonly now: () => number;
}

/** Emails the guests `sendUpdates` names about an organizer's change; returns who got one. */
export function emailGuests(
  deps: UpdateEmailDeps,
  organizer: string,
  change: GuestChange,
  sendUpdates: SendUpdates,
  zone: string,
): string[] {
  if (sendUpdates === 'none') return [];
  const recipients = change.fields.attendees
    .filter((guest) => guest.email !== organizer && !isResource(guest))
    .filter((guest) => sendUpdates === 'all' || !deps.guests.isOnGoogle(guest.email))
    .map((guest) => guest.email);
  const title = change.fields.summary || '(No title)';
  const start = DateTime.fromMillis(timeRange(change.fields, zone).start, { zone });
  const when =
    change.fields.start.kind === 'date' ? start.toFormat('ccc d LLL yyyy') : start.toFormat('ccc d LLL yyyy HH:mm (z)');
  const what = change.cancelled ? 'Canceled event' : 'Updated invitation';
  for (const guest of recipients) {
    deps.mailbox.deliver(
      {
        from: organizer,
        to: [guest],
        cc: [],
        bcc: [],
        subject: `${what}: ${title} @ ${when} (${guest})`,
        text: `${change.cancelled ? 'This event has been canceled' : 'This event has been updated'}: ${title}, ${when}.`,
        html: null,
        meetingMessageType: change.cancelled ? 'meetingCancelled' : 'meetingRequest',
      },
      new Date(deps.now()),
    );
  }
  return recipients;
}
