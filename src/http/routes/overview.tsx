import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { isUuid } from '../../agenda/ids.ts';
import { loadOverview, type OverviewAccount, overviewState } from '../../agenda/overview-view.ts';
import { findAccount } from '../../db/accounts.ts';
import { PREPARE_SOURCE } from '../../db/job-kinds.ts';
import { scheduleJob } from '../../db/jobs.ts';
import type { SeriesRow } from '../../db/schema.ts';
import { findSeries } from '../../db/series.ts';
import { pauseSeries, resumeSeries } from '../../db/series-pause.ts';
import { liveSources } from '../../db/series-sources.ts';
import { log } from '../../observability/log.ts';
import type { AppEnv } from '../app-deps.ts';
import { browserAccountIds } from '../browser-session.ts';
import { messageResponse } from '../message-response.tsx';
import { bodyKind } from '../request-body.ts';
import { type OverviewNotice, OverviewPage } from '../views/overview-page.tsx';
import { wantsJson } from './agenda-page.tsx';

type Ctx = Context<AppEnv>;

/** What the redirect after a pause or resume says, next to the 1:1 it changed (fixed text, never from the URL). */
const DONE = {
  paused: 'Paused. Nothing is written to its invites and no email is sent until you resume it.',
  resumed: 'Resumed. Carryover brings the next invite up to date and sends its emails again.',
} as const;

type Done = keyof typeof DONE;

/** Registers the manager's overview and its pause and resume actions. */
export function overviewRoutes(app: Hono<AppEnv>): void {
  app.get('/overview', getOverview);
  app.post('/overview/series/:id/pause', (c) => changePause(c, 'paused'));
  app.post('/overview/series/:id/resume', (c) => changePause(c, 'resumed'));
}

/** The accounts connected in this browser, most recent first (those since deleted left out). */
async function browserAccounts(c: Ctx): Promise<OverviewAccount[]> {
  const { db } = c.get('deps');
  const accounts: OverviewAccount[] = [];
  for (const id of await browserAccountIds(c)) {
    const account = await findAccount(db, id);
    if (account) accounts.push(account);
  }
  return accounts;
}

/**
 * GET /overview: the 1:1s of every account connected in this browser, grouped by state (or its JSON for
 * `Accept: application/json`); with none connected, a page saying to connect a calendar first.
 */
async function getOverview(c: Ctx): Promise<Response> {
  const deps = c.get('deps');
  const accounts = await browserAccounts(c);
  const view = await loadOverview(deps, accounts, deps.clock(), c.req.query('tz') ?? getCookie(c, 'tz'));
  if (wantsJson(c)) return c.json(view);
  const done = c.req.query('done');
  const seriesId = c.req.query('series');
  const notice: OverviewNotice | undefined =
    done && Object.hasOwn(DONE, done) && seriesId ? { seriesId, text: DONE[done as Done] } : undefined;
  return c.html(<OverviewPage view={view} notice={notice} nonce={c.get('secureHeadersNonce')} />);
}

/**
 * POST /overview/series/{id}/pause and …/resume: pauses or resumes a 1:1 of one of this browser's accounts (404
 * for any other, as for an unknown id). A form is sent back to the overview with a notice next to the 1:1; a
 * program gets the new state. Only a managed 1:1 can be paused (409 otherwise). Resuming prepares its next invite.
 */
async function changePause(c: Ctx, to: Done): Promise<Response> {
  const { db, clock } = c.get('deps');
  const json = bodyKind(c) === 'json';
  const id = c.req.param('id') ?? '';
  const emails = (await browserAccounts(c)).map((account) => account.email);
  const found = isUuid(id) ? await findSeries(db, id) : undefined;
  const viewer = found?.kind === 'calendar' ? emails.find((e) => isOneOf(found, e)) : undefined;
  if (!found || !viewer) {
    if (json)
      return c.json({ error: 'not_found', message: 'no such 1:1 for the accounts connected in this browser' }, 404);
    return messageResponse(c, 404, 'Not found', 'This 1:1 is not one of the calendars connected in this browser.');
  }
  if (to === 'paused' && found.status !== 'active') {
    const message = `only a 1:1 Carryover manages can be paused; "${found.title}" ${found.status === 'ended' ? 'has ended' : 'is not taken as a 1:1'}`;
    if (json) return c.json({ error: 'not_active', message }, 409);
    return messageResponse(c, 409, 'Not paused', `Nothing was changed: ${message}.`);
  }
  const now = clock();
  const series = to === 'paused' ? await pauseSeries(db, found.id, viewer, now) : await resumeSeries(db, found.id);
  if (!series) return c.json({ error: 'not_found', message: 'no such 1:1' }, 404);
  log.info(to === 'paused' ? 'series.paused' : 'series.resumed', {
    requestId: c.get('requestId'),
    seriesId: series.id,
  });
  // Back to work: the next invite gets its block brought up to date, and the meetings' emails are scheduled again.
  if (to === 'resumed' && found.paused_at !== null) {
    for (const source of await liveSources(db, series.id)) {
      await scheduleJob(db, { kind: PREPARE_SOURCE, key: source.id, runAt: now });
    }
  }
  if (json) {
    return c.json({
      id: series.id,
      state: overviewState(series),
      pausedAt: series.paused_at?.toISOString() ?? null,
      pausedBy: series.paused_by,
    });
  }
  return c.redirect(`/overview?done=${to}&series=${series.id}#series-${series.id}-notice`, 303);
}

const isOneOf = (series: SeriesRow, email: string) =>
  series.organizer_email === email || series.attendee_email === email;
