import type { Context } from 'hono';
import * as v from 'valibot';
import { PREPARE_SOURCE } from '../../db/job-kinds.ts';
import { scheduleJob } from '../../db/jobs.ts';
import { setReminders } from '../../db/series.ts';
import { liveSources } from '../../db/series-sources.ts';
import { log } from '../../observability/log.ts';
import type { AppEnv } from '../app-deps.ts';
import { messageResponse } from '../message-response.tsx';
import { bodyKind, objectBody, optionalText, parseBody } from '../request-body.ts';
import { openFromUrl } from './agenda-page.tsx';

type Ctx = Context<AppEnv>;

const remindersBody = objectBody({ reminders: v.boolean('must be true or false'), occurrence: optionalText });

/** The form's hidden field says "true" or "false"; anything else stays a string and is refused as not a boolean. */
function remindersFromForm(form: Record<string, string>): unknown {
  const flag = form.reminders === 'true' ? true : form.reminders === 'false' ? false : form.reminders;
  return { ...form, reminders: flag };
}

/**
 * PATCH (or form POST) /a/{token}/reminders `{ "reminders": false }`: turns the 1:1's reminder emails off or on for
 * both people. Either person may, on their own link; the shared link may not (it is in the invite, forwardable), and
 * a demo has no mailbox (403). Turning them on prepares the thread's meetings again, so a reminder already due goes
 * out now rather than at the next refresh.
 */
export async function patchReminders(c: Ctx): Promise<Response> {
  const json = bodyKind(c) === 'json';
  const opened = await openFromUrl(c, json);
  if (opened instanceof Response) return opened;
  const body = await parseBody(c, remindersBody, remindersFromForm);
  if (!body.ok) {
    if (json) return c.json(body.error, 400);
    return messageResponse(c, 400, 'Not saved', body.error.message);
  }
  const refusal =
    opened.viewer.role === 'shared'
      ? 'only the two people of this 1:1 can change its reminders, each on their own link'
      : opened.series.kind === 'demo'
        ? 'a demo 1:1 sends no email, so it has no reminders to change'
        : undefined;
  if (refusal) {
    if (json) return c.json({ error: 'forbidden', message: refusal }, 403);
    return messageResponse(c, 403, 'Not changed', `Nothing was changed: ${refusal}.`);
  }
  const { db, clock } = c.get('deps');
  const series = await setReminders(db, opened.series.id, body.value.reminders);
  if (!series) return json ? c.json({ error: 'not_found', message: 'no agenda at this link' }, 404) : c.notFound();
  log.info('series.reminders', { requestId: c.get('requestId'), seriesId: series.id, reminders: series.reminders });
  if (series.reminders) {
    for (const source of await liveSources(db, series.id)) {
      await scheduleJob(db, { kind: PREPARE_SOURCE, key: source.id, runAt: clock() });
    }
  }
  if (json) return c.json({ reminders: series.reminders });
  const occurrence = body.value.occurrence ? `occurrence=${encodeURIComponent(body.value.occurrence)}&` : '';
  return c.redirect(`/a/${c.req.param('token')}?${occurrence}saved=1#reminders`, 303);
}
