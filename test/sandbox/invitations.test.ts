/**
 * Calendar v3 invitations ("Events & invitations", "Sharing and attendees"): one event on the organizer's and each
 * attendee's calendar with the same id and iCalUID; only the organizer may change shared fields (403
 * `forbiddenForNonOrganizer`); an attendee's response shows on the organizer's copy; private extended properties
 * stay per calendar; removing an attendee cancels their copy; resources get none; events.move hands the event over;
 * an attendee declining one instance (by their response or by deleting it) shows on the organizer's instance.
 */
import type { calendar_v3 } from '@googleapis/calendar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capturingDeliver, expectGoogleError, googleCalendar, type RunningSandbox, startSandbox } from './support.ts';

const pushes = capturingDeliver();
let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox({ deliver: pushes.deliver });
});
afterAll(() => run.close());

const maya = 'maya@example.com';
const sam = 'sam@example.com';
const room = 'c_1888abc@resource.calendar.google.com';

function as(user: string) {
  return googleCalendar(run.base, user);
}

async function syncToken(user: string): Promise<string> {
  const { api, options } = as(user);
  return (await api.events.list({ calendarId: 'primary' }, options)).data.nextSyncToken ?? '';
}

async function changes(user: string, token: string): Promise<calendar_v3.Schema$Event[]> {
  const { api, options } = as(user);
  return (await api.events.list({ calendarId: 'primary', syncToken: token }, options)).data.items ?? [];
}

async function invite(attendees: calendar_v3.Schema$EventAttendee[]): Promise<calendar_v3.Schema$Event> {
  const { api, options } = as(maya);
  const { data } = await api.events.insert(
    {
      calendarId: 'primary',
      sendUpdates: 'all',
      requestBody: {
        summary: 'Maya / Sam',
        start: { dateTime: '2024-10-15T10:00:00', timeZone: 'Europe/Berlin' },
        end: { dateTime: '2024-10-15T10:30:00', timeZone: 'Europe/Berlin' },
        recurrence: ['RRULE:FREQ=WEEKLY;BYDAY=TU'],
        attendees,
        extendedProperties: { private: { carryover: 'maya-side' } },
      },
    },
    options,
  );
  return data;
}

