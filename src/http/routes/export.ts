import type { Context } from 'hono';
import { gatherExport } from '../../agenda/export-data.ts';
import { DEFAULT_EXPORT_FORMAT, EXPORT_FORMATS, exportFileName, exportFormat } from '../../agenda/export-formats.ts';
import { todayIn } from '../../core/time.ts';
import type { AppEnv } from '../app-deps.ts';
import { agendaContext, openFromUrl } from './agenda-page.tsx';

type Ctx = Context<AppEnv>;

/**
 * GET /a/{token}/export?format=json|csv|md: the 1:1's history as a file to keep. The link decides what is in it,
 * exactly as it decides what its pages show (src/agenda/export-data.ts); `format` defaults to JSON.
 */
export async function getExport(c: Ctx): Promise<Response> {
  // A browser following the page's link gets the 404 page; a program gets JSON, as everywhere else.
  const opened = await openFromUrl(c, !(c.req.header('accept') ?? '').includes('text/html'));
  if (opened instanceof Response) return opened;
  const asked = c.req.query('format') || DEFAULT_EXPORT_FORMAT;
  const name = exportFormat(asked);
  if (!name) {
    const known = Object.keys(EXPORT_FORMATS).join(', ');
    return c.json(
      { error: 'invalid', field: 'format', message: `format: "${asked.slice(0, 40)}" is not one of ${known}` },
      400,
    );
  }
  const ctx = agendaContext(c, opened);
  const data = await gatherExport(ctx);
  const format = EXPORT_FORMATS[name];
  const fileName = exportFileName(opened.series.title, todayIn(ctx.now, opened.series.time_zone), name);
  return c.body(format.render(data), 200, {
    'Content-Type': format.contentType,
    'Content-Disposition': `attachment; filename="${fileName}"`,
    // It may hold private notes and sits behind a token: no cache, shared or private, keeps a copy.
    'Cache-Control': 'no-store',
  });
}
