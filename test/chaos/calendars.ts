/**
 * How the people of a chaos run use their calendars, straight against the sandbox (as their calendar apps would):
 * read every meeting of a series with its description, and edit their own text in one meeting's invite while
 * Carryover may be writing its block into it.
 */
import type { ProviderDriver } from '../contract/drivers.ts';

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

/** Every meeting of a series from `from` on, earliest first, cancelled ones left out. */
export async function meetingsOf(
  provider: ProviderDriver['name'],
  sandboxUrl: string,
  organizer: string,
  seriesId: string,
  from: Date,
): Promise<Meeting[]> {
  if (provider === 'google') {
    const list = await json<{ items?: { id: string; start: { dateTime: string }; description?: string }[] }>(
      await fetch(
        `${sandboxUrl}/sandbox/google/calendar/v3/calendars/primary/events/${seriesId}/instances?timeMin=${from.toISOString()}&maxResults=2500`,
        { headers: bearer(organizer) },
      ),
      'events.instances',
    );
    return (list.items ?? []).map((e) => ({
      id: e.id,
      start: new Date(e.start.dateTime),
      description: e.description ?? '',
    }));
  }
  const to = new Date(from.getTime() + 400 * 86_400_000);
  const list = await json<{ value?: { id: string; start: { dateTime: string }; body?: { content?: string } }[] }>(
    await fetch(
      `${sandboxUrl}/sandbox/graph/v1.0/me/events/${encodeURIComponent(seriesId)}/instances?startDateTime=${from.toISOString()}&endDateTime=${to.toISOString()}`,
      { headers: { ...bearer(organizer), Prefer: 'outlook.timezone="UTC"' } },
    ),
    'instances',
  );
  return (list.value ?? [])
    .map((e) => ({
      id: e.id,
      start: new Date(`${e.start.dateTime.replace(/Z$/, '')}Z`),
      description: e.body?.content ?? '',
    }))
    .sort((a, b) => a.start.getTime() - b.start.getTime());
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
