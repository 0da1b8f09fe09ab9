/**
 * Gmail `users.messages.send` (`POST /sandbox/google/gmail/v1/users/{userId}/messages/send` with `{raw}`): parses
 * the RFC 2822 message and delivers it to the sandbox mailbox of every To, Cc and Bcc recipient. Answers
 * `{id, threadId, labelIds: ['SENT']}`.
 *
 * The From header must be the sender's own address (or be absent, and then it is the sender's). Real Gmail would
 * quietly rewrite another From to the account's address; the sandbox refuses with 400 `invalidArgument` instead,
 * so a service that sends with the wrong From learns it in tests rather than by surprising its users.
 */
import type { gmail_v1 } from '@googleapis/gmail';
import { Hono } from 'hono';
import * as v from 'valibot';
import type { Mailbox } from '../../mailbox.ts';
import { normalizeEmail } from '../../users.ts';
import { callerOf, type GoogleEnv, jsonBody } from '../context.ts';
import { GoogleApiError } from '../errors.ts';
import { decodeBase64Binary } from './encodings.ts';
import { parseMessage } from './mime.ts';

const SendBody = v.object({ raw: v.string(), threadId: v.nullish(v.string()) });

/** The Gmail send route, delivering into a mailbox on a clock. */
export function gmailRoutes(mailbox: Mailbox, clock: () => Date): Hono<GoogleEnv> {
  const app = new Hono<GoogleEnv>();
  app.post('/sandbox/google/gmail/v1/users/:userId/messages/send', async (c) => {
    const sender = callerOf(c);
    const userId = c.req.param('userId');
    if (userId !== 'me' && normalizeEmail(userId) !== sender) {
      throw gmailError(403, 'forbidden', `Delegation denied for ${sender}`, 'PERMISSION_DENIED');
    }
    const parsed = v.safeParse(SendBody, await jsonBody(c));
    if (!parsed.success)
      throw gmailError(
        400,
        'invalidArgument',
        "'raw' RFC822 payload message string or uploading message via /upload/* URL required",
      );
    const binary = decodeBase64Binary(parsed.output.raw);
    if (binary === undefined) throw gmailError(400, 'invalidArgument', 'Invalid value for ByteString');
    const message = parseMessage(binary);
    if (message.from !== undefined && message.from !== sender)
      throw gmailError(400, 'invalidArgument', 'Invalid From header');
    if (message.to.length + message.cc.length + message.bcc.length === 0) {
      throw gmailError(400, 'invalidArgument', 'Recipient address required');
    }
    mailbox.deliver(
      {
        from: sender,
        to: message.to,
        cc: message.cc,
        bcc: message.bcc,
        subject: message.subject,
        text: message.text,
        html: message.html,
      },
      clock(),
    );
    const id = gmailId();
    const sent: gmail_v1.Schema$Message = { id, threadId: parsed.output.threadId ?? id, labelIds: ['SENT'] };
    return c.json(sent);
  });
  return app;
}

function gmailError(
  status: 400 | 403,
  reason: string,
  message: string,
  canonical = 'INVALID_ARGUMENT',
): GoogleApiError {
  return new GoogleApiError(status, reason, message, { status: canonical });
}

// Gmail message ids are 16 hex digits.
function gmailId(): string {
  return [...crypto.getRandomValues(new Uint8Array(8))].map((b) => b.toString(16).padStart(2, '0')).join('');
}