describe('attendee copies', () => {
  it("puts the event on the attendee's calendar with the same id and iCalUID, but not on a room's", async () => {
    const event = await invite([
      { email: sam, displayName: 'Sam' },
      { email: room, resource: true },
    ]);
    const { api, options } = as(sam);
    const { data: copy } = await api.events.get({ calendarId: 'primary', eventId: event.id ?? '' }, options);
    expect(copy.id).toBe(event.id);
    expect(copy.iCalUID).toBe(event.iCalUID);
    expect(copy.organizer).toEqual({ email: maya });
    expect(copy.attendees).toEqual([
      { email: maya, organizer: true, responseStatus: 'accepted' },
      { email: sam, displayName: 'Sam', self: true, responseStatus: 'needsAction' },
      { email: room, resource: true, responseStatus: 'needsAction' },
    ]);
    // Private properties are private to the calendar that set them.
    expect(copy.extendedProperties).toBeUndefined();
    const roomView = as(room);
    expect((await roomView.api.events.list({ calendarId: 'primary' }, roomView.options)).data.items).toEqual([]);
  });

  it('refuses shared-field changes from an attendee with 403 forbiddenForNonOrganizer', async () => {
    const event = await invite([{ email: sam }]);
    const { api, options } = as(sam);
    await expectGoogleError(
      api.events.patch(
        { calendarId: 'primary', eventId: event.id ?? '', requestBody: { description: 'mine now' } },
        options,
      ),
      403,
      'forbiddenForNonOrganizer',
    );
    await expectGoogleError(
      api.events.patch(
        { calendarId: 'primary', eventId: `${event.id}_20241022T080000Z`, requestBody: { summary: 'x' } },
        options,
      ),
      403,
      'forbiddenForNonOrganizer',
    );
  });

  it("lets the attendee answer and keep private properties; the organizer's copy shows the answer", async () => {
    const event = await invite([{ email: sam }]);
    const eventId = event.id ?? '';
    const mayaToken = await syncToken(maya);
    const { api, options } = as(sam);
    const { data: mine } = await api.events.get({ calendarId: 'primary', eventId }, options);
    const attendees = (mine.attendees ?? []).map((a) => (a.self ? { ...a, responseStatus: 'accepted' } : a));
    const { data: answered } = await api.events.patch(
      {
        calendarId: 'primary',
        eventId,
        requestBody: { attendees, extendedProperties: { private: { carryover: 'sam-side' } } },
      },
      options,
    );
    expect(answered.extendedProperties).toEqual({ private: { carryover: 'sam-side' } });

    const organizerChanges = await changes(maya, mayaToken);
    const seen = organizerChanges.find((item) => item.id === eventId);
    expect(seen?.attendees?.find((a) => a.email === sam)?.responseStatus).toBe('accepted');
    expect(seen?.extendedProperties).toEqual({ private: { carryover: 'maya-side' } });
  });

  it("shows the organizer's changes on the attendee's copy, in the attendee's sync", async () => {
    const event = await invite([{ email: sam }]);
    const eventId = event.id ?? '';
    const samToken = await syncToken(sam);
    const before = (await as(sam).api.events.get({ calendarId: 'primary', eventId }, as(sam).options)).data;
    const { api, options } = as(maya);
    await api.events.patch({ calendarId: 'primary', eventId, requestBody: { description: '<b>Agenda</b>' } }, options);
    await api.events.patch(
      { calendarId: 'primary', eventId: `${eventId}_20241022T080000Z`, requestBody: { summary: 'moved room' } },
      options,
    );

    const seen = await changes(sam, samToken);
    const master = seen.find((item) => item.id === eventId);
    expect(master?.description).toBe('<b>Agenda</b>');
    expect(master?.etag).not.toBe(before.etag);
    expect(seen.find((item) => item.id === `${eventId}_20241022T080000Z`)?.summary).toBe('moved room');
  });

  it("cancels the event on a removed attendee's calendar", async () => {
    const event = await invite([{ email: sam }, { email: 'lee@example.com' }]);
    const eventId = event.id ?? '';
    const samToken = await syncToken(sam);
    const { api, options } = as(maya);
    await api.events.patch(
      { calendarId: 'primary', eventId, requestBody: { attendees: [{ email: 'lee@example.com' }] } },
      options,
    );
    const seen = await changes(sam, samToken);
    expect(seen.find((item) => item.id === eventId)?.status).toBe('cancelled');
    const samList = (await as(sam).api.events.list({ calendarId: 'primary' }, as(sam).options)).data.items ?? [];
    expect(samList.some((item) => item.id === eventId)).toBe(false);
  });

  it("takes an event off only the attendee's calendar when they delete it, declining for the organizer", async () => {
    const event = await invite([{ email: sam }]);
    const eventId = event.id ?? '';
    await as(sam).api.events.delete({ calendarId: 'primary', eventId }, as(sam).options);
    const { data: organizers } = await as(maya).api.events.get({ calendarId: 'primary', eventId }, as(maya).options);
    expect(organizers.status).toBe('confirmed');
    expect(organizers.attendees?.find((a) => a.email === sam)?.responseStatus).toBe('declined');
  });

  it('gives the event back to an attendee the organizer invites again', async () => {
    const event = await invite([{ email: sam }]);
    const eventId = event.id ?? '';
    const organizer = as(maya);
    await organizer.api.events.patch(
      { calendarId: 'primary', eventId, requestBody: { attendees: [] } },
      organizer.options,
    );
    await organizer.api.events.patch(
      { calendarId: 'primary', eventId, requestBody: { attendees: [{ email: sam }] } },
      organizer.options,
    );
    const { data } = await as(sam).api.events.get({ calendarId: 'primary', eventId }, as(sam).options);
    expect(data.status).toBe('confirmed');
  });

  it('hides an instance the organizer cancelled from the attendee too', async () => {
    const event = await invite([{ email: sam }]);
    const eventId = event.id ?? '';
    await as(maya).api.events.delete(
      { calendarId: 'primary', eventId: `${eventId}_20241022T080000Z` },
      as(maya).options,
    );
    const { api, options } = as(sam);
    const { data } = await api.events.instances(
      { calendarId: 'primary', eventId, timeMax: '2024-10-30T00:00:00Z' },
      options,
    );
    expect(data.items?.map((item) => item.id)).toEqual([`${eventId}_20241015T080000Z`, `${eventId}_20241029T090000Z`]);
  });
});

