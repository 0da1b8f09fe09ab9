import { describe, expect, test } from 'vitest';
import {
  focusOccurrence,
  hasEnded,
  inProgress,
  isInProgress,
  latestStarted,
  nextOccurrence,
  previousOf,
} from '../../src/core/occurrence-timeline.ts';
import type { OccurrenceTimes } from '../../src/core/types.ts';

function occurrence(id: string, startIso: string, minutes = 30, cancelled = false): OccurrenceTimes {
  const startsAt = new Date(startIso);
  return { id, startsAt, endsAt: new Date(startsAt.getTime() + minutes * 60_000), cancelled };
}

// Weekly on Tuesdays at 10:00 UTC; the 15th is cancelled. Deliberately out of order.
const week2 = occurrence('w2', '2026-12-08T10:00:00Z');
const week1 = occurrence('w1', '2026-12-01T10:00:00Z');
const week3 = occurrence('w3', '2026-12-15T10:00:00Z', 30, true);
const week4 = occurrence('w4', '2026-12-22T10:00:00Z');
const series = [week2, week4, week1, week3];
const at = (iso: string) => new Date(iso);

describe('hasEnded and isInProgress', () => {
  test('a meeting is over at its end instant, and in progress from its start instant', () => {
    expect(isInProgress(week1, at('2026-12-01T10:00:00Z'))).toBe(true);
    expect(isInProgress(week1, at('2026-12-01T10:29:59Z'))).toBe(true);
    expect(hasEnded(week1, at('2026-12-01T10:29:59Z'))).toBe(false);
    expect(hasEnded(week1, at('2026-12-01T10:30:00Z'))).toBe(true);
    expect(isInProgress(week1, at('2026-12-01T10:30:00Z'))).toBe(false);
    expect(isInProgress(week1, at('2026-12-01T09:59:59Z'))).toBe(false);
  });
});

describe('nextOccurrence', () => {
  test('is the earliest meeting that has not ended', () => {
    expect(nextOccurrence(series, at('2026-11-20T00:00:00Z'))).toBe(week1);
    expect(nextOccurrence(series, at('2026-12-01T10:30:00Z'))).toBe(week2);
  });

  test('counts a meeting in progress as next', () => {
    expect(nextOccurrence(series, at('2026-12-08T10:15:00Z'))).toBe(week2);
  });

  test('skips a cancelled meeting', () => {
    expect(nextOccurrence(series, at('2026-12-09T00:00:00Z'))).toBe(week4);
  });

  test('is undefined once the series is over or empty', () => {
    expect(nextOccurrence(series, at('2026-12-22T10:30:00Z'))).toBeUndefined();
    expect(nextOccurrence([], at('2026-12-01T00:00:00Z'))).toBeUndefined();
  });
});

describe('latestStarted', () => {
  test('is the most recent meeting that has started', () => {
    expect(latestStarted(series, at('2026-12-08T09:59:00Z'))).toBe(week1);
    expect(latestStarted(series, at('2026-12-08T10:00:00Z'))).toBe(week2);
  });

  test('skips a cancelled meeting', () => {
    expect(latestStarted(series, at('2026-12-20T00:00:00Z'))).toBe(week2);
  });

  test('is undefined before the first meeting', () => {
    expect(latestStarted(series, at('2026-11-30T00:00:00Z'))).toBeUndefined();
  });
});

describe('inProgress', () => {
  test('is the meeting under way, if any', () => {
    expect(inProgress(series, at('2026-12-01T10:10:00Z'))).toBe(week1);
    expect(inProgress(series, at('2026-12-01T11:00:00Z'))).toBeUndefined();
  });

  test('of two overlapping meetings, is the one that started first', () => {
    const moved = occurrence('moved', '2026-12-01T10:15:00Z');
    expect(inProgress([moved, week1], at('2026-12-01T10:20:00Z'))).toBe(week1);
    expect(inProgress([moved, week1], at('2026-12-01T10:35:00Z'))).toBe(moved);
  });

  test('ignores a cancelled meeting in its slot', () => {
    expect(inProgress(series, at('2026-12-15T10:10:00Z'))).toBeUndefined();
  });
});

describe('focusOccurrence', () => {
  test('opens on the meeting under way', () => {
    expect(focusOccurrence(series, at('2026-12-08T10:29:00Z'))).toBe(week2);
  });

  test('opens on the next meeting between meetings', () => {
    expect(focusOccurrence(series, at('2026-12-02T12:00:00Z'))).toBe(week2);
    expect(focusOccurrence(series, at('2026-11-01T12:00:00Z'))).toBe(week1);
  });

  test('opens on the last meeting held once the series is over', () => {
    expect(focusOccurrence(series, at('2027-01-10T12:00:00Z'))).toBe(week4);
  });

  test('opens on nothing when every meeting was cancelled', () => {
    expect(focusOccurrence([week3], at('2026-12-01T00:00:00Z'))).toBeUndefined();
  });

  test('gives the same answer whatever order the occurrences come in', () => {
    const now = at('2026-12-05T00:00:00Z');
    expect(focusOccurrence([...series].reverse(), now)).toBe(focusOccurrence(series, now));
  });
});

describe('previousOf', () => {
  test('is the meeting held before the target', () => {
    expect(previousOf(series, week2)).toBe(week1);
  });

  test('skips cancelled meetings in between', () => {
    expect(previousOf(series, week4)).toBe(week2);
  });

  test('is undefined for the first meeting', () => {
    expect(previousOf(series, week1)).toBeUndefined();
  });

  test('works for a target that is itself cancelled', () => {
    expect(previousOf(series, week3)).toBe(week2);
  });

  test('never answers with the target itself or a meeting starting at the same time', () => {
    const twin = occurrence('twin', '2026-12-08T10:00:00Z');
    expect(previousOf([...series, twin], week2)).toBe(week1);
  });
});
