/**
 * How the people of a chaos run use their calendars, straight against the sandbox (as their calendar apps would):
 * read every meeting of a series with its description, and edit their own text in one meeting's invite while
 * Carryover may be writing its block into it.
 */
import { googleDriver, microsoftDriver, type ProviderDriver } from '../contract/drivers.ts';
import { testClock } from '../support/harness.ts';

/** A meeting of a series as the organizer's calendar holds it. */
export interface Meeting {
  readonly id: string;
  readonly start: Date;
  readonly description: string;
}

const bearer = (email: string) => ({ Authorization: `Bearer sandbox:${email}` });

async function json<T>(response: Response, what: string): Promise<T> {
  if (!response.ok) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * Every meeting of a series from `from` on, earliest first, cancelled ones left out: what the contract drivers read as
 * a person's upcoming meetings, at `from`.
 */
export async function meetingsOf(
  provider: ProviderDriver['name'],
  sandboxUrl: string,
  organizer: string,
  seriesId: string,
  from: Date,
): Promise<Meeting[]> {
  const driver = provider === 'google' ? googleDriver : microsoftDriver;
  return driver.upcoming({ url: sandboxUrl, clock: testClock(from) }, organizer, seriesId);
}

/** The organizer's text in a description: `own text v{N} of {tag}`. */
export const ownText = (tag: string, version: number) => `own text v${version} of ${tag}`;
const OWN_TEXT = /own text v\d+ of /;

/**
 * The organizer changes their own words in one meeting's invite — reads it, replaces `own text vN` with the next
 * version, writes it back whole (block included, as read) without an etag, as a calendar app does. Returns the
 * description written, or undefined when the meeting was not there to edit.
 */
export async function editOwnText(
  provider: ProviderDriver['name'],
  sandboxUrl: string,
  organizer: string,
  meetingId: string,
  tag: string,
  version: number,
): Promise<string | undefined> {
  if (provider === 'google') {
    const url = `${sandboxUrl}/sandbox/google/calendar/v3/calendars/primary/events/${meetingId}`;
    const read = await fetch(url, { headers: bearer(organizer) });
    if (!read.ok) return undefined;
    const event = (await read.json()) as { description?: string };
    const mine = new RegExp(`${OWN_TEXT.source}${tag}`);
    if (!mine.test(event.description ?? '')) return undefined;
    const description = (event.description ?? '').replace(mine, ownText(tag, version));
    await json(
      await fetch(url, {
        method: 'PATCH',
        headers: { ...bearer(organizer), 'content-type': 'application/json' },
        body: JSON.stringify({ description }),
      }),
      'events.patch',
    );
    return description;
  }
  const url = `${sandboxUrl}/sandbox/graph/v1.0/me/events/${encodeURIComponent(meetingId)}`;
  const read = await fetch(url, { headers: bearer(organizer) });
  if (!read.ok) return undefined;
  const event = (await read.json()) as { body?: { content?: string } };
  const mine = new RegExp(`${OWN_TEXT.source}${tag}`);
  if (!mine.test(event.body?.content ?? '')) return undefined;
  const content = (event.body?.content ?? '').replace(mine, ownText(tag, version));
  await json(
    await fetch(url, {
      method: 'PATCH',
      headers: { ...bearer(organizer), 'content-type': 'application/json' },
      body: JSON.stringify({ body: { contentType: 'html', content } }),
    }),
    'PATCH event',
  );
  return content;
}
