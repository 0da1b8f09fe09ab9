import { describe, expect, test } from 'vitest';
import { carriedInto, isOverdue, madeAt, reviewFor } from '../../src/core/carry-over.ts';
import type { Commitment, OccurrenceTimes } from '../../src/core/types.ts';

const ZONE = 'Europe/Berlin';

function occurrence(id: string, startIso: string, cancelled = false): OccurrenceTimes {
  const startsAt = new Date(startIso);
  return { id, startsAt, endsAt: new Date(startsAt.getTime() + 30 * 60_000), cancelled };
}

function commitment(
  id: string,
  fields: Partial<Omit<Commitment, 'createdAt' | 'closedAt'>> & { createdAt?: string; closedAt?: string | null },
): Commitment {
  const { createdAt = '2026-12-01T10:15:00Z', closedAt = null, ...rest } = fields;
  return {
    id,
    seriesId: 's1',
    text: `Commitment ${id}`,
    owner: 'rob@example.com',
    due: null,
    status: 'open',
    madeAtOccurrenceId: null,
    ...rest,
    createdAt: new Date(createdAt),
    closedAt: closedAt === null ? null : new Date(closedAt),
  };
}

// Weekly on Tuesdays; the second meeting was cancelled.
const first = occurrence('o1', '2026-12-01T09:00:00Z');
const cancelled = occurrence('o2', '2026-12-08T09:00:00Z', true);
const third = occurrence('o3', '2026-12-15T09:00:00Z');
const fourth = occurrence('o4', '2026-12-22T09:00:00Z');
const occurrences = [fourth, first, third, cancelled];

const beforeSeries = commitment('c0', { due: '2026-12-10', createdAt: '2026-11-25T12:00:00Z' });
const shipRfc = commitment('c1', { madeAtOccurrenceId: 'o1', due: '2026-12-05', createdAt: '2026-12-01T09:20:00Z' });
const readDoc = commitment('c2', { madeAtOccurrenceId: 'o1', createdAt: '2026-12-01T09:10:00Z' });
const atThird = commitment('c3', { madeAtOccurrenceId: 'o3', due: '2026-12-20', createdAt: '2026-12-15T09:20:00Z' });
const atCancelled = commitment('c4', {
  madeAtOccurrenceId: 'o2',
  due: '2026-12-30',
  createdAt: '2026-12-07T16:00:00Z',
});
const doneBetween = commitment('c5', {
  madeAtOccurrenceId: 'o1',
  status: 'done',
  createdAt: '2026-12-01T09:25:00Z',
  closedAt: '2026-12-10T08:00:00Z',
});
const droppedLater = commitment('c6', {
  madeAtOccurrenceId: 'o1',
  status: 'dropped',
  createdAt: '2026-12-01T09:26:00Z',
  closedAt: '2026-12-16T08:00:00Z',
});
const doneDuringFirst = commitment('c7', {
  madeAtOccurrenceId: 'o1',
  status: 'done',
  createdAt: '2026-12-01T09:05:00Z',
  closedAt: '2026-12-01T09:28:00Z',
});
const doneAfterThird = commitment('c8', {
  madeAtOccurrenceId: 'o3',
  status: 'done',
  createdAt: '2026-12-15T09:21:00Z',
  closedAt: '2026-12-16T09:00:00Z',
});
const atFourth = commitment('c9', { madeAtOccurrenceId: 'o4', createdAt: '2026-12-22T09:10:00Z' });
const doneBeforeSeries = commitment('c10', {
  status: 'done',
  createdAt: '2026-11-20T12:00:00Z',
  closedAt: '2026-11-28T12:00:00Z',
});
const all = [
  beforeSeries,
  shipRfc,
  readDoc,
  atThird,
  atCancelled,
  doneBetween,
  droppedLater,
  doneDuringFirst,
  doneAfterThird,
  atFourth,
  doneBeforeSeries,
];

const ids = (list: readonly { commitment: Commitment }[]) => list.map((c) => c.commitment.id);
const early = new Date('2026-11-01T00:00:00Z');

