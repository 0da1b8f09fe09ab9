/**
 * What Exchange does to an event body it stores (microsoft-graph-docs#8215: a `text` body comes back as
 * "auto-generated html"; office-js#828 and #2910: Outlook's stored HTML is rewritten and its source re-wrapped; the
 * "Get event" and "Create event" reference examples: `<html>\r\n<head>\r\n<meta http-equiv="Content-Type" …>\r\n
 * </head>\r\n<body>\r\n…\r\n</body>\r\n</html>\r\n`). The sandbox models a documented and observed subset,
 * deterministically, so a client that compares the raw string it wrote with what it reads back fails here as it would
 * against Outlook:
 *
 * - the body is always a whole HTML document: a fragment (or a full document, whose `<head>` extras such as a
 *   `<style>` are kept) goes inside `<body>`, with Exchange's CRLF layout and its own Content-Type meta;
 * - a `text` body becomes HTML: escaped, each line break a `<br>`, the whole in a `<div>` (Outlook's conversion);
 * - attributes are re-serialized: every value in double quotes (`href='x'`, `href=x` → `href="x"`), one space
 *   between attributes, and void elements lose their XHTML slash (`<br/>`, `<br />` → `<br>`);
 * - text is re-flowed: line breaks become CRLF, and a text run longer than 76 characters is folded at spaces
 *   (a space becomes CRLF) so no folded line is longer than that — Outlook's wrapped HTML source.
 *
 * Nothing visible changes, and everything a writer sent is still there in the same order: whitespace in HTML text
 * shows as one space wherever it breaks. Text inside `<pre>`, `<textarea>`, `<style>` and `<script>` is kept as
 * sent. Storing what this returns and storing it again gives the same string.
 */

/** Exchange's stored-body layout and its Content-Type meta. */
const META = '<meta http-equiv="Content-Type" content="text/html; charset=utf-8">';
/** The longest line a folded text run keeps. */
export const FOLD_WIDTH = 76;
const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'wbr']);
const VERBATIM = new Set(['pre', 'textarea', 'style', 'script']);

/** The body as Exchange stores it: a whole HTML document, or '' when nothing was written. */
export function exchangeBody(contentType: 'text' | 'html', content: string): string {
  if (content.trim() === '') return '';
  const { head, bodyTag, body } =
    contentType === 'text' ? { head: '', bodyTag: '<body>', body: textToHtml(content) } : split(content);
  const extras = head === '' ? '' : `${head}\r\n`;
  return `<html>\r\n<head>\r\n${META}\r\n${extras}</head>\r\n${bodyTag}\r\n${normalise(body)}\r\n</body>\r\n</html>\r\n`;
}

/** Outlook's HTML for a plain-text body: escaped, line breaks as `<br>`, in a `<div>`. */
function textToHtml(text: string): string {
  const escaped = text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
  return `<div>${escaped.replace(/\r?\n/g, '<br>\r\n')}</div>`;
}

/**
 * A document's `<head>` extras (its Content-Type meta dropped), its `<body>` tag and what is inside; a fragment is all
 * body.
 */
function split(html: string): { head: string; bodyTag: string; body: string } {
  const headMatch = /<head\b[^>]*>([\s\S]*?)<\/head\s*>/i.exec(html);
  const head = (headMatch?.[1] ?? '')
    .replace(/<meta\b[^>]*http-equiv\s*=\s*["']?content-type["']?[^>]*>/gi, '')
    .replace(/<meta\b[^>]*\bcontent\s*=\s*["']?text\/html;[^>]*>/gi, '')
    .trim();
  const bodyMatch = /(<body\b(?:[^>"']|"[^"]*"|'[^']*')*>)([\s\S]*)<\/body\s*>/i.exec(html);
  if (bodyMatch) {
    return { head: normaliseTags(head), bodyTag: serializeTag(bodyMatch[1] ?? ''), body: (bodyMatch[2] ?? '').trim() };
  }
  const rest = html
    .replace(/<head\b[^>]*>[\s\S]*?<\/head\s*>/i, '')
    .replace(/<\/?html\b[^>]*>/gi, '')
    .replace(/<!doctype[^>]*>/i, '');
  return { head: normaliseTags(head), bodyTag: '<body>', body: rest.trim() };
}

// One token of HTML: a comment, a declaration, a tag (quoted values may hold '>'), or text up to the next '<'.
const TOKENS = /<!--[\s\S]*?-->|<![^>]*>|<\/?[A-Za-z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>|[^<]+|</g;
const ATTRIBUTE = /([^\s=/>"']+)(?:\s*=\s*("[^"]*"|'[^']*'|[^\s>"']+))?/g;

/** Re-serializes tags and re-flows text, leaving verbatim elements' text alone. */
function normalise(html: string): string {
  let verbatim: string | undefined;
  let out = '';
  for (const [token] of html.matchAll(TOKENS)) {
    const tag = /^<(\/?)([A-Za-z][^\s/>]*)/.exec(token);
    if (tag) {
      const name = (tag[2] ?? '').toLowerCase();
      if (tag[1] === '' && VERBATIM.has(name) && verbatim === undefined) verbatim = name;
      else if (tag[1] === '/' && name === verbatim) verbatim = undefined;
      out += serializeTag(token);
    } else if (token.startsWith('<') && token.length > 1) {
      out += token; // a comment or a declaration: kept as written
    } else {
      out += verbatim === undefined ? reflow(token) : token;
    }
  }
  return out;
}

function normaliseTags(html: string): string {
  return html.replace(/<[A-Za-z][^\s/>]*(?:[^>"']|"[^"]*"|'[^']*')*>/g, serializeTag);
}

/** A tag with its attributes double-quoted, one space apart, and no XHTML slash on a void element. */
function serializeTag(tag: string): string {
  const match = /^<(\/?)([A-Za-z][^\s/>]*)([\s\S]*?)(\/?)>$/.exec(tag);
  if (!match) return tag;
  const [, close, name = '', rest = '', slash] = match;
  if (close) return `</${name}>`;
  const attributes: string[] = [];
  for (const [, attribute, raw] of rest.matchAll(ATTRIBUTE)) {
    if (raw === undefined) {
      attributes.push(attribute ?? '');
      continue;
    }
    const value = raw.startsWith('"') || raw.startsWith("'") ? raw.slice(1, -1) : raw;
    attributes.push(`${attribute}="${value.replaceAll('"', '&quot;')}"`);
  }
  const selfClosing = slash && !VOID.has(name.toLowerCase()) ? ' /' : '';
  return `<${name}${attributes.map((a) => ` ${a}`).join('')}${selfClosing}>`;
}

/** Line breaks as CRLF, and each line longer than FOLD_WIDTH folded at the last space that keeps it within. */
function reflow(text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => fold(line))
    .join('\r\n');
}

function fold(line: string): string {
  const lines: string[] = [];
  let rest = line;
  while (rest.length > FOLD_WIDTH) {
    let at = rest.lastIndexOf(' ', FOLD_WIDTH);
    if (at <= 0) at = rest.indexOf(' ', FOLD_WIDTH + 1);
    if (at <= 0) break; // one long word: nowhere to fold
    lines.push(rest.slice(0, at));
    rest = rest.slice(at + 1);
  }
  lines.push(rest);
  return lines.join('\r\n');
}
