import { renderCsv } from './export-csv.ts';
import type { SeriesExport } from './export-data.ts';
import { renderMarkdown } from './export-markdown.ts';

/**
 * The formats a 1:1's history can be downloaded in, in one table: adding one is one entry here and one renderer,
 * and the route, the page's links and the error naming the choices all follow from it.
 */

export interface ExportFormat {
  /** What people call it on the page. */
  readonly label: string;
  readonly contentType: string;
  readonly extension: string;
  readonly render: (data: SeriesExport) => string;
}

export const EXPORT_FORMATS = {
  json: {
    label: 'JSON',
    contentType: 'application/json; charset=utf-8',
    extension: 'json',
    render: (data) => `${JSON.stringify(data, null, 2)}\n`,
  },
  csv: {
    label: 'CSV',
    // `header=present` (RFC 4180) tells a reader the first row names the columns.
    contentType: 'text/csv; charset=utf-8; header=present',
    extension: 'csv',
    render: renderCsv,
  },
  md: {
    label: 'Markdown',
    contentType: 'text/markdown; charset=utf-8',
    extension: 'md',
    render: renderMarkdown,
  },
} as const satisfies Record<string, ExportFormat>;

export type ExportFormatName = keyof typeof EXPORT_FORMATS;

/** The format a download asks for when it names none: JSON, the one that keeps everything typed and versioned. */
export const DEFAULT_EXPORT_FORMAT: ExportFormatName = 'json';

/** The format named in a request, or undefined for a name that is not one. */
export function exportFormat(name: string): ExportFormatName | undefined {
  return Object.hasOwn(EXPORT_FORMATS, name) ? (name as ExportFormatName) : undefined;
}

/**
 * The download's file name: the 1:1's title as a slug and the date of the export, e.g.
 * `maya-sam-weekly-2026-11-24.md`. Only [a-z0-9-], so it needs no quoting in Content-Disposition and is valid on
 * every file system; a title with nothing of that left (all emoji, say) is called `1-1-history`.
 */
export function exportFileName(title: string, date: string, format: ExportFormatName): string {
  const slug = title
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || '1-1-history'}-${date}.${EXPORT_FORMATS[format].extension}`;
}