describe('carriedInto', () => {
  test('shows commitments made before the series on its first meeting', () => {
    expect(ids(carriedInto(all, first, occurrences, ZONE, early))).toEqual(['c0']);
  });

  test('shows commitments made at a meeting on the following one, not on the meeting itself', () => {
    const intoThird = ids(carriedInto(all, third, occurrences, ZONE, early));
    expect(intoThird).toContain('c1');
    expect(intoThird).not.toContain('c3');
    expect(ids(carriedInto(all, fourth, occurrences, ZONE, early))).toContain('c3');
  });

  test('still carries a commitment made at a meeting that was later cancelled', () => {
    expect(ids(carriedInto(all, third, occurrences, ZONE, early))).toContain('c4');
  });

  test('leaves out done and dropped commitments', () => {
    const intoFourth = ids(carriedInto(all, fourth, occurrences, ZONE, early));
    for (const closed of ['c5', 'c6', 'c7', 'c8', 'c10']) expect(intoFourth).not.toContain(closed);
  });

  test('orders by due date, earliest first and undated last', () => {
    expect(ids(carriedInto(all, third, occurrences, ZONE, early))).toEqual(['c1', 'c0', 'c4', 'c2']);
    expect(ids(carriedInto(all, fourth, occurrences, ZONE, early))).toEqual(['c1', 'c0', 'c3', 'c4', 'c2']);
  });

  test('orders commitments due the same day by when they were made', () => {
    const later = commitment('a-later', { due: '2026-12-05', createdAt: '2026-11-30T12:00:00Z' });
    const sooner = commitment('z-sooner', { due: '2026-12-05', createdAt: '2026-11-29T12:00:00Z' });
    const undatedLater = commitment('u2', { createdAt: '2026-11-30T12:00:00Z' });
    const undatedSooner = commitment('u1', { createdAt: '2026-11-29T12:00:00Z' });
    const carried = carriedInto([undatedLater, later, undatedSooner, sooner], first, occurrences, ZONE, early);
    expect(ids(carried)).toEqual(['z-sooner', 'a-later', 'u1', 'u2']);
  });

  test('marks as overdue what is past due on the series’ calendar date', () => {
    // 23:30 UTC on 10 Dec is already 11 Dec in Berlin, but still 10 Dec in New York.
    const now = new Date('2026-12-10T23:30:00Z');
    const inBerlin = carriedInto(all, third, occurrences, ZONE, now);
    expect(inBerlin.map((c) => [c.commitment.id, c.overdue])).toEqual([
      ['c1', true],
      ['c0', true],
      ['c4', false],
      ['c2', false],
    ]);
    const inNewYork = carriedInto(all, third, occurrences, 'America/New_York', now);
    expect(inNewYork.map((c) => c.overdue)).toEqual([true, false, false, false]);
  });

  test('is not overdue on the due date itself', () => {
    expect(isOverdue(beforeSeries, ZONE, new Date('2026-12-10T22:59:00Z'))).toBe(false);
    expect(isOverdue(beforeSeries, ZONE, new Date('2026-12-10T23:00:00Z'))).toBe(true);
  });

  test('places a commitment from an occurrence no longer known by when it was made', () => {
    const early = commitment('e', { madeAtOccurrenceId: 'purged', createdAt: '2026-12-14T12:00:00Z' });
    const late = commitment('l', { madeAtOccurrenceId: 'purged', createdAt: '2026-12-15T09:10:00Z' });
    expect(ids(carriedInto([early, late], third, occurrences, ZONE, early.createdAt))).toEqual(['e']);
  });

  test('does not carry a commitment from another occurrence starting at the same moment', () => {
    const twin = occurrence('o3-twin', '2026-12-15T09:00:00Z');
    const atTwin = commitment('t', { madeAtOccurrenceId: 'o3-twin', createdAt: '2026-12-15T09:05:00Z' });
    expect(carriedInto([atTwin], third, [...occurrences, twin], ZONE, early)).toEqual([]);
  });

  test('never carries a commitment into the occurrence it was made at, even one missing from the list', () => {
    // Written down while preparing, before the meeting started.
    const prepared = commitment('p', { madeAtOccurrenceId: 'o3', createdAt: '2026-12-15T08:30:00Z' });
    expect(carriedInto([prepared], third, [first], ZONE, early)).toEqual([]);
  });

  test('carries nothing when there are no commitments', () => {
    expect(carriedInto([], third, occurrences, ZONE, early)).toEqual([]);
  });
});

describe('reviewFor', () => {
  test('lists what got closed since the previous meeting started, skipping the cancelled one', () => {
    const review = reviewFor(all, third, occurrences, ZONE, early);
    expect(ids(review.open)).toEqual(['c1', 'c0', 'c4', 'c2']);
    // Previous held meeting is the first (the second was cancelled): c7 was ticked off during it.
    expect(review.closedSinceLast.map((c) => c.id)).toEqual(['c7', 'c5', 'c6']);
  });

  test('does not list again what was closed before the previous meeting', () => {
    const review = reviewFor(all, fourth, occurrences, ZONE, early);
    expect(review.closedSinceLast.map((c) => c.id)).toEqual(['c6', 'c8']);
  });

  test('on the first meeting, lists everything made before it that was closed', () => {
    const review = reviewFor(all, first, occurrences, ZONE, early);
    expect(review.closedSinceLast.map((c) => c.id)).toEqual(['c10']);
    expect(ids(review.open)).toEqual(['c0']);
  });

  test('counts a commitment closed the moment the previous meeting started', () => {
    const closedAtStart = commitment('s', {
      madeAtOccurrenceId: 'o1',
      status: 'done',
      closedAt: '2026-12-15T09:00:00Z',
    });
    const closedJustBefore = commitment('b', {
      madeAtOccurrenceId: 'o1',
      status: 'done',
      closedAt: '2026-12-15T08:59:59Z',
    });
    const review = reviewFor([closedAtStart, closedJustBefore], fourth, occurrences, ZONE, early);
    expect(review.closedSinceLast.map((c) => c.id)).toEqual(['s']);
  });

  test('leaves out commitments made at the meeting under review', () => {
    const review = reviewFor(all, third, occurrences, ZONE, early);
    expect(review.closedSinceLast.map((c) => c.id)).not.toContain('c8');
  });
});

describe('madeAt', () => {
  test('lists the next steps recorded at a meeting in the order they were written', () => {
    expect(madeAt(all, 'o1').map((c) => c.id)).toEqual(['c7', 'c2', 'c1', 'c5', 'c6']);
  });

  test('includes steps recorded at a meeting that was later cancelled', () => {
    expect(madeAt(all, 'o2').map((c) => c.id)).toEqual(['c4']);
  });

  test('is empty for a meeting where nothing was recorded', () => {
    expect(madeAt(all, 'nope')).toEqual([]);
  });
});
