/**
 * The Graph provider against the Graph sandbox, call by call: how it lists series masters (no bodies, paged, bounded
 * and saying so), pages delta with `Prefer: odata.maxpagesize`, takes a 400 `syncStateNotFound` as a `gone` cursor,
 * reads the items notifications named beyond its window, places a zone Outlook could not name in the mailbox's own,
 * renews and reauthorizes its subscription in place, and writes nothing but the body.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sandboxMicrosoftEndpoints } from '../../../src/providers/microsoft/endpoints.ts';
import { createMicrosoftProvider } from '../../../src/providers/microsoft/microsoft-provider.ts';
import type { AccountSession, CalendarProvider } from '../../../src/providers/provider.ts';
import { isProviderError } from '../../../src/providers/provider-error.ts';
import { control, graphClient, type RunningSandbox, startSandbox, webhooks } from '../../sandbox/graph/support.ts';

const hooks = webhooks();
let run: RunningSandbox;
let provider: CalendarProvider;
beforeAll(async () => {
  run = await startSandbox({ deliver: hooks.deliver });
  run.clock.set('2026-11-24T09:00:00Z');
  provider = createMicrosoftProvider(sandboxMicrosoftEndpoints(run.base), run.clock.now, {
    masterListing: { perPage: 2, maxPages: 2 },
  });
});
afterAll(() => run.close());
afterEach(() => vi.restoreAllMocks());

const session = (email: string): AccountSession => ({ email, accessToken: async () => `sandbox:${email}` });

/** The requests the provider sends, as the Graph client hands them to fetch. */
function recordRequests() {
  const seen: { method: string; url: string; prefer: string | null; body: string | null }[] = [];
  const original = globalThis.fetch;
  vi.spyOn(globalThis, 'fetch').mockImplementation(async (input, init) => {
    const request = new Request(input as RequestInfo, init);
    if (request.url.includes('/sandbox/graph/')) {
      const body = request.method === 'GET' ? null : await request.clone().text();
      seen.push({
        method: request.method,
        url: decodeURIComponent(request.url),
        prefer: request.headers.get('prefer'),
        body,
      });
    }
    return original(request);
  });
  return seen;
}

/** A weekly 1:1 of `organizer` with Sam, `weeks` meetings from `firstDay` (10:00 in `zone`). */
async function weekly(organizer: string, subject: string, firstDay: string, zone = 'Europe/Berlin', weeks = 4) {
  const weekday = new Date(`${firstDay}T12:00:00Z`).toLocaleDateString('en-US', { weekday: 'long', timeZone: 'UTC' });
  return graphClient(run.base, organizer)
    .api('/me/events')
    .post({
      subject,
      body: { contentType: 'html', content: '<p>a long agenda the listing never needs</p>' },
      start: { dateTime: `${firstDay}T10:00:00`, timeZone: zone },
      end: { dateTime: `${firstDay}T10:30:00`, timeZone: zone },
      recurrence: {
        pattern: { type: 'weekly', interval: 1, daysOfWeek: [weekday.toLowerCase()] },
        range: { type: 'numbered', startDate: firstDay, numberOfOccurrences: weeks },
      },
      attendees: [{ emailAddress: { address: 'sam@example.com' }, type: 'required' }],
    });
}

