import { EXPORT_FORMATS, type ExportFormatName } from '../../agenda/export-formats.ts';
import { agendaPath } from './paths.ts';

export interface ExportLinksProps {
  /** The link token from the URL: the download holds what this link may see. */
  readonly token: string;
  /** Whether the page was opened through a person's own link (their private notes go into their download). */
  readonly own: boolean;
}

/**
 * "Download this 1:1's history: JSON · CSV · Markdown", one link per format of src/agenda/export-formats.ts, and
 * what the download holds: a person's own link takes their private notes along; nobody else's ever go. The links
 * sit in the sentence that says what they download, so each reads clearly on its own to a screen reader too.
 */
export function ExportLinks({ token, own }: ExportLinksProps) {
  const names = Object.keys(EXPORT_FORMATS) as ExportFormatName[];
  return (
    <section id="export" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <p>
        Download this 1:1's history:{' '}
        {names.map((name, i) => (
          <>
            {i > 0 ? ' · ' : null}
            <a href={`${agendaPath(token, 'export')}?format=${name}`}>{EXPORT_FORMATS[name].label}</a>
          </>
        ))}
      </p>
      <p class="muted">
        {own
          ? "Every meeting of this 1:1 you were part of, with its commitments and their history. Private notes are included only in your own download: yours are in it, and never the other person's."
          : "Every meeting of this 1:1, with its commitments and their history. Private notes are included only in each person's own download, from the link in their email; this shared link's has none."}
      </p>
    </section>
  );
}
