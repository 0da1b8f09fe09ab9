import { describe, expect, it } from 'vitest';
import {
  BACKSTOP_MAX_MS,
  BACKSTOP_MIN_MS,
  nextBackstopMs,
  POLL_WITHOUT_PUSH_MS,
  spreadFor,
} from '../../src/core/backstop.ts';

const HOUR = 3600_000;

describe('the backstop poll', () => {
  it('polls every 6 hours while push announces every change, from the first sync on', () => {
    expect(nextBackstopMs({ push: true, previousMs: null, unannounced: false })).toBe(6 * HOUR);
    expect(nextBackstopMs({ push: true, previousMs: BACKSTOP_MAX_MS, unannounced: false })).toBe(6 * HOUR);
  });

  it('halves down to 30 minutes while syncs keep finding changes push missed, and grows back after', () => {
    const seen: number[] = [];
    let previousMs: number | null = null;
    for (let sync = 0; sync < 6; sync++) {
      previousMs = nextBackstopMs({ push: true, previousMs, unannounced: true });
      seen.push(previousMs / 60_000);
    }
    expect(seen).toEqual([180, 90, 45, 30, 30, 30]);
    for (let sync = 0; sync < 4; sync++) {
      previousMs = nextBackstopMs({ push: true, previousMs, unannounced: false });
      seen.push(previousMs / 60_000);
    }
    expect(seen.slice(6)).toEqual([60, 120, 240, 360]);
    expect(Math.min(...seen) * 60_000).toBe(BACKSTOP_MIN_MS);
  });

  it('polls every 5 minutes without push, whatever came before', () => {
    expect(nextBackstopMs({ push: false, previousMs: 6 * HOUR, unannounced: false })).toBe(POLL_WITHOUT_PUSH_MS);
    expect(nextBackstopMs({ push: false, previousMs: null, unannounced: true })).toBe(5 * 60_000);
  });

  it('spreads calendars over ±10 % of the interval, the same way each time for one calendar', () => {
    const ids = Array.from({ length: 1000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);
    const spread = ids.map((id) => spreadFor(id, 6 * HOUR));
    expect(Math.min(...spread)).toBeGreaterThanOrEqual(0.9 * 6 * HOUR);
    expect(Math.max(...spread)).toBeLessThanOrEqual(1.1 * 6 * HOUR);
    // Calendars connected in one go do not come due together: spread over the 72 minutes, no minute holds 4 % of
    // them (an even spread is 1.4 %).
    const slots = new Map<number, number>();
    for (const ms of spread) slots.set(Math.floor(ms / 60_000), (slots.get(Math.floor(ms / 60_000)) ?? 0) + 1);
    expect(slots.size).toBeGreaterThan(70);
    expect(Math.max(...slots.values())).toBeLessThan(40);
    expect(spreadFor(ids[7]!, 6 * HOUR)).toBe(spread[7]);
  });
});
