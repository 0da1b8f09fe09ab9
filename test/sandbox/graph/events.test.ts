/**
 * Graph "event resource type", "Create event", "Get event", "Update event", "Delete event" through the real Graph JS
 * client: ids and etags, `If-Match` → 412 `ErrorIrresolvableConflict`, times in UTC unless `Prefer:
 * outlook.timezone`, Windows zone names in `originalStartTimeZone`, HTML bodies stored as Exchange rewrites them
 * (exchange-html.ts; the Teams blob's markup survives it as is), single-value
 * extended properties (written by PATCH, returned only when `$expand`ed, findable with `$filter … any(…)`), and
 * Graph's error format.
 */
import type { Event } from '@microsoft/microsoft-graph-types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exchangeBody } from '../../../src/sandbox/graph/calendar/exchange-html.ts';
import { GET_EVENT_EXAMPLE_PROPERTIES } from './fixtures/get-event-example.ts';
import { expectGraphError, graphClient, type RunningSandbox, startSandbox } from './support.ts';

const maya = 'maya@example.com';
const TAG = 'String {66f5a359-4659-4830-9070-00047ec6ac6e} Name carryover';
// An Outlook/Teams join blob: it must come back untouched.
const TEAMS_BODY =
  '<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"></head><body><div>Agenda</div>' +
  '<div style="width:100%">________________________________________________________________________________</div>' +
  '<div class="me-email-text" lang="en-US"><a href="https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=%7b%22Tid%22%3a%22x%22%7d" target="_blank" rel="noreferrer noopener">Join the meeting now</a>' +
  '&nbsp;&amp; more</div></body></html>';
// What Exchange stores of it: the same markup in its own document layout.
const STORED_TEAMS_BODY = exchangeBody('html', TEAMS_BODY);

let run: RunningSandbox;
beforeAll(async () => {
  run = await startSandbox();
});
afterAll(() => run.close());

const oneOnOne = {
  subject: '1:1 Maya / Sam',
  body: { contentType: 'html', content: TEAMS_BODY },
  start: { dateTime: '2024-10-15T10:00:00', timeZone: 'W. Europe Standard Time' },
  end: { dateTime: '2024-10-15T10:30:00', timeZone: 'W. Europe Standard Time' },
};

describe('organizer and attendee names', () => {
  it('makes the creating mailbox the organizer whatever organizer is sent (read-only, microsoft-graph-docs#17988)', async () => {
    const created: Event = await graphClient(run.base, maya)
      .api('/me/events')
      .post({
        ...oneOnOne,
        isOrganizer: false,
        organizer: { emailAddress: { address: 'lee@example.com', name: 'Lee' } },
      });
    expect(created.isOrganizer).toBe(true);
    expect(created.organizer?.emailAddress?.address).toBe(maya);
  });

  it('names an attendee by their address when no name was given (emailAddress: "the display name")', async () => {
    const created: Event = await graphClient(run.base, maya)
      .api('/me/events')
      .post({ ...oneOnOne, attendees: [{ emailAddress: { address: 'sam@example.com' }, type: 'required' }] });
    expect(created.attendees?.[0]?.emailAddress).toEqual({ address: 'sam@example.com', name: 'sam@example.com' });
  });
});

