import { describe, expect, it } from 'vitest';
import { buildRawMessage } from '../../../src/providers/google/mime.ts';

const decode = (raw: string) => Buffer.from(raw, 'base64url').toString('utf8');
const part = (message: string, type: string) => {
  const section = message.split(/--carryover-[^\r\n]+/).find((s) => s.includes(`Content-Type: ${type}`)) ?? '';
  const body = section.split('\r\n\r\n')[1] ?? '';
  return Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8');
};

describe('the prompt email as Gmail receives it (RFC 2822, base64url)', () => {
  it('carries text and HTML alternatives, UTF-8 throughout', () => {
    const message = decode(
      buildRawMessage({
        from: { email: 'maya@example.com', name: 'Maya' },
        to: [{ email: 'sam@example.com', name: 'Sam Müller' }],
        subject: 'Your 1:1 with Maya: record what you agreed ✅',
        text: 'Grüße — see you 👋',
        html: '<p>Grüße</p>',
        unique: 'fixed-1',
      }),
    );
    expect(message).toContain('From: "Maya" <maya@example.com>');
    expect(message).toMatch(/To: =\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= <sam@example.com>/);
    expect(message).toMatch(/Subject: =\?UTF-8\?B\?/);
    expect(message).toContain('Content-Type: multipart/alternative; boundary="carryover-fixed-1"');
    expect(part(message, 'text/plain')).toBe('Grüße — see you 👋');
    expect(part(message, 'text/html')).toBe('<p>Grüße</p>');
  });

  it('cannot be made to carry extra headers through a subject or a name', () => {
    const message = decode(
      buildRawMessage({
        from: { email: 'maya@example.com' },
        to: [{ email: 'sam@example.com', name: 'Sam\r\nBcc: eve@example.com' }],
        subject: 'Hello\r\nBcc: eve@example.com',
        text: 'x',
        html: 'x',
        unique: 'fixed-2',
      }),
    );
    const headers = message.split('\r\n\r\n')[0]!.split('\r\n');
    expect(headers.filter((h) => /^bcc:/i.test(h))).toEqual([]);
  });
});
