import type { Context } from 'hono';
import { isUuid } from '../../agenda/ids.ts';
import { SEND_JOB_OF } from '../../db/job-kinds.ts';
import { deadJobsOfAccount, reviveDeadJobs, scheduleJob } from '../../db/jobs.ts';
import { isPromptOfSeries, requestResend, senderOfPrompt } from '../../db/prompts.ts';
import { log } from '../../observability/log.ts';
import type { AppEnv } from '../app-deps.ts';
import { browserAccountIds } from '../browser-session.ts';
import { openFromUrl } from './agenda-page.tsx';

type Ctx = Context<AppEnv>;

/**
 * POST /account/prompts/{id}/resend: the sender asks to send a failed or ambiguous prompt again (they checked it did
 * not arrive). Only for a prompt sent from an account connected in this browser.
 */
export async function resendPrompt(c: Ctx): Promise<Response> {
  const { db } = c.get('deps');
  const id = c.req.param('id') ?? '';
  const sender = isUuid(id) ? await senderOfPrompt(db, id) : undefined;
  if (!sender || !(await browserAccountIds(c)).includes(sender)) return notYours(c, 'prompt');
  const occurrenceId = await resend(c, id);
  return c.redirect(`/account?${occurrenceId ? 'resent=1' : 'unchanged=1'}`, 303);
}

/**
 * POST /a/{token}/prompts/{id}/resend: the organizer, on their own agenda link, sends a failed or ambiguous prompt
 * of one of this thread's meetings again.
 */
export async function resendPromptFromAgenda(c: Ctx): Promise<Response> {
  const { db } = c.get('deps');
  const opened = await openFromUrl(c, false);
  if (opened instanceof Response) return opened;
  const id = c.req.param('id') ?? '';
  const ok = opened.viewer.role === 'organizer' && isUuid(id) && (await isPromptOfSeries(db, id, opened.series.id));
  if (!ok) return notYours(c, 'prompt');
  const occurrenceId = await resend(c, id);
  const query = occurrenceId ? `?occurrence=${encodeURIComponent(occurrenceId)}&saved=1` : '';
  return c.redirect(`/a/${c.req.param('token')}${query}#prompts`, 303);
}

/** POST /account/jobs/{id}/retry: a person tries again work that gave up (one of this browser's accounts'). */
export async function retryDeadJob(c: Ctx): Promise<Response> {
  const { db, clock } = c.get('deps');
  const id = c.req.param('id') ?? '';
  for (const accountId of await browserAccountIds(c)) {
    if ((await deadJobsOfAccount(db, accountId)).some((job) => job.id === id)) {
      await reviveDeadJobs(db, [id], clock());
      return c.redirect('/account?retrying=1', 303);
    }
  }
  return notYours(c, 'job');
}

/** Puts a failed or ambiguous prompt back to pending and runs its meeting's prompts; its occurrence, if it did. */
async function resend(c: Ctx, promptId: string): Promise<string | undefined> {
  const { db, clock } = c.get('deps');
  const resent = await requestResend(db, promptId, clock());
  if (!resent) return undefined;
  const { occurrenceId, kind, from } = resent;
  log.info('prompt.state', {
    requestId: c.get('requestId'),
    promptId,
    occurrenceId,
    kind,
    from,
    to: 'pending',
    reason: 'resend-requested',
  });
  await scheduleJob(db, { kind: SEND_JOB_OF[kind], key: occurrenceId, runAt: clock() });
  return occurrenceId;
}

function notYours(c: Ctx, what: 'prompt' | 'job'): Response {
  return c.json({ error: 'not_found', message: `no such ${what} for the accounts connected in this browser` }, 404);
}
