/**
 * `sendUpdates` on events.patch / events.update (Calendar v3): `none` — no notifications, and guests not on Google
 * Calendar do not get the change at all (they hold no copy; the email is all they would have had); `externalOnly` —
 * an email to the guests not on Google Calendar; `all` — to every guest. The emails land in the sandbox mailbox as
 * meeting messages ("Updated invitation: …"), listed with `kind=meeting`, apart from mail the service sent.
 */
import type { calendar_v3 } from '@googleapis/calendar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { control, expectGoogleError, googleCalendar, type RunningSandbox, startSandbox } from './support.ts';

const MAYA = 'maya@example.com';
const SAM = 'sam@example.com';
const OUT = 'olu@outlook.example';

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
  run.clock.set('2026-11-20T09:00:00Z');
  await control(run.base, 'guest-calendar', { domain: 'outlook.example', google: 'false' });
});
afterAll(() => run.close());

interface Delivered {
  readonly from: string;
  readonly subject: string;
  readonly meetingMessageType?: string;
}

async function inbox(email: string, kind = 'meeting'): Promise<Delivered[]> {
  const response = await fetch(`${run.base}/sandbox/mail?to=${encodeURIComponent(email)}&kind=${kind}`);
  return (await response.json()) as Delivered[];
}

async function clearMail(): Promise<void> {
  await fetch(`${run.base}/sandbox/mail`, { method: 'DELETE' });
}

async function meeting(extra: calendar_v3.Schema$Event = {}): Promise<calendar_v3.Schema$Event> {
  const { api, options } = googleCalendar(run.base, MAYA);
  const { data } = await api.events.insert(
    {
      calendarId: 'primary',
      sendUpdates: 'none',
      requestBody: {
        summary: '1:1',
        start: { dateTime: '2026-11-24T10:00:00Z', timeZone: 'UTC' },
        end: { dateTime: '2026-11-24T10:30:00Z', timeZone: 'UTC' },
        attendees: [{ email: SAM }, { email: OUT }, { email: 'room-1@resource.calendar.google.com', resource: true }],
        ...extra,
      },
    },
    options,
  );
  await clearMail();
  return data;
}

async function patchAs(
  email: string,
  eventId: string,
  sendUpdates: string | undefined,
  body: calendar_v3.Schema$Event,
) {
  const { api, options } = googleCalendar(run.base, email);
  return api.events.patch(
    { calendarId: 'primary', eventId, requestBody: body, ...(sendUpdates !== undefined && { sendUpdates }) },
    options,
  );
}

describe('sendUpdates on an organizer\u2019s change', () => {
  it('none (and no parameter at all): no email, and the guest outside Google Calendar never sees the change', async () => {
    const event = await meeting();
    await patchAs(MAYA, event.id ?? '', 'none', { description: 'Agenda v2' });
    await patchAs(MAYA, event.id ?? '', undefined, { description: 'Agenda v3' });
    expect(await inbox(SAM)).toEqual([]);
    expect(await inbox(OUT)).toEqual([]);
    // Sam sees it on his own Google calendar; Olu has no Google copy to see it on.
    const sam = googleCalendar(run.base, SAM);
    expect(
      (await sam.api.events.get({ calendarId: 'primary', eventId: event.id ?? '' }, sam.options)).data.description,
    ).toBe('Agenda v3');
    const olu = googleCalendar(run.base, OUT);
    await expectGoogleError(
      olu.api.events.get({ calendarId: 'primary', eventId: event.id ?? '' }, olu.options),
      404,
      'notFound',
    );
  });

  it('externalOnly: an "Updated invitation" email to the guests not on Google Calendar only', async () => {
    const event = await meeting();
    await patchAs(MAYA, event.id ?? '', 'externalOnly', { description: 'Agenda v2' });
    expect(await inbox(SAM)).toEqual([]);
    expect(await inbox(OUT)).toEqual([
      expect.objectContaining({
        from: MAYA,
        subject: `Updated invitation: 1:1 @ Tue 24 Nov 2026 10:00 (UTC) (${OUT})`,
        meetingMessageType: 'meetingRequest',
      }),
    ]);
  });

  it('all: one email to every guest — not the organizer, not a room', async () => {
    const event = await meeting();
    await patchAs(MAYA, event.id ?? '', 'all', { summary: 'Weekly 1:1' });
    expect((await inbox(SAM)).map((m) => m.subject)).toEqual([
      `Updated invitation: Weekly 1:1 @ Tue 24 Nov 2026 10:00 (UTC) (${SAM})`,
    ]);
    expect(await inbox(OUT)).toHaveLength(1);
    expect(await inbox(MAYA)).toEqual([]);
    expect(await inbox('room-1@resource.calendar.google.com')).toEqual([]);
  });

  it('tells of a cancellation as "Canceled event", and of one changed instance with its own time', async () => {
    const event = await meeting({ recurrence: ['RRULE:FREQ=WEEKLY;COUNT=4'] });
    const { api, options } = googleCalendar(run.base, MAYA);
    const { data } = await api.events.instances({ calendarId: 'primary', eventId: event.id ?? '' }, options);
    const second = data.items?.[1];
    await patchAs(MAYA, second?.id ?? '', 'all', { description: 'Only this week' });
    expect((await inbox(SAM)).map((m) => m.subject)).toEqual([
      `Updated invitation: 1:1 @ Tue 1 Dec 2026 10:00 (UTC) (${SAM})`,
    ]);
    await clearMail();
    await patchAs(MAYA, event.id ?? '', 'externalOnly', { status: 'cancelled' });
    expect(await inbox(OUT)).toEqual([
      expect.objectContaining({
        subject: expect.stringMatching(/^Canceled event: 1:1 @ /),
        meetingMessageType: 'meetingCancelled',
      }),
    ]);
  });

  it('keeps the emails out of the plain mailbox listing, which shows what the service sent', async () => {
    const event = await meeting();
    await patchAs(MAYA, event.id ?? '', 'all', { description: 'x' });
    expect(await inbox(SAM, 'mail')).toEqual([]);
    expect(await inbox(SAM, 'all')).toHaveLength(1);
  });
});

describe('what sends nothing', () => {
  it('an attendee answering for themselves, and a change that changes nothing guests see', async () => {
    const event = await meeting();
    const attendees = (event.attendees ?? []).map((a) => (a.email === SAM ? { ...a, responseStatus: 'accepted' } : a));
    await patchAs(SAM, event.id ?? '', 'all', { attendees });
    await patchAs(MAYA, event.id ?? '', 'all', {
      extendedProperties: { private: { carryover: 'managed-block' } },
    });
    expect(await inbox(SAM)).toEqual([]);
    expect(await inbox(OUT)).toEqual([]);
    expect(await inbox(MAYA)).toEqual([]);
  });

  it('refuses a sendUpdates value Google does not know', async () => {
    const event = await meeting();
    await expectGoogleError(patchAs(MAYA, event.id ?? '', 'everyone', { description: 'x' }), 400, 'invalid');
  });
});
