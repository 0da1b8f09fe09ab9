/**
 * The meeting messages Exchange sends by itself when an organizer writes a meeting through Graph: every PATCH mails
 * each invitee, body-only changes included, and Graph has no way to avoid it (microsoft-graph-docs#2309 and #7911:
 * "not possible at the moment"; #5647: adding one attendee mails all of them; #12244: a body update re-sends the
 * invitation). They land in the sandbox mailbox as meeting messages (`GET /sandbox/mail?to=&kind=meeting`), apart from
 * ordinary mail.
 */
import type { Event } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MailMessage } from '../../../src/sandbox/mailbox.ts';
import { graphClient, type RunningSandbox, startSandbox } from './support.ts';

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
});
afterAll(() => run.close());

async function mail(to: string, kind: 'mail' | 'meeting' | 'all' = 'meeting'): Promise<MailMessage[]> {
  return (await (
    await fetch(`${run.base}/sandbox/mail?to=${encodeURIComponent(to)}&kind=${kind}`)
  ).json()) as MailMessage[];
}

const attendees = (...emails: string[]) => emails.map((address) => ({ emailAddress: { address }, type: 'required' }));

async function meetingOf(organizer: string, ...invitees: string[]): Promise<Event> {
  return graphClient(run.base, organizer)
    .api('/me/events')
    .post({
      subject: 'Weekly 1:1',
      body: { contentType: 'html', content: '<p>v1</p>' },
      start: { dateTime: '2024-10-15T10:00:00', timeZone: 'UTC' },
      end: { dateTime: '2024-10-15T10:30:00', timeZone: 'UTC' },
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['tuesday'] },
        range: { type: 'numbered', startDate: '2024-10-15', numberOfOccurrences: 4 },
      },
      attendees: [...attendees(...invitees), { emailAddress: { address: 'room@example.com' }, type: 'resource' }],
    });
}

describe("meeting messages an organizer's writes send", () => {
  it('sends the invitation on create, then "Updated: …" for a body-only PATCH, once per PATCH (#2309, #7911)', async () => {
    const created = await meetingOf('ana@example.com', 'ben@example.com');
    expect((await mail('ben@example.com')).map((m) => [m.subject, m.meetingMessageType])).toEqual([
      ['Weekly 1:1', 'meetingRequest'],
    ]);
    const client = graphClient(run.base, 'ana@example.com');
    const path = `/me/events/${encodeURIComponent(created.id ?? '')}`;
    await client.api(path).patch({ body: { contentType: 'html', content: '<p>v2</p>' } });
    await client.api(path).patch({ body: { contentType: 'html', content: '<p>v2</p>' } });
    const received = await mail('ben@example.com');
    expect(received.map((m) => m.subject)).toEqual(['Updated: Weekly 1:1', 'Updated: Weekly 1:1', 'Weekly 1:1']);
    expect(received[0]).toMatchObject({ from: 'ana@example.com', to: ['ben@example.com'] });
    expect(received[0]?.html).toContain('<p>v2</p>');
    // Rooms get no message here; the organizer gets none of their own.
    expect(await mail('room@example.com')).toEqual([]);
    expect(await mail('ana@example.com')).toEqual([]);
  });

  it('sends "Updated: …" for a PATCH of one occurrence, and "Canceled: …" when one is deleted', async () => {
    const created = await meetingOf('cleo@example.com', 'dev@example.com');
    const client = graphClient(run.base, 'cleo@example.com');
    const instances = await client
      .api(
        `/me/events/${encodeURIComponent(created.id ?? '')}/instances?startDateTime=2024-10-01T00:00:00Z&endDateTime=2024-12-01T00:00:00Z`,
      )
      .get();
    const [first, second] = instances.value as Event[];
    await client.api(`/me/events/${encodeURIComponent(first?.id ?? '')}`).patch({ body: { content: '<p>agenda</p>' } });
    await client.api(`/me/events/${encodeURIComponent(second?.id ?? '')}`).delete();
    expect((await mail('dev@example.com')).map((m) => [m.subject, m.meetingMessageType])).toEqual([
      ['Canceled: Weekly 1:1', 'meetingCancelled'],
      ['Updated: Weekly 1:1', 'meetingRequest'],
      ['Weekly 1:1', 'meetingRequest'],
    ]);
  });

  it('invites an added attendee, cancels for a removed one, updates the one who stays (#5647)', async () => {
    const created = await meetingOf('eve@example.com', 'fay@example.com', 'gus@example.com');
    await graphClient(run.base, 'eve@example.com')
      .api(`/me/events/${encodeURIComponent(created.id ?? '')}`)
      .patch({ attendees: attendees('fay@example.com', 'hal@example.com') });
    expect((await mail('fay@example.com')).map((m) => m.subject)).toEqual(['Updated: Weekly 1:1', 'Weekly 1:1']);
    expect((await mail('hal@example.com')).map((m) => m.subject)).toEqual(['Weekly 1:1']);
    expect((await mail('gus@example.com')).map((m) => m.subject)).toEqual(['Canceled: Weekly 1:1', 'Weekly 1:1']);
  });

  it('mails nobody when an attendee edits their own copy, and cancels for everyone when the organizer deletes', async () => {
    const created = await meetingOf('ida@example.com', 'jon@example.com');
    const copies = await graphClient(run.base, 'jon@example.com').api('/me/events').get();
    await graphClient(run.base, 'jon@example.com')
      .api(`/me/events/${encodeURIComponent(copies.value[0].id)}`)
      .patch({ categories: ['Red'] });
    expect(await mail('ida@example.com')).toEqual([]);
    await graphClient(run.base, 'ida@example.com')
      .api(`/me/events/${encodeURIComponent(created.id ?? '')}`)
      .delete();
    expect((await mail('jon@example.com')).map((m) => m.subject)).toEqual(['Canceled: Weekly 1:1', 'Weekly 1:1']);
  });

  it('keeps meeting messages out of the plain listing, which shows what was sent with sendMail', async () => {
    await meetingOf('kim@example.com', 'lou@example.com');
    await graphClient(run.base, 'kim@example.com')
      .api('/me/sendMail')
      .post({
        message: {
          subject: 'hello',
          body: { contentType: 'text', content: 'hi' },
          toRecipients: attendees('lou@example.com'),
        },
      });
    expect((await mail('lou@example.com', 'mail')).map((m) => m.subject)).toEqual(['hello']);
    expect((await mail('lou@example.com', 'all')).map((m) => m.subject)).toEqual(['hello', 'Weekly 1:1']);
    const bad = await fetch(`${run.base}/sandbox/mail?to=lou@example.com&kind=junk`);
    expect(bad.status).toBe(400);
  });
});