describe('a full sync', () => {
  it("lists series masters with $filter=type eq 'seriesMaster' and only what a series needs, without bodies", async () => {
    const me = 'lister@example.com';
    await weekly(me, 'first', '2026-11-24');
    const seen = recordRequests();
    const changes = await provider.listChanges(session(me), 'me', null);
    expect(changes.series.map((s) => s.title)).toEqual(['first']);
    const listing = seen.find((r) => r.url.includes('/me/events?'));
    expect(listing?.url).toContain("$filter=type eq 'seriesMaster'");
    expect(listing?.url).toMatch(/\$select=[^&]*subject/);
    expect(listing?.url).not.toMatch(/\$select=[^&]*body/);
    expect(changes.warning).toBeUndefined();
  });

  it('reads masters page by page, and past its bound lists that far and says so instead of failing', async () => {
    const me = 'crowded@example.com';
    for (const name of ['a', 'b', 'c', 'd', 'e']) await weekly(me, name, '2026-11-24');
    const changes = await provider.listChanges(session(me), 'me', null);
    // Two pages of two: four masters listed; the fifth still comes in, through delta (its meetings are in the window).
    expect(changes.series.map((s) => s.title).sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(changes.warning).toMatch(/more than 4 recurring series; Carryover read the first 4/);
  });

  it('asks delta for pages of 100 (Prefer: odata.maxpagesize) and follows every page to the deltaLink', async () => {
    const me = 'busy@example.com';
    // 2 × 60 daily meetings in the 63-day window: more than one page of 100.
    for (const name of ['x', 'y']) {
      await graphClient(run.base, me)
        .api('/me/events')
        .post({
          subject: name,
          start: { dateTime: '2026-11-24T08:00:00', timeZone: 'UTC' },
          end: { dateTime: '2026-11-24T08:15:00', timeZone: 'UTC' },
          recurrence: {
            pattern: { type: 'daily', interval: 1 },
            range: { type: 'numbered', startDate: '2026-11-24', numberOfOccurrences: 60 },
          },
        });
    }
    const seen = recordRequests();
    const changes = await provider.listChanges(session(me), 'me', null);
    const rounds = seen.filter((r) => r.url.includes('/calendarView/delta'));
    expect(rounds.length).toBe(2);
    for (const page of rounds) expect(page.prefer).toContain('odata.maxpagesize=100');
    expect(rounds[0]?.prefer).toContain('outlook.timezone="UTC"');
    expect(changes.touchedOccurrences).toHaveLength(120);
  });
});

describe('an incremental sync', () => {
  it('takes a 400 syncStateNotFound (as well as 410) for an expired cursor: gone', async () => {
    const me = 'expired@example.com';
    await weekly(me, 'w', '2026-11-24');
    const first = await provider.listChanges(session(me), 'me', null);
    await control(run.base, 'expire-delta-tokens', { email: me, status: '400' });
    const failure = await provider.listChanges(session(me), 'me', first.cursor).catch((e: unknown) => e);
    expect(isProviderError(failure, 'gone')).toBe(true);
  });

  it('reads a notified series whose meetings all lie beyond the delta window, and only what delta did not cover', async () => {
    const me = 'quarterly@example.com';
    const first = await provider.listChanges(session(me), 'me', null);
    const quarterly = await graphClient(run.base, me)
      .api('/me/events')
      .post({
        subject: 'Quarterly 1:1',
        start: { dateTime: '2027-03-04T10:00:00', timeZone: 'UTC' },
        end: { dateTime: '2027-03-04T10:30:00', timeZone: 'UTC' },
        recurrence: {
          pattern: { type: 'absoluteMonthly', interval: 3, dayOfMonth: 4 },
          range: { type: 'noEnd', startDate: '2027-03-04' },
        },
        attendees: [{ emailAddress: { address: 'sam@example.com' }, type: 'required' }],
      });
    const quiet = await provider.listChanges(session(me), 'me', first.cursor);
    expect(quiet.series).toEqual([]);
    const seen = recordRequests();
    const told = await provider.listChanges(session(me), 'me', quiet.cursor, { notifiedItems: [quarterly.id] });
    expect(told.series.map((s) => [s.providerSeriesId, s.title])).toEqual([[quarterly.id, 'Quarterly 1:1']]);
    expect(seen.filter((r) => r.url.includes(`/me/events/${quarterly.id}`))).toHaveLength(1);
  });

  it('lists every series again when more were notified than were kept', async () => {
    const me = 'flood@example.com';
    await weekly(me, 'far', '2027-06-01');
    const first = await provider.listChanges(session(me), 'me', null);
    const again = await provider.listChanges(session(me), 'me', first.cursor, { notifiedItems: 'too-many' });
    expect(again.series.map((s) => s.title)).toEqual(['far']);
  });
});

describe('time zones', () => {
  it('maps the Windows names Outlook writes, and places tzone://Microsoft/Custom in the mailbox zone, read once', async () => {
    const me = 'zones@example.com';
    await weekly(me, 'istanbul', '2026-11-24', 'Europe/Istanbul');
    await weekly(me, 'karachi', '2026-11-24', 'Asia/Karachi');
    const imported = await weekly(me, 'imported', '2026-11-24', 'Asia/Tokyo');
    const other = await weekly(me, 'imported too', '2026-11-25', 'Asia/Tokyo');
    for (const event of [imported, other]) {
      await control(run.base, 'imported-zone', { email: me, event: event.id, name: 'tzone://Microsoft/Custom' });
    }
    await control(run.base, 'mailbox-timezone', { email: me, timeZone: 'Tokyo Standard Time' });
    const seen = recordRequests();
    const changes = await provider.listChanges(session(me), 'me', null);
    expect(Object.fromEntries(changes.series.map((s) => [s.title, s.timeZone]))).toEqual({
      istanbul: 'Europe/Istanbul',
      karachi: 'Asia/Karachi',
      imported: 'Asia/Tokyo',
      'imported too': 'Asia/Tokyo',
    });
    expect(seen.filter((r) => r.url.includes('/mailboxSettings'))).toHaveLength(1);
    // The zone rides in the cursor: the next incremental sync does not ask again.
    await graphClient(run.base, me)
      .api(`/me/events/${encodeURIComponent(imported.id)}`)
      .patch({ subject: 'imported, renamed' });
    const next = await provider.listChanges(session(me), 'me', changes.cursor);
    expect(next.series.find((s) => s.title === 'imported, renamed')?.timeZone).toBe('Asia/Tokyo');
    expect(seen.filter((r) => r.url.includes('/mailboxSettings'))).toHaveLength(1);
  });
});

describe('the subscription', () => {
  it('is renewed in place with PATCH, reauthorized first when Graph asked; a removed one is not-found', async () => {
    const me = 'watcher@example.com';
    const created = await provider.watch(session(me), 'me', {
      id: 'ignored',
      address: 'https://carryover.example.com/webhooks/microsoft',
      token: 'secret',
      ttlSeconds: 3 * 24 * 3600,
    });
    const handshakes = hooks.validations.length;
    run.clock.advance(2 * 24 * 3600_000);
    const seen = recordRequests();
    const renewed = await provider.renewWatch!(session(me), created, { ttlSeconds: 7 * 24 * 3600, reauthorize: true });
    expect(renewed.id).toBe(created.id);
    expect(renewed.expiresAt.getTime()).toBeGreaterThan(created.expiresAt.getTime());
    expect(seen.map((r) => [r.method, r.url.replace(/^.*\/v1\.0/, '')])).toEqual([
      ['POST', `/subscriptions/${created.id}/reauthorize`],
      ['PATCH', `/subscriptions/${created.id}`],
    ]);
    expect(hooks.validations.length).toBe(handshakes);
    const list = await graphClient(run.base, me).api('/subscriptions').get();
    expect(list.value).toHaveLength(1);
    await control(run.base, 'lifecycle', { subscription: created.id, event: 'subscriptionRemoved' });
    const gone = await provider.renewWatch!(session(me), created, { ttlSeconds: 3600, reauthorize: false }).catch(
      (e: unknown) => e,
    );
    expect(isProviderError(gone, 'not-found')).toBe(true);
  });
});

describe('writing the block', () => {
  it('sends only the body with If-Match: no extended property, nothing else to mail about', async () => {
    const me = 'writer@example.com';
    const series = await weekly(me, 'w', '2026-11-24');
    const [next] = await provider.upcomingOccurrences(session(me), 'me', series.id, run.clock.now(), 1);
    const seen = recordRequests();
    await provider.writeDescription(session(me), 'me', next!, '<p>agenda</p>');
    const patch = seen.find((r) => r.method === 'PATCH');
    expect(JSON.parse(patch?.body ?? '{}')).toEqual({ body: { contentType: 'html', content: '<p>agenda</p>' } });
  });
});
