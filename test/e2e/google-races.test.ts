import { afterEach, describe, expect, it } from 'vitest';
import type { CalendarProvider } from '../../src/providers/provider.ts';
import { followRedirects, mailTo, type ServiceHarness, startService } from '../support/service.ts';

const BLOCK = '=== Carryover 1:1 agenda';
let s: ServiceHarness | undefined;
afterEach(async () => {
  await s?.close();
  s = undefined;
});

const weekly = {
  summary: 'Maya / Sam 1:1',
  description: 'Dial-in: +1 555 0100',
  start: { dateTime: '2026-11-24T11:00:00+01:00', timeZone: 'Europe/Berlin' },
  end: { dateTime: '2026-11-24T11:30:00+01:00', timeZone: 'Europe/Berlin' },
  recurrence: ['RRULE:FREQ=WEEKLY;COUNT=6'],
  attendees: [{ email: 'maya@example.com', organizer: true }, { email: 'sam@example.com' }],
};

describe('races with people and with Google', () => {
  it('re-reads and merges when the organizer edits the meeting between our read and our write (412)', async () => {
    const h = await startService({ now: '2026-11-24T09:00:00Z' });
    s = h;
    await followRedirects(`${h.url}/connect/google?login_hint=maya@example.com`);
    // The person's edit lands just before Carryover's first write, so that write carries a stale etag.
    const kit = h.service.lifecycle.providers.google!;
    const real = kit.api;
    let raced = 0;
    const racing: CalendarProvider = {
      ...real,
      async writeDescription(session, calendarId, occurrence, description) {
        if (raced++ === 0) {
          const current = await h
            .calendarAs('maya@example.com')
            .events.get({ calendarId: 'primary', eventId: occurrence.instanceId });
          await h.calendarAs('maya@example.com').events.patch({
            calendarId: 'primary',
            eventId: occurrence.instanceId,
            requestBody: { description: `${current.description ?? ''}\nTyped by Maya just now` },
          });
        }
        return real.writeDescription(session, calendarId, occurrence, description);
      },
    };
    (kit as { api: CalendarProvider }).api = racing;
    const created = await h
      .calendarAs('maya@example.com')
      .events.insert({ calendarId: 'primary', requestBody: weekly });
    await h.settle();
    const [next] =
      (
        await h.calendarAs('maya@example.com').events.instances({
          calendarId: 'primary',
          eventId: created.id!,
          timeMin: h.clock().toISOString(),
        })
      ).items ?? [];
    expect(raced).toBeGreaterThanOrEqual(2); // the first write met a 412 and was tried again
    expect(next!.description).toContain('Typed by Maya just now');
    expect(next!.description).toContain('Dial-in: +1 555 0100');
    expect(next!.description!.split(BLOCK)).toHaveLength(2);
  });

  it('handles every push notification arriving twice with one block and one prompt each', async () => {
    const twice = async (request: Request) => {
      const copy = request.clone();
      await fetch(request);
      return fetch(copy);
    };
    const h = await startService({ now: '2026-11-24T09:00:00Z', deliver: twice });
    s = h;
    await followRedirects(`${h.url}/connect/google?login_hint=maya@example.com`);
    const created = await h
      .calendarAs('maya@example.com')
      .events.insert({ calendarId: 'primary', requestBody: weekly });
    await h.settle();
    h.clock.set('2026-11-24T10:31:00Z');
    await h.settle();
    const [next] =
      (
        await h.calendarAs('maya@example.com').events.instances({
          calendarId: 'primary',
          eventId: created.id!,
          timeMin: h.clock().toISOString(),
        })
      ).items ?? [];
    expect(next!.description!.split(BLOCK)).toHaveLength(2);
    const mail = await mailTo(h, 'sam@example.com', 'recap');
    expect(mail).toHaveLength(1);
  });

  it('sends a prompt once even when two instances run the same prompt job at the same moment', async () => {
    const h = await startService({ now: '2026-11-24T09:00:00Z' });
    s = h;
    await followRedirects(`${h.url}/connect/google?login_hint=maya@example.com`);
    await h.calendarAs('maya@example.com').events.insert({ calendarId: 'primary', requestBody: weekly });
    await h.settle();
    h.clock.set('2026-11-24T10:31:00Z');
    const occurrence = await h.db.selectFrom('occurrences').select('id').orderBy('starts_at').executeTakeFirstOrThrow();
    const { sendPrompts } = await import('../../src/lifecycle/send-prompts.ts');
    const second = h.database.openSecond();
    await Promise.all([
      sendPrompts(h.service.lifecycle, occurrence.id),
      sendPrompts({ ...h.service.lifecycle, db: second.db }, occurrence.id),
    ]);
    const mail = await mailTo(h, 'sam@example.com', 'recap');
    expect(mail).toHaveLength(1);
    const prompts = await h.db
      .selectFrom('prompts')
      .select(['recipient_email', 'state'])
      .where('kind', '=', 'recap')
      .execute();
    expect(prompts.map((p) => p.state).sort()).toEqual(['sent', 'sent']);
  });
});