describe('events.move (change of organizer)', () => {
  it('makes the destination the organizer and takes the event off the old organizer', async () => {
    const event = await invite([{ email: sam }]);
    const eventId = event.id ?? '';
    const mayaToken = await syncToken(maya);
    const samToken = await syncToken(sam);
    const { api, options } = as(maya);
    const { data: moved } = await api.events.move(
      { calendarId: 'primary', eventId, destination: 'lee@example.com' },
      options,
    );
    expect(moved.organizer).toEqual({ email: 'lee@example.com', self: true });
    expect(moved.id).toBe(eventId);

    expect((await changes(maya, mayaToken)).find((item) => item.id === eventId)?.status).toBe('cancelled');
    const samSees = (await changes(sam, samToken)).find((item) => item.id === eventId);
    expect(samSees?.organizer).toEqual({ email: 'lee@example.com' });
    expect(samSees?.attendees?.map((a) => a.email).sort()).toEqual(['lee@example.com', sam]);
    await expectGoogleError(
      as(sam).api.events.move({ calendarId: 'primary', eventId, destination: sam }, as(sam).options),
      403,
      'forbidden',
    );
  });
});

/**
 * One instance declined by the attendee. "Recurring events" › "Modify or delete instances": a single instance is
 * changed by writing it (its id, `{eventId}_{originalStart}`), which makes it an exception; "Events & invitations"
 * › "Invite users to an event" and the Events resource (`attendees[].responseStatus`): the attendee sets their own
 * response on their copy. Either way the organizer's copy of that instance — and only it — shows the attendee as
 * declined, with a new etag, in the organizer's incremental sync (as an exception with `recurringEventId`) and in a
 * push notification to the organizer's channel.
 */
