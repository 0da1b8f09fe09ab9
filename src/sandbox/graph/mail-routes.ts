/**
 * `GET /me` (the signed-in user: `id`, `mail`, `userPrincipalName`, `displayName`), `GET /me/mailboxSettings` and
 * `GET /me/mailboxSettings/timeZone` ("Get user mailbox settings": the mailbox's own zone, a Windows name unless the
 * administrator set IANA names; permission MailboxSettings.Read), and `POST /me/sendMail`
 * ("user: sendMail": 202 Accepted, empty body — accepted, not yet delivered), which delivers the message into the
 * shared sandbox mailbox from the authenticated user. A `from` other than the sender is refused (403
 * `ErrorSendAsDenied`), where Exchange needs Send As rights the sandbox never grants.
 */
import type { MailboxSettings, User } from '@microsoft/microsoft-graph-types';
import { Hono } from 'hono';
import * as v from 'valibot';
import type { Mailbox as SandboxMailbox } from '../mailbox.ts';
import { isEmail, normalizeEmail, type Users } from '../users.ts';
import { GRAPH_BASE } from './calendar/routes.ts';
import type { GraphStore } from './calendar/store.ts';
import { callerOf, type GraphEnv, jsonBody } from './context.ts';
import { GraphApiError, graphErrors } from './errors.ts';

const Recipient = v.object({ emailAddress: v.object({ address: v.string(), name: v.nullish(v.string()) }) });
const SendMailBody = v.object({
  message: v.object({
    subject: v.nullish(v.string()),
    body: v.nullish(
      v.object({
        contentType: v.nullish(v.picklist(['text', 'html', 'Text', 'HTML'])),
        content: v.nullish(v.string()),
      }),
    ),
    toRecipients: v.nullish(v.array(Recipient)),
    ccRecipients: v.nullish(v.array(Recipient)),
    bccRecipients: v.nullish(v.array(Recipient)),
    from: v.nullish(Recipient),
  }),
  saveToSentItems: v.nullish(v.union([v.boolean(), v.string()])),
});

/** What the routes need. */
export interface MailRoutesDeps {
  readonly users: Users;
  readonly store: GraphStore;
  readonly mailbox: SandboxMailbox;
  readonly clock: () => Date;
}

/** `/me` and `/me/sendMail`. */
export function mailRoutes({ users, store, mailbox, clock }: MailRoutesDeps): Hono<GraphEnv> {
  const app = new Hono<GraphEnv>();

  app.get(`${GRAPH_BASE}/me`, (c) => {
    const user = users.ensure(callerOf(c));
    const me: User & { '@odata.context': string } = {
      '@odata.context': `${new URL(c.req.url).origin}${GRAPH_BASE}/$metadata#users/$entity`,
      id: store.mailbox(user.email).userId,
      mail: user.email,
      userPrincipalName: user.email,
      displayName: user.name,
      givenName: user.name.split(' ')[0] ?? user.name,
      surname: user.name.split(' ').slice(1).join(' ') || null,
      businessPhones: [],
      jobTitle: null,
      mobilePhone: null,
      officeLocation: null,
      preferredLanguage: 'en-US',
    };
    return c.json(me);
  });

  app.get(`${GRAPH_BASE}/me/mailboxSettings`, (c) => {
    const mailbox = store.mailbox(callerOf(c));
    const settings: MailboxSettings = {
      timeZone: mailbox.timeZone,
      dateFormat: 'M/d/yyyy',
      timeFormat: 'h:mm tt',
      delegateMeetingMessageDeliveryOptions: 'sendToDelegateOnly',
      language: { locale: 'en-US', displayName: 'English (United States)' },
    };
    const select = new URL(c.req.url).searchParams.get('$select');
    const keep = select?.split(',').map((s) => s.trim());
    const shown = keep ? Object.fromEntries(Object.entries(settings).filter(([key]) => keep.includes(key))) : settings;
    const context = `${new URL(c.req.url).origin}${GRAPH_BASE}/$metadata#users('${mailbox.userId}')/mailboxSettings`;
    return c.json({ '@odata.context': context, ...shown });
  });

  app.get(`${GRAPH_BASE}/me/mailboxSettings/timeZone`, (c) => {
    const mailbox = store.mailbox(callerOf(c));
    const context = `${new URL(c.req.url).origin}${GRAPH_BASE}/$metadata#users('${mailbox.userId}')/mailboxSettings/timeZone`;
    return c.json({ '@odata.context': context, value: mailbox.timeZone });
  });

  app.post(`${GRAPH_BASE}/me/sendMail`, async (c) => {
    const sender = callerOf(c);
    const parsed = v.safeParse(SendMailBody, await jsonBody(c));
    if (!parsed.success) {
      const issue = parsed.issues[0];
      throw graphErrors.badRequest(`Invalid value for property '${issue ? v.getDotPath(issue) : 'message'}'.`);
    }
    const { message } = parsed.output;
    const addresses = (list: readonly { emailAddress: { address: string } }[] | null | undefined) =>
      (list ?? []).map((r) => normalizeEmail(r.emailAddress.address));
    const to = addresses(message.toRecipients);
    const cc = addresses(message.ccRecipients);
    const bcc = addresses(message.bccRecipients);
    if (to.length + cc.length + bcc.length === 0 || [...to, ...cc, ...bcc].some((a) => !isEmail(a))) {
      throw graphErrors.invalidRecipients();
    }
    if (message.from && normalizeEmail(message.from.emailAddress.address) !== sender) {
      throw new GraphApiError(
        403,
        'ErrorSendAsDenied',
        'The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.',
      );
    }
    const html = (message.body?.contentType ?? 'text').toLowerCase() === 'html';
    const content = message.body?.content ?? '';
    mailbox.deliver(
      {
        from: sender,
        to,
        cc,
        bcc,
        subject: message.subject ?? '',
        text: html ? null : content,
        html: html ? content : null,
      },
      clock(),
    );
    return c.body(null, 202);
  });

  return app;
}
