/**
 * Reads an RFC 2822 / MIME message as Gmail's `users.messages.send` receives it in `raw`: headers (unfolded, RFC 2047
 * decoded), address lists, and the text/plain and text/html bodies of a single-part or multipart message with
 * 7bit, 8bit, quoted-printable or base64 transfer encoding. Attachments are skipped.
 */
import { decodeBase64Binary, decodeCharset, decodeEncodedWords, decodeQuotedPrintable } from './encodings.ts';

/** What the sandbox keeps of a sent message. */
export interface ParsedMessage {
  readonly headers: ReadonlyMap<string, string>;
  readonly from: string | undefined;
  readonly to: readonly string[];
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly subject: string;
  readonly text: string | null;
  readonly html: string | null;
}

interface Part {
  readonly headers: Map<string, string>;
  readonly body: string;
}

/** Parses a message given as a binary string. */
export function parseMessage(binary: string): ParsedMessage {
  const top = splitPart(binary);
  const bodies = { text: null as string | null, html: null as string | null };
  collectBodies(top, bodies, 0);
  const header = (name: string) => top.headers.get(name);
  return {
    headers: top.headers,
    from: addresses(header('from'))[0],
    to: addresses(header('to')),
    cc: addresses(header('cc')),
    bcc: addresses(header('bcc')),
    subject: decodeEncodedWords(header('subject') ?? ''),
    text: bodies.text,
    html: bodies.html,
  };
}

/** The bare addresses of an address-list header (`"Maya" <maya@x>, sam@y` → `maya@x`, `sam@y`). */
export function addresses(value: string | undefined): string[] {
  if (!value) return [];
  const found: string[] = [];
  for (const entry of splitAddressList(value)) {
    // A display name may hold any character inside its quotes (RFC 5322 quoted-string), '<' included: the address
    // is the angle-addr outside them.
    const unquoted = entry.replace(/"(?:[^"\\]|\\.)*"/g, '');
    const angle = /<([^>]*)>/.exec(unquoted);
    const address = (angle?.[1] ?? unquoted.replace(/\([^)]*\)/g, '')).trim();
    if (address.includes('@')) found.push(address.toLowerCase());
  }
  return found;
}

function splitAddressList(value: string): string[] {
  const entries: string[] = [];
  let current = '';
  let quoted = false;
  let angle = 0;
  for (const char of value) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && char === '<') angle += 1;
    else if (!quoted && char === '>') angle = Math.max(0, angle - 1);
    if (char === ',' && !quoted && angle === 0) {
      entries.push(current);
      current = '';
    } else current += char;
  }
  entries.push(current);
  return entries.map((e) => e.trim()).filter((e) => e !== '');
}

function splitPart(binary: string): Part {
  const boundary = /\r?\n\r?\n/.exec(binary);
  const head = boundary ? binary.slice(0, boundary.index) : binary;
  const body = boundary ? binary.slice(boundary.index + boundary[0].length) : '';
  const headers = new Map<string, string>();
  // Folded header lines continue on lines that start with whitespace (RFC 5322 §2.2.3).
  for (const line of head.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return { headers, body };
}

function collectBodies(part: Part, into: { text: string | null; html: string | null }, depth: number): void {
  const type = contentType(part.headers.get('content-type'));
  if (type.mediaType.startsWith('multipart/') && type.params.boundary && depth < 8) {
    for (const child of multipartChildren(part.body, type.params.boundary)) collectBodies(child, into, depth + 1);
    return;
  }
  if (/^\s*attachment/i.test(part.headers.get('content-disposition') ?? '')) return;
  if (type.mediaType !== 'text/plain' && type.mediaType !== 'text/html') return;
  const text = decodeCharset(
    decodeTransfer(part.body, part.headers.get('content-transfer-encoding')),
    type.params.charset,
  );
  if (type.mediaType === 'text/plain') into.text ??= text;
  else into.html ??= text;
}

function multipartChildren(body: string, boundary: string): Part[] {
  const delimiter = `--${boundary}`;
  const children: Part[] = [];
  const chunks = body.split(new RegExp(`\\r?\\n?${escapeRegExp(delimiter)}`));
  // The chunk before the first delimiter is the preamble; a chunk starting with "--" follows the closing delimiter.
  for (const chunk of chunks.slice(1)) {
    if (chunk.startsWith('--')) break;
    children.push(splitPart(chunk.replace(/^[ \t]*\r?\n/, '')));
  }
  return children;
}

function decodeTransfer(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '7bit').trim().toLowerCase()) {
    case 'base64':
      return decodeBase64Binary(body) ?? body;
    case 'quoted-printable':
      return decodeQuotedPrintable(body);
    default:
      return body;
  }
}

function contentType(value: string | undefined): { mediaType: string; params: Record<string, string> } {
  // RFC 2045 §5.2: no Content-Type means text/plain in US-ASCII.
  const [mediaType = 'text/plain', ...rest] = (value ?? 'text/plain').split(';');
  const params: Record<string, string> = {};
  for (const param of rest) {
    const eq = param.indexOf('=');
    if (eq < 0) continue;
    params[param.slice(0, eq).trim().toLowerCase()] = param
      .slice(eq + 1)
      .trim()
      .replace(/^"|"$/g, '');
  }
  return { mediaType: mediaType.trim().toLowerCase(), params };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