describe('an attendee declining one instance', () => {
  const window = { timeMin: '2024-10-01T00:00:00Z', timeMax: '2024-10-30T00:00:00Z' };
  const declinedStart = '2024-10-22T08:00:00Z';

  async function instances(user: string, eventId: string): Promise<calendar_v3.Schema$Event[]> {
    const { api, options } = as(user);
    return (await api.events.instances({ calendarId: 'primary', eventId, ...window }, options)).data.items ?? [];
  }

  const utcStart = (event: calendar_v3.Schema$Event | undefined) =>
    new Date(event?.start?.dateTime ?? '').toISOString().replace('.000', '');
  const samsAnswer = (event: calendar_v3.Schema$Event | undefined) =>
    event?.attendees?.find((a) => a.email === sam)?.responseStatus;

  /** A fresh meeting, the organizer's instances, a sync token and a push channel on the organizer's calendar. */
  async function meeting(channelId: string) {
    const event = await invite([{ email: sam }]);
    const eventId = event.id ?? '';
    const before = await instances(maya, eventId);
    const token = await syncToken(maya);
    const { api, options } = as(maya);
    await api.events.watch(
      {
        calendarId: 'primary',
        requestBody: { id: channelId, type: 'web_hook', address: `https://hooks.example.com/${channelId}` },
      },
      options,
    );
    await run.sandbox.idle();
    const pushed = () =>
      pushes.requests
        .filter((r) => r.headers.get('x-goog-channel-id') === channelId)
        .map((r) => r.headers.get('x-goog-resource-state'));
    expect(pushed()).toEqual(['sync']);
    const mine = (await instances(sam, eventId)).find((item) => utcStart(item) === declinedStart);
    expect(mine?.id).toBe(`${eventId}_20241022T080000Z`);
    return { eventId, before, token, pushed, instanceId: mine?.id ?? '', mine };
  }

  /** What the organizer sees after the decline: that instance declined and changed, the rest as they were. */
  async function expectOrganizerSeesDecline(setup: Awaited<ReturnType<typeof meeting>>) {
    const { eventId, before, token, pushed, instanceId } = setup;
    await run.sandbox.idle();
    expect(pushed()).toEqual(['sync', 'exists']);

    const after = await instances(maya, eventId);
    expect(after.map((item) => [item.id, samsAnswer(item)])).toEqual([
      [`${eventId}_20241015T080000Z`, 'needsAction'],
      [instanceId, 'declined'],
      [`${eventId}_20241029T090000Z`, 'needsAction'],
    ]);
    expect(after[1]?.etag).not.toBe(before[1]?.etag);
    expect(after[1]?.status).toBe('confirmed');
    expect(after[0]?.etag).toBe(before[0]?.etag);
    expect(after[2]?.etag).toBe(before[2]?.etag);

    const { api, options } = as(maya);
    const { data: got } = await api.events.get({ calendarId: 'primary', eventId: instanceId }, options);
    expect(samsAnswer(got)).toBe('declined');
    const { data: series } = await api.events.get({ calendarId: 'primary', eventId }, options);
    expect(samsAnswer(series)).toBe('needsAction');

    const synced = await changes(maya, token);
    expect(synced.map((item) => [item.id, item.recurringEventId, item.status, samsAnswer(item)])).toEqual([
      [instanceId, eventId, 'confirmed', 'declined'],
    ]);
    expect(synced[0]?.originalStartTime?.dateTime).toBe('2024-10-22T08:00:00Z');
  }

  it('by setting their own responseStatus on the instance (Events: patch of the instance id)', async () => {
    const setup = await meeting('maya-declined-by-answer');
    const { api, options } = as(sam);
    // As a calendar app sends it: the attendee list as listed, with only their own entry changed.
    const attendees = (setup.mine?.attendees ?? []).map((a) => (a.self ? { ...a, responseStatus: 'declined' } : a));
    const { data: answered } = await api.events.patch(
      { calendarId: 'primary', eventId: setup.instanceId, requestBody: { attendees } },
      options,
    );
    expect(samsAnswer(answered)).toBe('declined');
    await expectOrganizerSeesDecline(setup);
    // A declined instance stays on the attendee's calendar, marked declined; the others are still unanswered.
    const samSees = await instances(sam, setup.eventId);
    expect(samSees.map(samsAnswer)).toEqual(['needsAction', 'declined', 'needsAction']);
  });

  it('by deleting their copy of the instance (Events: delete of the instance id)', async () => {
    const setup = await meeting('maya-declined-by-delete');
    const samToken = await syncToken(sam);
    const { api, options } = as(sam);
    await api.events.delete({ calendarId: 'primary', eventId: setup.instanceId }, options);
    await expectOrganizerSeesDecline(setup);
    // Gone from the attendee's calendar only (their sync reports it cancelled); the rest of the series stays there.
    const samSees = await instances(sam, setup.eventId);
    expect(samSees.map((item) => item.id)).toEqual([
      `${setup.eventId}_20241015T080000Z`,
      `${setup.eventId}_20241029T090000Z`,
    ]);
    const samSynced = await changes(sam, samToken);
    expect(samSynced.map((item) => [item.id, item.recurringEventId, item.status])).toEqual([
      [setup.instanceId, setup.eventId, 'cancelled'],
    ]);
  });
});
