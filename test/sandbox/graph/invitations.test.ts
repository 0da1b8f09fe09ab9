/**
 * Meetings across mailboxes, as Exchange keeps them ("Outlook calendar: meeting requests" via Graph): each invited
 * person gets their own copy (own id, same iCalUId, `isOrganizer: false`, `responseStatus: notResponded`); the
 * organizer's changes to body, times, recurrence, attendees, single occurrences and cancellation reach every copy;
 * an attendee's own edits stay on their copy (Graph does not forbid them); resources get no copy; accept / decline
 * show on the organizer's attendee list.
 */
import type { Event } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { graphClient, type RunningSandbox, startSandbox } from './support.ts';

type Page = { value: Event[] };

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
});
afterAll(() => run.close());

const WINDOW = 'startDateTime=2024-10-01T00:00:00Z&endDateTime=2024-11-01T00:00:00Z';

function attendees(...emails: string[]) {
  return emails.map((address) => ({
    emailAddress: { address, name: address.split('@')[0] },
    type: address.startsWith('room') ? 'resource' : 'required',
  }));
}

async function onlyEvent(user: string): Promise<Event> {
  const page: Page = await graphClient(run.base, user).api('/me/events').get();
  expect(page.value).toHaveLength(1);
  return page.value[0] as Event;
}

