/**
 * The meeting messages Exchange sends by itself when an organizer writes a meeting through Graph. Graph has no way
 * to write an organizer's meeting quietly (microsoft-graph-docs#2309 and #7911: "not possible at the moment";
 * #5647: adding one attendee mails every attendee; #12244: a body update re-sends the invitation;
 * msgraph-sdk-dotnet#1549 and #2323 ask for an option that does not exist), so every PATCH of a meeting the caller
 * organizes mails each invitee, body-only changes included:
 *
 * - create: "{subject}" (a meeting request) to each invitee;
 * - update (of the series, a single meeting or one occurrence): "Updated: {subject}" to each invitee who was already
 *   invited, "{subject}" to one newly added, "Canceled: {subject}" to one taken off;
 * - delete (of the meeting or one occurrence): "Canceled: {subject}" to each invitee.
 *
 * Invitees are the attendees who are people (rooms and other resources are not mailed here) other than the
 * organizer. An attendee writing their own copy mails nobody. Messages land in the shared sandbox mailbox, marked with
 * Graph's eventMessage `meetingMessageType`, so a test can count what the other person received.
 */
import type { Mailbox as SandboxMailbox } from '../../mailbox.ts';
import type { Attendee, EventFields, StoredEvent } from './model.ts';

/** A change an organizer made to a meeting, as far as its messages go. */
export type MeetingWrite =
  | { readonly kind: 'created'; readonly event: StoredEvent; readonly fields: EventFields }
  | {
      readonly kind: 'updated';
      readonly event: StoredEvent;
      readonly before: readonly Attendee[];
      readonly fields: EventFields;
    }
  | { readonly kind: 'deleted'; readonly event: StoredEvent; readonly fields: EventFields };

/** Sends what Exchange would send for an organizer's write; nothing for an attendee's own copy. */
export type MeetingMessages = (write: MeetingWrite) => void;

/** Meeting messages delivered into the sandbox mailbox on the sandbox clock. */
export function meetingMessages(mailbox: SandboxMailbox, clock: () => Date): MeetingMessages {
  const send = (
    event: StoredEvent,
    fields: EventFields,
    to: readonly string[],
    prefix: '' | 'Updated: ' | 'Canceled: ',
  ) => {
    if (to.length === 0) return;
    mailbox.deliver(
      {
        from: event.organizer.address,
        to,
        cc: [],
        bcc: [],
        subject: `${prefix}${fields.subject}`,
        text: null,
        html: fields.body.content,
        meetingMessageType: prefix === 'Canceled: ' ? 'meetingCancelled' : 'meetingRequest',
      },
      clock(),
    );
  };
  return (write) => {
    const { event, fields } = write;
    if (event.owner !== event.organizer.address) return;
    const now = invitees(event, fields.attendees);
    if (write.kind === 'created') return send(event, fields, now, '');
    if (write.kind === 'deleted') return send(event, fields, now, 'Canceled: ');
    const before = new Set(invitees(event, write.before));
    const after = new Set(now);
    send(
      event,
      fields,
      now.filter((address) => before.has(address)),
      'Updated: ',
    );
    send(
      event,
      fields,
      now.filter((address) => !before.has(address)),
      '',
    );
    send(
      event,
      fields,
      [...before].filter((address) => !after.has(address)),
      'Canceled: ',
    );
  };
}

/** The people a meeting's messages go to: attendees who are not resources, the organizer left out. */
function invitees(event: StoredEvent, attendees: readonly Attendee[]): string[] {
  return attendees.filter((a) => a.type !== 'resource' && a.address !== event.organizer.address).map((a) => a.address);
}
