import { describe, expect, test } from 'vitest';
import { followThroughByMonth, monthOf, monthsUpTo } from '../../src/core/follow-through-months.ts';
import type { Commitment, CommitmentStatus } from '../../src/core/types.ts';

let nextId = 0;
function commitment(status: CommitmentStatus, due: string | null, closedAt: string | null = null): Commitment {
  nextId += 1;
  return {
    id: `c${nextId}`,
    seriesId: 's1',
    text: 'Something promised',
    owner: 'sam@example.com',
    due,
    status,
    madeAtOccurrenceId: null,
    createdAt: new Date('2026-08-01T09:00:00Z'),
    closedAt: closedAt === null ? null : new Date(closedAt),
  };
}

const now = new Date('2026-11-24T12:00:00Z');
const BERLIN = 'Europe/Berlin';

describe('monthsUpTo', () => {
  test('lists the months ending with the current one, oldest first', () => {
    expect(monthsUpTo('2026-11-24', 3)).toEqual(['2026-09', '2026-10', '2026-11']);
  });

  test('crosses a year end', () => {
    expect(monthsUpTo('2027-02-01', 3)).toEqual(['2026-12', '2027-01', '2027-02']);
    expect(monthsUpTo('2027-01-31', 1)).toEqual(['2027-01']);
  });
});

describe('monthOf', () => {
  test('counts a done commitment in the local month it was closed in', () => {
    // 23:30 UTC on 31 October is already 1 November in Berlin, still 31 October in New York.
    const done = commitment('done', '2026-10-30', '2026-10-31T23:30:00Z');
    expect(monthOf(done, BERLIN)).toBe('2026-11');
    expect(monthOf(done, 'America/New_York')).toBe('2026-10');
  });

  test('counts an open commitment in the month it fell due, and leaves out the undated and the dropped', () => {
    expect(monthOf(commitment('open', '2026-10-05'), BERLIN)).toBe('2026-10');
    expect(monthOf(commitment('open', null), BERLIN)).toBeUndefined();
    expect(monthOf(commitment('dropped', '2026-10-05', '2026-10-06T10:00:00Z'), BERLIN)).toBeUndefined();
    expect(monthOf(commitment('done', '2026-10-05'), BERLIN)).toBeUndefined();
  });
});

describe('followThroughByMonth', () => {
  test('buckets a hand-checked set into the last three months', () => {
    const commitments = [
      commitment('done', '2026-09-10', '2026-09-09T10:00:00Z'), // Sep: on time
      commitment('done', '2026-09-10', '2026-09-15T10:00:00Z'), // Sep: late
      commitment('done', null, '2026-10-02T10:00:00Z'), // Oct: no due date, on time
      commitment('done', '2026-10-20', '2026-11-03T10:00:00Z'), // Nov: closed late, counted when closed
      commitment('open', '2026-10-12'), // Oct: overdue
      commitment('open', '2026-11-20'), // Nov: overdue
      commitment('open', '2026-11-30'), // Nov: not yet due, not on the chart
      commitment('open', null), // undated: not on the chart
      commitment('dropped', '2026-11-01', '2026-11-02T10:00:00Z'), // dropped: not on the chart
      commitment('done', '2026-07-01', '2026-07-01T10:00:00Z'), // July: before the three months
    ];
    expect(followThroughByMonth(commitments, now, BERLIN)).toEqual([
      { month: '2026-09', doneOnTime: 1, doneLate: 1, overdue: 0 },
      { month: '2026-10', doneOnTime: 1, doneLate: 0, overdue: 1 },
      { month: '2026-11', doneOnTime: 0, doneLate: 1, overdue: 1 },
    ]);
  });

  test('judges overdue by today in the series’ zone', () => {
    // At 23:30 UTC on 23 November it is already the 24th in Berlin: a commitment due on the 23rd is overdue there.
    const lateNight = new Date('2026-11-23T23:30:00Z');
    const dueThe23rd = [commitment('open', '2026-11-23')];
    expect(followThroughByMonth(dueThe23rd, lateNight, BERLIN).at(-1)).toMatchObject({ overdue: 1 });
    expect(followThroughByMonth(dueThe23rd, lateNight, 'America/New_York').at(-1)).toMatchObject({ overdue: 0 });
  });

  test('keeps a bar for every month, with zeros where nothing happened', () => {
    expect(followThroughByMonth([], now, BERLIN, 2)).toEqual([
      { month: '2026-10', doneOnTime: 0, doneLate: 0, overdue: 0 },
      { month: '2026-11', doneOnTime: 0, doneLate: 0, overdue: 0 },
    ]);
  });
});
