import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../app-deps.ts';
import { MessagePage } from '../views/message-page.tsx';
import { type NoticeKey, type NoticePlace, noticeSuffix } from '../views/notice.ts';
import { agendaPath } from '../views/paths.ts';

type Ctx = Context<AppEnv>;

/** The agenda page a form came from: the meeting it was about, when it named one. */
export function agendaPage(c: Ctx, occurrenceId: string | undefined): string {
  const page = agendaPath(c.req.param('token') ?? '');
  return occurrenceId ? `${page}?occurrence=${encodeURIComponent(occurrenceId)}` : page;
}

/**
 * A form's answer once the change is made: back to the page (303, so reloading does not post again), scrolled to
 * the place of the change, where its confirmation takes focus.
 */
export function afterForm(c: Ctx, occurrenceId: string | undefined, key: NoticeKey, at: NoticePlace): Response {
  const page = agendaPage(c, occurrenceId);
  return c.redirect(`${page}${page.includes('?') ? '&' : '?'}${noticeSuffix(key, at)}`, 303);
}

/**
 * A form refused for a reason the form itself cannot fix (what it changes was deleted meanwhile, a private note on
 * the shared link): the reason, and the way back to the agenda.
 */
export async function refusedForm(
  c: Ctx,
  status: ContentfulStatusCode,
  message: string,
  occurrenceId: string | undefined,
): Promise<Response> {
  return c.html(
    <MessagePage
      title="Not saved"
      message={message}
      status={status}
      nonce={c.get('secureHeadersNonce')}
      back={{ href: agendaPage(c, occurrenceId), label: 'Back to the agenda' }}
    />,
    status,
  );
}
