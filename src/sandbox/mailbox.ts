/**
 * Where sandbox mail lands: every message a provider emulator sends is delivered to the mailbox of each recipient,
 * and `GET /sandbox/mail?to={email}` shows it (newest first), so tests and demos can read what people would receive.
 * Meeting messages a calendar sends by itself (Outlook's "Updated: …" and "Canceled: …" to attendees) are delivered
 * too, marked with their `meetingMessageType`, and listed with `&kind=meeting` (or `&kind=all`): the plain listing
 * stays what the service itself sent.
 */
import { Hono } from 'hono';
import { type Persistent, refill } from './persistence.ts';
import { isEmail, normalizeEmail } from './users.ts';

/** One delivered message, as a recipient would read it. */
export interface MailMessage {
  readonly id: string;
  /** The sender's address. */
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly subject: string;
  /** The text/plain body, or null when the message had none. */
  readonly text: string | null;
  /** The text/html body, or null when the message had none. */
  readonly html: string | null;
  /** When it was sent, by the sandbox clock (RFC 3339). */
  readonly sentAt: string;
  /** A calendar's own meeting message (Graph's eventMessage `meetingMessageType`); absent for ordinary mail. */
  readonly meetingMessageType?: MeetingMessageType;
}

/** What a meeting message is, as Graph's eventMessage names it. */
export type MeetingMessageType = 'meetingRequest' | 'meetingCancelled';

/** Which messages a listing shows: ordinary mail (the default), meeting messages, or both. */
export type MailKind = 'mail' | 'meeting' | 'all';

/** A message to deliver: what was sent, plus blind copies (delivered, never shown). */
export interface OutgoingMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly subject: string;
  readonly text: string | null;
  readonly html: string | null;
  /** Set for a meeting message a calendar sends by itself. */
  readonly meetingMessageType?: MeetingMessageType;
}

/** The per-address store of delivered mail. */
export interface Mailbox {
  /** Delivers a message to every recipient once (To, Cc and Bcc) and returns it as stored. */
  deliver(mail: OutgoingMail, sentAt: Date): MailMessage;
  /** The messages an address received, newest first: ordinary mail unless `kind` asks for meeting messages too. */
  messages(to: string, kind?: MailKind): readonly MailMessage[];
  /** Empties one address's mailbox, or all of them. */
  clear(to?: string): void;
  /** Every address's messages, for a standalone sandbox's state file. */
  readonly persistent: Persistent;
}

/** Creates an empty mailbox. */
export function createMailbox(): Mailbox {
  const boxes = new Map<string, MailMessage[]>();
  return {
    deliver(mail, sentAt) {
      const message: MailMessage = {
        id: crypto.randomUUID(),
        from: normalizeEmail(mail.from),
        to: mail.to.map(normalizeEmail),
        cc: mail.cc.map(normalizeEmail),
        subject: mail.subject,
        text: mail.text,
        html: mail.html,
        sentAt: sentAt.toISOString(),
        ...(mail.meetingMessageType && { meetingMessageType: mail.meetingMessageType }),
      };
      const recipients = new Set([...mail.to, ...mail.cc, ...mail.bcc].map(normalizeEmail));
      for (const recipient of recipients) {
        const box = boxes.get(recipient) ?? [];
        box.unshift(message);
        boxes.set(recipient, box);
      }
      return message;
    },
    messages: (to, kind = 'mail') =>
      (boxes.get(normalizeEmail(to)) ?? []).filter(
        (m) => kind === 'all' || (kind === 'meeting') === (m.meetingMessageType !== undefined),
      ),
    clear(to) {
      if (to === undefined) boxes.clear();
      else boxes.delete(normalizeEmail(to));
    },
    persistent: {
      save: () => boxes,
      load: (saved) => refill(boxes, saved),
    },
  };
}

/** `GET /sandbox/mail?to=[&kind=mail|meeting|all]` (newest first) and `DELETE /sandbox/mail[?to=]`. */
export function mailboxRoutes(mailbox: Mailbox): Hono {
  const app = new Hono();
  app.get('/sandbox/mail', (c) => {
    const to = c.req.query('to');
    if (to === undefined || !isEmail(normalizeEmail(to))) return c.json({ error: 'the query needs ?to={email}' }, 400);
    const kind = c.req.query('kind') ?? 'mail';
    if (kind !== 'mail' && kind !== 'meeting' && kind !== 'all') {
      return c.json({ error: 'kind must be mail, meeting or all' }, 400);
    }
    return c.json(mailbox.messages(to, kind));
  });
  app.delete('/sandbox/mail', (c) => {
    mailbox.clear(c.req.query('to'));
    return c.body(null, 204);
  });
  return app;
}
