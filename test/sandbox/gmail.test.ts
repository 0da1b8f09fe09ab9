/**
 * Gmail `users.messages.send` with `{raw}` (base64url RFC 2822): headers with RFC 2047 encoded-words, plain,
 * HTML and multipart/alternative bodies in quoted-printable or base64, delivery to every To/Cc/Bcc mailbox
 * (`GET /sandbox/mail?to=`, newest first), and a From that is not the sender refused.
 */
import { Buffer } from 'node:buffer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage } from '../../src/sandbox/sandbox.ts';
import { expectGoogleError, googleGmail, type RunningSandbox, startSandbox } from './support.ts';

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
});
afterAll(() => run.close());

const maya = 'maya@example.com';

function raw(lines: string[]): string {
  return Buffer.from(lines.join('\r\n')).toString('base64url');
}

async function inbox(to: string): Promise<MailMessage[]> {
  const response = await fetch(`${run.base}/sandbox/mail?to=${encodeURIComponent(to)}`);
  return (await response.json()) as MailMessage[];
}

describe('users.messages.send', () => {
  it('reads the address outside a quoted display name that itself holds "<" and "@" (RFC 5322 quoted-string)', async () => {
    const { api, options } = googleGmail(run.base, maya);
    const message = raw([
      'From: maya@example.com',
      'To: "Sam <the report> sam@old.example" <sam.quoted@example.com>',
      'Subject: hi',
      '',
      'Hello',
    ]);
    await api.users.messages.send({ userId: 'me', requestBody: { raw: message } }, options);
    expect(await inbox('sam.quoted@example.com')).toHaveLength(1);
    expect(await inbox('sam@old.example')).toEqual([]);
  });

  it('delivers a multipart/alternative message to To and Cc, decoding headers and bodies', async () => {
    const { api, options } = googleGmail(run.base, maya);
    const message = raw([
      'From: =?UTF-8?Q?Maya_P=C3=A1tel?= <maya@example.com>',
      'To: "Sam, the report" <sam@example.com>',
      'Cc: lee@example.com',
      'Subject: =?UTF-8?B?w4RnZW5kYSBmb3IgeW91ciAxOjE=?=',
      'MIME-Version: 1.0',
      'Content-Type: multipart/alternative; boundary="b1"',
      '',
      '--b1',
      'Content-Type: text/plain; charset=UTF-8',
      'Content-Transfer-Encoding: quoted-printable',
      '',
      'Caf=C3=A9 at 10 =E2=80=93 see you=',
      ' there',
      '--b1',
      'Content-Type: text/html; charset=UTF-8',
      'Content-Transfer-Encoding: base64',
      '',
      Buffer.from('<p>Café at 10</p>').toString('base64'),
      '--b1--',
      '',
    ]);
    run.clock.set('2024-10-15T11:00:00Z');
    const { data } = await api.users.messages.send({ userId: 'me', requestBody: { raw: message } }, options);
    expect(data).toEqual({ id: expect.stringMatching(/^[0-9a-f]{16}$/), threadId: data.id, labelIds: ['SENT'] });

    const [received] = await inbox('sam@example.com');
    expect(received).toMatchObject({
      from: maya,
      to: ['sam@example.com'],
      cc: ['lee@example.com'],
      subject: 'Ägenda for your 1:1',
      text: 'Café at 10 – see you there',
      html: '<p>Café at 10</p>',
      sentAt: '2024-10-15T11:00:00.000Z',
    });
    expect((await inbox('LEE@example.com'))[0]?.subject).toBe('Ägenda for your 1:1');
  });

  it('lists newest first, fills in a missing From, and delivers to Bcc without showing it', async () => {
    const { api, options } = googleGmail(run.base, maya);
    for (const subject of ['first', 'second']) {
      const message = raw([
        'To: pat@example.com',
        'Bcc: boss@example.com',
        `Subject: ${subject}`,
        '',
        `body ${subject}`,
      ]);
      await api.users.messages.send({ userId: 'me', requestBody: { raw: message } }, options);
    }
    const received = await inbox('pat@example.com');
    expect(received.map((m) => [m.subject, m.text, m.from, m.html])).toEqual([
      ['second', 'body second', maya, null],
      ['first', 'body first', maya, null],
    ]);
    expect((await inbox('boss@example.com')).map((m) => m.subject)).toEqual(['second', 'first']);
    expect(JSON.stringify(received)).not.toContain('boss@');
  });

  it('refuses a From that is not the sender with 400 invalidArgument', async () => {
    const { api, options } = googleGmail(run.base, maya);
    const message = raw(['From: noreply@carryover.app', 'To: sam@example.com', 'Subject: x', '', 'x']);
    await expectGoogleError(
      api.users.messages.send({ userId: 'me', requestBody: { raw: message } }, options),
      400,
      'invalidArgument',
    );
  });
});
