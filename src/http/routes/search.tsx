import type { Context, Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { type HistorySearchView, searchPairHistory } from '../../agenda/history-search.ts';
import type { AppEnv } from '../app-deps.ts';
import { problemResponse } from '../problem.ts';
import { SearchErrorPage, SearchPage } from '../views/search-page.tsx';
import { searchResultLink } from '../views/search-results.tsx';
import { agendaContext, openFromUrl, wantsJson } from './agenda-page.tsx';

type Ctx = Context<AppEnv>;

/** Registers the search of a pair's history. */
export function searchRoutes(app: Hono<AppEnv>): void {
  app.get('/a/:token/search', getSearch);
}

/**
 * GET /a/{token}/search?q=…: the pair's history searched for `q` through this link (it reaches what the link may
 * see: src/agenda/history-search.ts), as a page or, for `Accept: application/json`, as data. No `q`, or only
 * spaces: the form alone. A search too long or with a NUL: 400 naming `q`.
 */
async function getSearch(c: Ctx): Promise<Response> {
  const json = wantsJson(c);
  const opened = await openFromUrl(c, json);
  if (opened instanceof Response) return opened;
  const token = c.req.param('token') ?? '';
  const q = c.req.query('q') ?? '';
  const view = await searchPairHistory(agendaContext(c, opened), {
    q,
    viewerTimeZone: c.req.query('tz') ?? getCookie(c, 'tz'),
  });
  const nonce = c.get('secureHeadersNonce');
  if (!view.ok) {
    const { status, body } = problemResponse(view.problem);
    if (json) return c.json(body, status);
    // What was typed goes back into the box, without the NUL the browser could not show.
    const typed = q.replaceAll('\u0000', '');
    return c.html(
      <SearchErrorPage title={opened.series.title} token={token} query={typed} message={body.message} nonce={nonce} />,
      status,
    );
  }
  if (json) return c.json(searchJson(view.value, token));
  return c.html(<SearchPage view={view.value} token={token} nonce={nonce} />);
}

/** The JSON answer: each result with the link to where it is shown (through the same token). */
function searchJson(view: HistorySearchView, token: string) {
  return {
    query: view.query,
    includesGoals: view.includesGoals,
    timeZone: view.timeZone,
    results: view.results.map(({ place, ...result }) => ({ ...result, link: searchResultLink(token, place) })),
  };
}
