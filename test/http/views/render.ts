import type { Child } from 'hono/jsx';

/** The HTML of a rendered JSX element (hono may hand back a Promise for async parts). */
export async function render(element: Child): Promise<string> {
  return String(await (element as { toString(): string | Promise<string> }).toString());
}

/** The HTML of one `<section id=…>` of a page (sections are not nested), or '' when the page has none. */
export function section(html: string, id: string): string {
  const start = html.indexOf(`<section id="${id}"`);
  if (start === -1) return '';
  return html.slice(start, html.indexOf('</section>', start) + '</section>'.length);
}

/** The opening tag of the element with this id, to look at its attributes. */
export function tagWithId(html: string, id: string): string {
  return html.match(new RegExp(`<[a-z]+ [^>]*id="${id}"[^>]*>`))?.[0] ?? '';
}

/** Visible text, roughly: tags dropped, whitespace collapsed, the common entities decoded. */
export function text(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
