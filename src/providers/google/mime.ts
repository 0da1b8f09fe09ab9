import type { Person } from '../../core/types.ts';
import { encodeBase64url } from '../../security/base64url.ts';

/** What an RFC 2822 message is built from. */
export interface MimeMessage {
  readonly from: Person;
  readonly to: readonly Person[];
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** A unique token for the multipart boundary and Message-ID (tests pass a fixed one). */
  readonly unique: string;
}

const encoder = new TextEncoder();

function base64(text: string): string {
  let binary = '';
  for (const byte of encoder.encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** RFC 2047 encoded-word for headers with non-ASCII text (names, subjects); plain ASCII stays readable. */
function headerText(text: string): string {
  const clean = text.replace(/[\r\n]+/g, ' ');
  return /^[\x20-\x7e]*$/.test(clean) ? clean : `=?UTF-8?B?${base64(clean)}?=`;
}

function address(person: Person): string {
  const email = person.email.replace(/[\r\n<>]/g, '');
  if (!person.name) return email;
  const name = headerText(person.name);
  return name.startsWith('=?') ? `${name} <${email}>` : `"${name.replace(/["\\]/g, '')}" <${email}>`;
}

/** Base64 body lines of at most 76 characters, as RFC 2045 asks. */
function bodyBase64(text: string): string {
  return (base64(text).match(/.{1,76}/g) ?? []).join('\r\n');
}

/**
 * Builds a multipart/alternative (text + HTML) RFC 2822 message, UTF-8 throughout, and returns it base64url-encoded
 * as Gmail's messages.send `raw` field wants it. Header values are stripped of line breaks (no header injection).
 */
export function buildRawMessage(message: MimeMessage): string {
  const boundary = `carryover-${message.unique}`;
  const domain = message.from.email.split('@')[1] ?? 'carryover.invalid';
  const lines = [
    `From: ${address(message.from)}`,
    `To: ${message.to.map(address).join(', ')}`,
    `Subject: ${headerText(message.subject)}`,
    `Message-ID: <${message.unique}@${domain}>`,
    'MIME-Version: 1.0',
    `Content-Type: multipart/alternative; boundary="${boundary}"`,
    '',
    `--${boundary}`,
    'Content-Type: text/plain; charset="UTF-8"',
    'Content-Transfer-Encoding: base64',
    '',
    bodyBase64(message.text),
    `--${boundary}`,
    'Content-Type: text/html; charset="UTF-8"',
    'Content-Transfer-Encoding: base64',
    '',
    bodyBase64(message.html),
    `--${boundary}--`,
    '',
  ];
  return encodeBase64url(encoder.encode(lines.join('\r\n')));
}
