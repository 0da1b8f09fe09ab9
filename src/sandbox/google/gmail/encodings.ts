/**
 * The byte-level encodings of Internet mail: base64url (Gmail's `raw`), base64 and quoted-printable transfer
 * encodings (RFC 2045), RFC 2047 encoded-words in headers, and charset decoding. Mail is handled as a "binary
 * string" (one char per byte) until a part's charset is known.
 */

/** Decodes base64 or base64url, padded or not, into a binary string; undefined when it is not base64. */
export function decodeBase64Binary(text: string): string | undefined {
  const clean = text.replace(/\s+/g, '').replaceAll('-', '+').replaceAll('_', '/').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]*$/.test(clean) || clean.length % 4 === 1) return undefined;
  return atob(clean + '='.repeat((4 - (clean.length % 4)) % 4));
}

/** Decodes quoted-printable (RFC 2045 §6.7) into a binary string. */
export function decodeQuotedPrintable(text: string, underscoreIsSpace = false): string {
  const softBreaks = text.replace(/=\r?\n/g, '');
  const spaced = underscoreIsSpace ? softBreaks.replaceAll('_', ' ') : softBreaks;
  return spaced.replace(/=([0-9A-Fa-f]{2})/g, (_, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
}

/** Decodes a binary string as text in a charset (UTF-8 when the charset is unknown to the runtime). */
export function decodeCharset(binary: string, charset: string | undefined): string {
  const bytes = Uint8Array.from(binary, (char) => char.charCodeAt(0));
  try {
    return new TextDecoder(charset ?? 'utf-8').decode(bytes);
  } catch {
    // An unsupported or misspelled charset label: UTF-8 is what nearly all mail is, and beats failing the send.
    return new TextDecoder('utf-8').decode(bytes);
  }
}

/** Decodes RFC 2047 encoded-words (`=?UTF-8?B?…?=`, `=?UTF-8?Q?…?=`) in a header value. */
export function decodeEncodedWords(value: string): string {
  // Whitespace between two adjacent encoded-words is not part of the text (RFC 2047 §6.2).
  const joined = value.replace(/(=\?[^?]+\?[BbQq]\?[^?]*\?=)\s+(?==\?[^?]+\?[BbQq]\?[^?]*\?=)/g, '$1');
  return joined.replace(
    /=\?([^?*]+)(?:\*[^?]*)?\?([BbQq])\?([^?]*)\?=/g,
    (word, charset: string, encoding: string, text: string) => {
      const binary = encoding.toUpperCase() === 'B' ? decodeBase64Binary(text) : decodeQuotedPrintable(text, true);
      return binary === undefined ? word : decodeCharset(binary, charset);
    },
  );
}
