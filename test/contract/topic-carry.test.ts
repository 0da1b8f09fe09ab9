import { afterEach, describe, expect, it } from 'vitest';
import { followRedirects, type ServiceHarness, startService } from '../support/service.ts';
import { googleDriver, microsoftDriver, type ProviderDriver, weeklyOneOnOne } from './drivers.ts';

/**
 * Talking points carry forward on every provider: a point nobody resolved at a meeting shows on the next meeting's
 * agenda, marked as carried, until someone resolves or removes it; the earlier meeting keeps its record.
 */
const drivers: readonly ProviderDriver[] = [googleDriver, microsoftDriver];
const MAYA = 'maya@example.com';
const SAM = 'sam@example.com';

interface TopicJson {
  id: string;
  text: string;
  resolved: boolean;
  carriedFrom: { occurrenceId: string; when: string } | null;
  carriedOn: boolean;
}
interface AgendaJson {
  occurrence: { id: string; startsAt: string } | null;
  topics: TopicJson[];
  history: { occurrence: { id: string }; topics: TopicJson[] }[];
}

let h: ServiceHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The shared agenda link from the next invite's block. */
async function sharedLink(s: ServiceHarness, driver: ProviderDriver, seriesId: string): Promise<string> {
  const [next] = await driver.upcoming(s, MAYA, seriesId);
  const found = /https?:\/\/[^\s"<>]+\/a\/[A-Za-z0-9_-]{43}/.exec(next?.description ?? '');
  if (!found) throw new Error(`no agenda link in the next invite: ${next?.description}`);
  return found[0];
}

async function call<T>(url: string, method = 'GET', body?: unknown): Promise<T> {
  const response = await fetch(url, {
    method,
    headers: { accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : null,
  });
  if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
  return (response.status === 204 ? undefined : await response.json()) as T;
}

describe.each(drivers)('talking points carried forward: $name', (driver) => {
  it('puts an unresolved point on the next meeting, marked as carried, until it is resolved there', async () => {
    const s = await startService({ now: '2026-11-24T09:00:00Z' });
    h = s;
    await followRedirects(`${s.url}/connect/${driver.name}?login_hint=${MAYA}`);
    const seriesId = await driver.createWeekly(s, weeklyOneOnOne(driver));
    await s.settle();
    const link = await sharedLink(s, driver, seriesId);
    const first = await call<AgendaJson>(link);
    const hiring = await call<TopicJson>(`${link}/topics`, 'POST', { text: 'Hiring plan for Q1', as: SAM });
    await call(`${link}/topics`, 'POST', { text: 'Team offsite dates', as: MAYA }).then((t) =>
      call(`${link}/topics/${(t as TopicJson).id}`, 'PATCH', { resolved: true }),
    );

    s.clock.set('2026-11-24T10:31:00Z'); // the meeting is over
    await s.settle();
    const second = await call<AgendaJson>(link);
    expect(second.occurrence?.id).not.toBe(first.occurrence?.id);
    // The open point is on the next agenda, saying where it came from; the resolved one is not.
    expect(second.topics.map((t) => t.text)).toEqual(['Hiring plan for Q1']);
    const carried = second.topics[0]!;
    expect(carried.carriedFrom?.occurrenceId).toBe(first.occurrence?.id);
    expect(carried.carriedFrom?.when).toMatch(/24/);
    // The meeting it came from keeps both, the open one marked as carried on.
    const earlier = second.history.find((entry) => entry.occurrence.id === first.occurrence?.id);
    expect(earlier?.topics.map((t) => [t.text, t.resolved, t.carriedOn])).toEqual([
      ['Hiring plan for Q1', false, true],
      ['Team offsite dates', true, false],
    ]);
    expect(earlier?.topics[0]?.id).toBe(hiring.id);

    // Running everything again carries nothing twice.
    await s.settle();
    expect((await call<AgendaJson>(link)).topics).toHaveLength(1);

    // Resolved at the second meeting, it does not reach the third.
    await call(`${link}/topics/${carried.id}`, 'PATCH', { resolved: true });
    s.clock.set('2026-12-01T10:31:00Z');
    await s.settle();
    const third = await call<AgendaJson>(link);
    expect(third.occurrence?.startsAt).toBe('2026-12-08T10:00:00.000Z');
    expect(third.topics).toEqual([]);
  });

  it('skips a cancelled meeting, and carries a point only once even when its copy is removed', async () => {
    const s = await startService({ now: '2026-11-24T09:00:00Z' });
    h = s;
    await followRedirects(`${s.url}/connect/${driver.name}?login_hint=${MAYA}`);
    const seriesId = await driver.createWeekly(s, weeklyOneOnOne(driver));
    await s.settle();
    const link = await sharedLink(s, driver, seriesId);
    await call(`${link}/topics`, 'POST', { text: 'Career goals for next year', as: SAM });
    const upcoming = await driver.upcoming(s, MAYA, seriesId);
    await driver.cancel(s, MAYA, upcoming[1]!.id); // 1 December will not take place
    s.clock.set('2026-11-24T10:31:00Z');
    await s.settle();
    const next = await call<AgendaJson>(link);
    expect(next.occurrence?.startsAt).toBe('2026-12-08T10:00:00.000Z');
    expect(next.topics.map((t) => t.text)).toEqual(['Career goals for next year']);

    // Removing the carried copy ends it: it is not brought back from the meeting it came from.
    await call(`${link}/topics/${next.topics[0]!.id}`, 'DELETE');
    await s.settle();
    s.clock.set('2026-11-25T09:00:00Z');
    await s.settle();
    expect((await call<AgendaJson>(link)).topics).toEqual([]);
  });
});