describe('create and get', () => {
  it('creates an event with Graph ids, a weak etag and UTC times, storing the HTML body as Exchange lays it out', async () => {
    const client = graphClient(run.base, maya);
    const created: Event & { '@odata.etag': string } = await client.api('/me/events').post(oneOnOne);
    expect(created.id).toMatch(/^AAMkAD[\w-]+=$/);
    expect(created['@odata.etag']).toBe(`W/"${created.changeKey}"`);
    expect(created).toMatchObject({
      type: 'singleInstance',
      isOrganizer: true,
      isCancelled: false,
      seriesMasterId: null,
      subject: '1:1 Maya / Sam',
      // Berlin is UTC+2 in October: 10:00 local is 08:00Z, written without offset and with seven digits.
      start: { dateTime: '2024-10-15T08:00:00.0000000', timeZone: 'UTC' },
      end: { dateTime: '2024-10-15T08:30:00.0000000', timeZone: 'UTC' },
      originalStartTimeZone: 'W. Europe Standard Time',
      responseStatus: { response: 'organizer' },
      organizer: { emailAddress: { address: maya, name: 'Maya' } },
      body: { contentType: 'html', content: STORED_TEAMS_BODY },
    });
    expect(STORED_TEAMS_BODY).toContain(
      TEAMS_BODY.slice(TEAMS_BODY.indexOf('<div>Agenda'), TEAMS_BODY.indexOf('</body>')),
    );
    expect(created.iCalUId).toMatch(/^040000008200E00074C5B7101A82E008/);
    const fetched: Event = await client.api(`/me/events/${encodeURIComponent(created.id ?? '')}`).get();
    expect(fetched.body?.content).toBe(STORED_TEAMS_BODY);
    expect(fetched.id).toBe(created.id);
    expect(fetched).not.toHaveProperty('singleValueExtendedProperties');
  });

  it('writes times in the zone asked for with Prefer: outlook.timezone (Windows or IANA) and says so', async () => {
    const client = graphClient(run.base, maya);
    const created: Event = await client.api('/me/calendar/events').post({
      ...oneOnOne,
      start: { dateTime: '2024-10-16T09:00:00', timeZone: 'Europe/Berlin' },
      end: { dateTime: '2024-10-16T09:45:00', timeZone: 'Europe/Berlin' },
    });
    // Created by IANA name: Outlook still records the Windows name.
    expect(created.originalStartTimeZone).toBe('W. Europe Standard Time');
    const path = `/me/events/${encodeURIComponent(created.id ?? '')}`;
    const pacific: Event = await client.api(path).header('Prefer', 'outlook.timezone="Pacific Standard Time"').get();
    expect(pacific.start).toEqual({ dateTime: '2024-10-16T00:00:00.0000000', timeZone: 'Pacific Standard Time' });
    const sydney: Event = await client.api(path).header('Prefer', 'outlook.timezone="Australia/Sydney"').get();
    expect(sydney.start).toEqual({ dateTime: '2024-10-16T18:00:00.0000000', timeZone: 'Australia/Sydney' });
    const raw = await fetch(`${run.base}/sandbox/graph/v1.0${path}`, {
      headers: { Authorization: `Bearer sandbox:${maya}`, Prefer: 'outlook.timezone="Pacific Standard Time"' },
    });
    expect(raw.headers.get('preference-applied')).toBe('outlook.timezone="Pacific Standard Time"');
    expect(raw.headers.get('request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers with the properties of the documented "Get event" example response', async () => {
    const client = graphClient(run.base, maya);
    const created: Event = await client.api('/me/events').post(oneOnOne);
    const fetched: Record<string, unknown> = await client
      .api(`/me/events/${encodeURIComponent(created.id ?? '')}`)
      .get();
    expect(Object.keys(fetched).sort()).toEqual([...GET_EVENT_EXAMPLE_PROPERTIES].sort());
  });

  it('returns a text body as HTML unless Prefer: outlook.body-content-type="text" ("Get event")', async () => {
    const client = graphClient(run.base, maya);
    const created: Event = await client
      .api('/me/events')
      .post({ ...oneOnOne, body: { contentType: 'text', content: 'Agenda:\n1. <hiring>' } });
    expect(created.body?.contentType).toBe('html');
    expect(created.body?.content).toContain('<div>Agenda:<br>\r\n1. &lt;hiring&gt;</div>');
    const path = `/me/events/${encodeURIComponent(created.id ?? '')}`;
    const text: Event = await client.api(path).header('Prefer', 'outlook.body-content-type="text"').get();
    expect(text.body).toEqual({ contentType: 'text', content: 'Agenda:\n1. <hiring>' });
    const html: Event = await client
      .api(`/me/events/${encodeURIComponent((await client.api('/me/events').post(oneOnOne)).id)}`)
      .header('Prefer', 'outlook.body-content-type="text"')
      .get();
    expect(html.body?.contentType).toBe('text');
    expect(html.body?.content).toBe(
      'Agenda\n________________________________________________________________________________\nJoin the meeting now & more',
    );
  });

  it('lists events with $select, $top and an absolute nextLink', async () => {
    const client = graphClient(run.base, 'lister@example.com');
    for (const subject of ['a', 'b', 'c']) await client.api('/me/events').post({ ...oneOnOne, subject });
    const first = await client.api('/me/events?$top=2&$select=subject').get();
    expect(first.value.map((e: Event) => e.subject)).toEqual(['a', 'b']);
    expect(Object.keys(first.value[0]).sort()).toEqual(['@odata.etag', 'id', 'subject']);
    expect(first['@odata.nextLink']).toMatch(new RegExp(`^${run.base}/sandbox/graph/v1.0/me/events\\?.*\\$skip=2`));
  });
});

describe('update with If-Match', () => {
  it('answers 412 ErrorIrresolvableConflict for a stale etag and changes etag and changeKey on every change', async () => {
    const client = graphClient(run.base, maya);
    const created: Event & { '@odata.etag': string } = await client.api('/me/events').post(oneOnOne);
    const path = `/me/events/${encodeURIComponent(created.id ?? '')}`;
    const updated: Event & { '@odata.etag': string } = await client
      .api(path)
      .header('If-Match', created['@odata.etag'])
      .patch({ subject: 'renamed' });
    expect(updated.subject).toBe('renamed');
    expect(updated['@odata.etag']).not.toBe(created['@odata.etag']);
    expect(updated.changeKey).not.toBe(created.changeKey);
    // PATCH replaces only what it names.
    expect(updated.body?.content).toBe(STORED_TEAMS_BODY);
    const stale = await expectGraphError(
      client.api(path).header('If-Match', created['@odata.etag']).patch({ subject: 'lost update' }),
      412,
      'ErrorIrresolvableConflict',
    );
    const body = JSON.parse(stale.body as string) as { message: string; innerError: Record<string, string> };
    expect(body.message).toMatch(/change key passed in the request does not match/);
    expect(body.innerError['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.innerError.date).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(stale.requestId).toBe(body.innerError['request-id']);
    const current: Event = await client.api(path).get();
    expect(current.subject).toBe('renamed');
  });

  it('deletes an event (404 ErrorItemNotFound afterwards, and for a stale If-Match 412)', async () => {
    const client = graphClient(run.base, maya);
    const created: Event & { '@odata.etag': string } = await client.api('/me/events').post(oneOnOne);
    const path = `/me/events/${encodeURIComponent(created.id ?? '')}`;
    await client.api(path).patch({ subject: 'moved on' });
    await expectGraphError(
      client.api(path).header('If-Match', created['@odata.etag']).delete(),
      412,
      'ErrorIrresolvableConflict',
    );
    await client.api(path).delete();
    await expectGraphError(client.api(path).get(), 404, 'ErrorItemNotFound');
    await expectGraphError(client.api(path).delete(), 404, 'ErrorItemNotFound');
  });
});

describe('single-value extended properties', () => {
  it('writes a property by PATCH, returns it only when $expanded, and finds the event by $filter any()', async () => {
    const client = graphClient(run.base, 'tagger@example.com');
    const created: Event = await client.api('/me/events').post(oneOnOne);
    const other: Event = await client.api('/me/events').post({ ...oneOnOne, subject: 'untagged' });
    const path = `/me/events/${encodeURIComponent(created.id ?? '')}`;
    await client.api(path).patch({ singleValueExtendedProperties: [{ id: TAG, value: 'managed' }] });
    const plain: Event = await client.api(path).get();
    expect(plain).not.toHaveProperty('singleValueExtendedProperties');
    const expanded: Event = await client
      .api(path)
      .expand(`singleValueExtendedProperties($filter=id eq '${TAG}')`)
      .get();
    expect(expanded.singleValueExtendedProperties).toEqual([{ id: TAG, value: 'managed' }]);
    const untagged: Event = await client
      .api(`/me/events/${encodeURIComponent(other.id ?? '')}`)
      .expand(`singleValueExtendedProperties($filter=id eq '${TAG}')`)
      .get();
    expect(untagged.singleValueExtendedProperties).toEqual([]);
    const found = await client
      .api('/me/events')
      .filter(`singleValueExtendedProperties/Any(ep: ep/id eq '${TAG}' and ep/value eq 'managed')`)
      .get();
    expect(found.value.map((e: Event) => e.id)).toEqual([created.id]);
    await expectGraphError(
      client.api(path).patch({ singleValueExtendedProperties: [{ id: 'carryover', value: 'x' }] }),
      400,
      'BadRequest',
    );
  });
});

describe('errors', () => {
  it('answers 401 InvalidAuthenticationToken without a token or with an unknown one', async () => {
    const none = await fetch(`${run.base}/sandbox/graph/v1.0/me/events`);
    expect(none.status).toBe(401);
    expect(((await none.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'InvalidAuthenticationToken',
      message: 'Access token is empty.',
    });
    await expectGraphError(
      graphClient(run.base, () => 'eyJ0eXAi.not.ours')
        .api('/me/events')
        .get(),
      401,
      'InvalidAuthenticationToken',
    );
  });

  it("answers 403 ErrorAccessDenied for another user's calendar and 400 for a resource Graph does not have", async () => {
    const client = graphClient(run.base, maya);
    await expectGraphError(client.api('/users/sam@example.com/events').get(), 403, 'ErrorAccessDenied');
    const me = await client.api('/me').get();
    const own = await client.api(`/users/${me.id}/events`).get();
    expect(Array.isArray(own.value)).toBe(true);
    await expectGraphError(client.api('/me/eventz').get(), 400, 'BadRequest');
  });
});
