import { afterEach, describe, expect, it } from 'vitest';
import { followRedirects, mailTo, type ServiceHarness, startService } from '../support/service.ts';
import { googleDriver, microsoftDriver, type ProviderDriver, weeklyOneOnOne } from './drivers.ts';

/**
 * How often the next meeting's invite is written, and what the other person hears of it, on every provider: once when
 * it becomes the next meeting, one refresh 24 hours before it if what the block says changed, never when nothing did.
 */
const drivers: readonly ProviderDriver[] = [googleDriver, microsoftDriver];
const MAYA = 'maya@example.com';
const SAM = 'sam@example.com';

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The calendar's own messages to a person (Outlook's "Updated: …", Google's "Updated invitation: …"). */
async function calendarMessages(s: ServiceHarness, email: string): Promise<{ subject: string }[]> {
  return (await (await fetch(`${s.url}/sandbox/mail?to=${encodeURIComponent(email)}&kind=meeting`)).json()) as {
    subject: string;
  }[];
}

const writes = async (s: ServiceHarness) => {
  const stats = (await (await fetch(`${s.url}/sandbox/stats?user=${MAYA}`)).json()) as Record<
    string,
    { method: string; path: string; count: number }[]
  >;
  return (stats[MAYA] ?? [])
    .filter((c) => c.method === 'PATCH' && /events\/:/.test(c.path))
    .reduce((n, c) => n + c.count, 0);
};

describe.each(drivers)('the invite write budget: $name', (driver) => {
  it('writes the next invite when it becomes the next meeting and once more the day before, whatever happens between', async () => {
    const s = await startService({ now: '2026-11-24T09:00:00Z' });
    h = s;
    await followRedirects(`${s.url}/connect/${driver.name}?login_hint=${MAYA}`);
    // On Google, Sam is an Outlook user: he sees the block only through the update Google emails him.
    if (driver.name === 'google') {
      await fetch(`${s.url}/sandbox/control/google/guest-calendar?email=${SAM}&google=false`, { method: 'POST' });
    }
    const id = await driver.createWeekly(s, weeklyOneOnOne(driver));
    await s.settle();
    const beforeFirstWrite = (await calendarMessages(s, SAM)).length;
    s.clock.set('2026-11-24T10:31:00Z'); // the meeting ends: 1 December's invite becomes the next one
    await s.settle();
    const messagesBefore = (await calendarMessages(s, SAM)).length;
    // Its first write reaches Sam: Outlook always emails him; Google does because he is outside Google Calendar.
    expect(messagesBefore - beforeFirstWrite).toBe(1);
    await fetch(`${s.url}/sandbox/stats`, { method: 'DELETE' });
    const [prompt] = await mailTo(s, SAM, 'recap');
    const link = /https?:\/\/[^\s"<>]+\/a\/[A-Za-z0-9_-]{43}/.exec(prompt!.text ?? prompt!.html ?? '')![0];
    const post = async (path: string, body: unknown, method = 'POST') =>
      (
        await fetch(`${link}${path}`, {
          method,
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(body),
        })
      ).json() as Promise<{ id: string }>;

    const plan = await post('/commitments', { text: 'Draft the plan', owner: SAM });
    await post('/commitments', { text: 'Book the offsite', owner: MAYA });
    await s.settle();
    s.clock.set('2026-11-26T15:00:00Z');
    await post(`/commitments/${plan.id}`, { status: 'done' }, 'PATCH');
    await s.settle();
    // Until the day before, the invite keeps the snapshot it took when it became the next meeting.
    const [snapshot] = await driver.upcoming(s, MAYA, id);
    expect(snapshot!.description).toContain('No open commitments.');
    expect(await writes(s)).toBe(0);

    s.clock.set('2026-11-30T10:00:00Z');
    await s.settle();
    const [refreshed] = await driver.upcoming(s, MAYA, id);
    expect(refreshed!.description).toContain('Book the offsite');
    expect(refreshed!.description).not.toContain('Draft the plan');
    // Nothing more is written before the meeting, however often it is prepared again.
    s.clock.set('2026-12-01T09:59:00Z');
    await s.settle();
    expect(await writes(s)).toBe(1);
    // Outlook emails Sam for each write (the first and the refresh); Google emails him, outside Google Calendar,
    // for the first write only.
    const messages = (await calendarMessages(s, SAM)).length - messagesBefore;
    expect(messages).toBe(driver.name === 'microsoft' ? 1 : 0);
  });

  it('takes the description’s own form: plain text where there is no markup, HTML where there is', async () => {
    const s = await startService({ now: '2026-11-24T09:00:00Z' });
    h = s;
    await followRedirects(`${s.url}/connect/${driver.name}?login_hint=${MAYA}`);
    const id = await driver.createWeekly(s, weeklyOneOnOne(driver, { description: 'Join: https://meet.example/abc' }));
    await s.settle();
    const [next] = await driver.upcoming(s, MAYA, id);
    if (driver.name === 'google') {
      // Google keeps plain text as written: every client shows it as it is, Google's own links the URL.
      expect(next!.description).toMatch(
        /^Join: https:\/\/meet\.example\/abc\n\n=== Carryover 1:1 agenda ===\nOpen the 1:1 agenda:\nhttp/,
      );
      expect(next!.description).not.toContain('<');
    } else {
      // Outlook holds an HTML document: the block goes inside its body, the link reads "Open the 1:1 agenda".
      expect(next!.description).toMatch(/<a href="http[^"]+">Open the 1:1 agenda<\/a>[\s\S]*<\/body>\s*<\/html>\s*$/);
    }
  });
});
