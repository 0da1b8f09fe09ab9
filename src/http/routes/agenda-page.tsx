import type { Context } from 'hono';
import { getCookie } from 'hono/cookie';
import { loadAgendaView } from '../../agenda/agenda-view.ts';
import type { AgendaContext } from '../../agenda/context.ts';
import { type OpenedLink, openLink } from '../../agenda/links.ts';
import type { AppEnv } from '../app-deps.ts';
import { messageResponse } from '../message-response.tsx';
import { problemResponse } from '../problem.ts';
import { AgendaPage, type FormError } from '../views/agenda-page.tsx';
import { noticeFrom } from '../views/notice.ts';
import { rememberedPerson } from './agenda-remembered-person.ts';

type Ctx = Context<AppEnv>;

/** Whether the client asked for JSON rather than a page. */
export function wantsJson(c: Ctx): boolean {
  const accept = c.req.header('accept') ?? '';
  return /application\/([\w.+-]+\+)?json/i.test(accept) && !/text\/html/i.test(accept.split(',')[0] ?? '');
}

/** Opens the link in the URL, or answers 404 (the same for junk, unknown and revoked tokens). */
export async function openFromUrl(c: Ctx, json: boolean): Promise<OpenedLink | Response> {
  const { db } = c.get('deps');
  const opened = await openLink(db, c.req.param('token') ?? '');
  if (opened) return opened;
  if (json) return c.json({ error: 'not_found', message: 'no agenda at this link' }, 404);
  return messageResponse(
    c,
    404,
    'Agenda not found',
    "This agenda link doesn't work. It may be mistyped, or it was replaced by a newer one.",
  );
}

/** The context agenda commands run in for this request. */
export function agendaContext(c: Ctx, opened: OpenedLink): AgendaContext {
  const { db, keys, clock } = c.get('deps');
  return { db, keys, opened, now: clock() };
}

/** Renders the agenda page (or its JSON), optionally with a form's error and the values to refill. */
export async function renderAgenda(
  c: Ctx,
  opened: OpenedLink,
  options: { occurrenceId?: string | undefined; formError?: FormError; json: boolean },
): Promise<Response> {
  const viewerTimeZone = c.req.query('tz') ?? getCookie(c, 'tz');
  const view = await loadAgendaView(agendaContext(c, opened), {
    occurrenceId: options.occurrenceId,
    viewerTimeZone,
  });
  if (!view.ok) {
    const { status, body } = problemResponse(view.problem);
    if (options.json) return c.json(body, status);
    return messageResponse(c, status, 'Not found', body.message);
  }
  if (options.json) return c.json(view.value);
  // A page answering a refused form shows that error, not the confirmation of an earlier save.
  const notice = options.formError ? undefined : noticeFrom(c.req.query('saved'), c.req.query('at'));
  return c.html(
    <AgendaPage
      view={view.value}
      token={c.req.param('token') ?? ''}
      nonce={c.get('secureHeadersNonce')}
      formError={options.formError}
      notice={notice}
      rememberedAs={rememberedPerson(c, opened)}
      reminderHours={c.get('deps').reminderHours ?? 0}
    />,
    options.formError ? 400 : 200,
  );
}

/** GET /a/{token}: the agenda page, or its data as JSON for `Accept: application/json`. */
export async function getAgenda(c: Ctx): Promise<Response> {
  const json = wantsJson(c);
  const opened = await openFromUrl(c, json);
  if (opened instanceof Response) return opened;
  return renderAgenda(c, opened, { occurrenceId: c.req.query('occurrence') || undefined, json });
}