describe('invitations', () => {
  it('gives each invitee their own copy with its own id, the same iCalUId and isOrganizer false; rooms get none', async () => {
    const organizer = graphClient(run.base, 'ana@example.com');
    const created: Event = await organizer.api('/me/events').post({
      subject: '1:1 Ana / Ben',
      body: { contentType: 'html', content: '<p>Agenda</p>' },
      start: { dateTime: '2024-10-15T10:00:00', timeZone: 'UTC' },
      end: { dateTime: '2024-10-15T10:30:00', timeZone: 'UTC' },
      attendees: attendees('ben@example.com', 'room-1@example.com'),
    });
    expect(created.attendees?.[0]?.status?.response).toBe('none');
    const copy = await onlyEvent('ben@example.com');
    expect(copy.id).not.toBe(created.id);
    expect(copy).toMatchObject({
      iCalUId: created.iCalUId,
      isOrganizer: false,
      subject: '1:1 Ana / Ben',
      responseStatus: { response: 'notResponded' },
      organizer: { emailAddress: { address: 'ana@example.com' } },
      body: { content: '<p>Agenda</p>' },
    });
    const room: Page = await graphClient(run.base, 'room-1@example.com').api('/me/events').get();
    expect(room.value).toEqual([]);
  });

  it("carries the organizer's body and time changes to the copy, and leaves an attendee's own edits on theirs", async () => {
    const organizer = graphClient(run.base, 'cleo@example.com');
    const created: Event = await organizer.api('/me/events').post({
      subject: 'sync',
      body: { contentType: 'html', content: '<p>v1</p>' },
      start: { dateTime: '2024-10-15T10:00:00', timeZone: 'UTC' },
      end: { dateTime: '2024-10-15T10:30:00', timeZone: 'UTC' },
      attendees: attendees('dev@example.com'),
    });
    const attendee = graphClient(run.base, 'dev@example.com');
    const copy = await onlyEvent('dev@example.com');
    await attendee
      .api(`/me/events/${encodeURIComponent(copy.id ?? '')}`)
      .patch({ subject: 'my name for it', categories: ['Red'] });
    await organizer.api(`/me/events/${encodeURIComponent(created.id ?? '')}`).patch({
      body: { contentType: 'html', content: '<p>v2</p>' },
      start: { dateTime: '2024-10-16T10:00:00', timeZone: 'UTC' },
      end: { dateTime: '2024-10-16T10:30:00', timeZone: 'UTC' },
    });
    const updated = await onlyEvent('dev@example.com');
    expect(updated).toMatchObject({
      id: copy.id,
      subject: 'my name for it',
      categories: ['Red'],
      body: { content: '<p>v2</p>' },
      start: { dateTime: '2024-10-16T10:00:00.0000000' },
    });
    expect(updated.changeKey).not.toBe(copy.changeKey);
    const organizerView: Event = await organizer.api(`/me/events/${encodeURIComponent(created.id ?? '')}`).get();
    expect(organizerView.subject).toBe('sync');
  });

  it('keeps occurrence exceptions and cancellations in step on the copy of a series', async () => {
    const organizer = graphClient(run.base, 'eve@example.com');
    const master: Event = await organizer.api('/me/events').post({
      subject: 'weekly',
      start: { dateTime: '2024-10-07T10:00:00', timeZone: 'UTC' },
      end: { dateTime: '2024-10-07T10:30:00', timeZone: 'UTC' },
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: ['monday'] },
        range: { type: 'numbered', startDate: '2024-10-07', numberOfOccurrences: 3 },
      },
      attendees: attendees('finn@example.com'),
    });
    const own: Page = await organizer
      .api(`/me/events/${encodeURIComponent(master.id ?? '')}/instances?${WINDOW}`)
      .get();
    await organizer.api(`/me/events/${encodeURIComponent(own.value[0]?.id ?? '')}`).patch({
      start: { dateTime: '2024-10-08T15:00:00', timeZone: 'UTC' },
      end: { dateTime: '2024-10-08T15:30:00', timeZone: 'UTC' },
    });
    await organizer.api(`/me/events/${encodeURIComponent(own.value[1]?.id ?? '')}`).delete();

    const copy = await onlyEvent('finn@example.com');
    expect(copy.type).toBe('seriesMaster');
    const theirs: Page = await graphClient(run.base, 'finn@example.com')
      .api(`/me/events/${encodeURIComponent(copy.id ?? '')}/instances?${WINDOW}`)
      .get();
    expect(theirs.value.map((e) => [e.type, e.start?.dateTime?.slice(0, 16), e.isCancelled, e.subject])).toEqual([
      ['exception', '2024-10-08T15:00', false, 'weekly'],
      ['exception', '2024-10-14T10:00', true, 'Canceled: weekly'],
      ['occurrence', '2024-10-21T10:00', false, 'weekly'],
    ]);
    expect(theirs.value.map((e) => e.id)).not.toContain(own.value[0]?.id);
    expect(theirs.value[0]?.seriesMasterId).toBe(copy.id);
  });

  it('marks the copy cancelled when the organizer deletes the meeting or uninvites the person', async () => {
    const organizer = graphClient(run.base, 'gus@example.com');
    const created: Event = await organizer.api('/me/events').post({
      subject: 'to cancel',
      start: { dateTime: '2024-10-15T10:00:00', timeZone: 'UTC' },
      end: { dateTime: '2024-10-15T10:30:00', timeZone: 'UTC' },
      attendees: attendees('hal@example.com', 'ivy@example.com'),
    });
    await organizer
      .api(`/me/events/${encodeURIComponent(created.id ?? '')}`)
      .patch({ attendees: attendees('hal@example.com') });
    expect(await onlyEvent('ivy@example.com')).toMatchObject({ isCancelled: true, subject: 'Canceled: to cancel' });
    expect(await onlyEvent('hal@example.com')).toMatchObject({ isCancelled: false });
    await organizer.api(`/me/events/${encodeURIComponent(created.id ?? '')}`).delete();
    expect(await onlyEvent('hal@example.com')).toMatchObject({ isCancelled: true, subject: 'Canceled: to cancel' });
  });

  it("shows an attendee's accept on the organizer's attendee list; a decline takes the meeting off their calendar", async () => {
    const organizer = graphClient(run.base, 'jo@example.com');
    const created: Event = await organizer.api('/me/events').post({
      subject: 'answers',
      start: { dateTime: '2024-10-15T10:00:00', timeZone: 'UTC' },
      end: { dateTime: '2024-10-15T10:30:00', timeZone: 'UTC' },
      attendees: attendees('kim@example.com', 'lou@example.com'),
    });
    const kim = await onlyEvent('kim@example.com');
    await graphClient(run.base, 'kim@example.com')
      .api(`/me/events/${encodeURIComponent(kim.id ?? '')}/accept`)
      .post({ sendResponse: true });
    const lou = await onlyEvent('lou@example.com');
    await graphClient(run.base, 'lou@example.com')
      .api(`/me/events/${encodeURIComponent(lou.id ?? '')}/decline`)
      .post({});
    expect(await onlyEvent('kim@example.com')).toMatchObject({
      responseStatus: { response: 'accepted' },
      showAs: 'busy',
    });
    const louNow: Page = await graphClient(run.base, 'lou@example.com').api('/me/events').get();
    expect(louNow.value).toEqual([]);
    const view: Event = await organizer.api(`/me/events/${encodeURIComponent(created.id ?? '')}`).get();
    expect(view.attendees?.map((a) => [a.emailAddress?.address, a.status?.response])).toEqual([
      ['kim@example.com', 'accepted'],
      ['lou@example.com', 'declined'],
    ]);
  });

  it("takes an attendee's deleted copy off their calendar only, until the organizer's next update re-sends it", async () => {
    const organizer = graphClient(run.base, 'max@example.com');
    const created: Event = await organizer.api('/me/events').post({
      subject: 'resent',
      start: { dateTime: '2024-10-15T10:00:00', timeZone: 'UTC' },
      end: { dateTime: '2024-10-15T10:30:00', timeZone: 'UTC' },
      attendees: attendees('ned@example.com'),
    });
    const attendee = graphClient(run.base, 'ned@example.com');
    const copy = await onlyEvent('ned@example.com');
    await attendee.api(`/me/events/${encodeURIComponent(copy.id ?? '')}`).delete();
    const path = `/me/events/${encodeURIComponent(created.id ?? '')}`;
    await organizer.api(path).patch({ categories: ['Blue'] });
    expect(((await attendee.api('/me/events').get()) as Page).value).toEqual([]);
    await organizer.api(path).patch({ subject: 'resent, moved' });
    const again = await onlyEvent('ned@example.com');
    expect(again).toMatchObject({ subject: 'resent, moved', iCalUId: created.iCalUId });
    expect(again.id).not.toBe(copy.id);
  });
});
