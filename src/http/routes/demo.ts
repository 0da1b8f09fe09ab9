import type { Context } from 'hono';
import { createDemoSeries } from '../../agenda/demo.ts';
import { deleteDemoSeries } from '../../db/series.ts';
import type { AppEnv } from '../app-deps.ts';
import { messageResponse } from '../message-response.tsx';
import { bodyKind } from '../request-body.ts';
import { openFromUrl } from './agenda-page.tsx';

type Ctx = Context<AppEnv>;

/** POST /demo (sandbox mode): creates a sample 1:1 and opens the manager's agenda. */
export async function postDemo(c: Ctx): Promise<Response> {
  const deps = c.get('deps');
  const links = await createDemoSeries(deps.db, deps.keys, deps.clock());
  return c.redirect(`/a/${links.organizer}`, 303);
}

/**
 * POST or DELETE /a/{token}/demo: deletes a demo 1:1 with everything in it. Only a demo can go this way; a thread
 * found on a calendar keeps its history (403).
 */
export async function deleteDemo(c: Ctx): Promise<Response> {
  // A form posts from the page; a program sends DELETE (or a JSON POST).
  const json = bodyKind(c) === 'json';
  const opened = await openFromUrl(c, json);
  if (opened instanceof Response) return opened;
  if (opened.series.kind !== 'demo') {
    const message = 'only a demo 1:1 can be deleted; a 1:1 from a calendar keeps its history';
    if (json) return c.json({ error: 'forbidden', message }, 403);
    return messageResponse(c, 403, 'Not deleted', `Nothing was deleted: ${message}.`);
  }
  await deleteDemoSeries(c.get('deps').db, opened.series.id);
  if (json) return c.json({ deleted: true });
  return c.redirect('/?deleted=demo', 303);
}
