import { describe, expect, test } from 'vitest';
import { followThrough } from '../../src/core/follow-through.ts';
import type { Commitment, CommitmentStatus } from '../../src/core/types.ts';

let nextId = 0;
function commitment(status: CommitmentStatus, due: string | null, closedAt: string | null = null): Commitment {
  nextId += 1;
  return {
    id: `c${nextId}`,
    seriesId: 's1',
    text: 'Something promised',
    owner: 'rob@example.com',
    due,
    status,
    madeAtOccurrenceId: null,
    createdAt: new Date('2026-11-01T09:00:00Z'),
    closedAt: closedAt === null ? null : new Date(closedAt),
  };
}

const now = new Date('2026-12-15T12:00:00Z');

describe('followThrough', () => {
  test('counts each outcome and the on-time rate for a hand-checked set', () => {
    const commitments = [
      commitment('done', '2026-12-01', '2026-11-30T10:00:00Z'), // on time
      commitment('done', '2026-12-01', '2026-12-01T20:00:00Z'), // on the due date: on time
      commitment('done', null, '2026-12-10T10:00:00Z'), // no due date: on time
      commitment('done', '2026-12-01', '2026-12-03T10:00:00Z'), // late
      commitment('open', '2026-12-20'), // open, not yet due
      commitment('open', null), // open, undated
      commitment('open', '2026-12-14'), // overdue
      commitment('dropped', '2026-12-01', '2026-12-05T10:00:00Z'),
    ];
    // on time 3 / (3 on time + 1 late + 1 overdue) = 0.6
    expect(followThrough(commitments, now, 'Europe/Berlin')).toEqual({
      total: 8,
      doneOnTime: 3,
      doneLate: 1,
      open: 2,
      overdue: 1,
      dropped: 1,
      onTimeRate: 0.6,
    });
  });

  test('judges lateness by the local date the commitment was closed on', () => {
    // 23:30 UTC on the due date is after midnight in Berlin (late) but early evening in New York (on time).
    const closedLateEvening = [commitment('done', '2026-12-01', '2026-12-01T23:30:00Z')];
    expect(followThrough(closedLateEvening, now, 'Europe/Berlin')).toMatchObject({ doneOnTime: 0, doneLate: 1 });
    expect(followThrough(closedLateEvening, now, 'America/New_York')).toMatchObject({ doneOnTime: 1, doneLate: 0 });
  });

  test('judges overdue by today’s date in the series’ zone', () => {
    // At 23:30 UTC on 14 Dec it is already 15 Dec in Sydney but still 14 Dec in New York.
    const lateNight = new Date('2026-12-14T23:30:00Z');
    const dueToday = [commitment('open', '2026-12-14')];
    expect(followThrough(dueToday, lateNight, 'Australia/Sydney')).toMatchObject({
      open: 0,
      overdue: 1,
      onTimeRate: 0,
    });
    expect(followThrough(dueToday, lateNight, 'America/New_York')).toMatchObject({
      open: 1,
      overdue: 0,
      onTimeRate: null,
    });
  });

  test('has no rate while nothing has come due', () => {
    const commitments = [
      commitment('open', '2026-12-31'),
      commitment('open', null),
      commitment('dropped', null, '2026-12-02T10:00:00Z'),
    ];
    expect(followThrough(commitments, now, 'Europe/Berlin')).toEqual({
      total: 3,
      doneOnTime: 0,
      doneLate: 0,
      open: 2,
      overdue: 0,
      dropped: 1,
      onTimeRate: null,
    });
  });

  test('does not let dropped commitments lower the rate', () => {
    const commitments = [
      commitment('done', '2026-12-01', '2026-11-30T10:00:00Z'),
      commitment('dropped', '2026-12-01', '2026-12-10T10:00:00Z'),
      commitment('dropped', '2026-11-01', '2026-12-10T10:00:00Z'),
    ];
    expect(followThrough(commitments, now, 'Europe/Berlin').onTimeRate).toBe(1);
  });

  test('gives a done commitment without a recorded closing time the benefit of the doubt', () => {
    expect(followThrough([commitment('done', '2026-12-01', null)], now, 'Europe/Berlin')).toMatchObject({
      doneOnTime: 1,
      doneLate: 0,
    });
  });

  test('is all zeros for a series without commitments', () => {
    expect(followThrough([], now, 'Europe/Berlin')).toEqual({
      total: 0,
      doneOnTime: 0,
      doneLate: 0,
      open: 0,
      overdue: 0,
      dropped: 0,
      onTimeRate: null,
    });
  });
});
