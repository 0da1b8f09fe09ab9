import { describe, expect, it } from 'vitest';
import {
  changesByMeeting,
  goalProgress,
  isCheckInDue,
  isPastDate,
  meetingOrdinal,
  nextMilestone,
  proposesCheckIn,
} from '../../src/core/goal-progress.ts';
import type { OccurrenceTimes } from '../../src/core/types.ts';

const WEEK = 7 * 24 * 3600_000;
const start = Date.parse('2026-01-05T10:00:00Z');

/** Weekly 30-minute meetings m1…mN; those listed in `skipped` do not take place (cancelled or declined). */
function weekly(count: number, skipped: readonly number[] = []): OccurrenceTimes[] {
  return Array.from({ length: count }, (_, i) => ({
    id: `m${i + 1}`,
    startsAt: new Date(start + i * WEEK),
    endsAt: new Date(start + i * WEEK + 1800_000),
    cancelled: skipped.includes(i + 1),
  }));
}

describe('the goals check-in cadence', () => {
  it('proposes a check-in at every fourth meeting by default, and never when turned off', () => {
    const due = Array.from({ length: 12 }, (_, i) => i + 1).filter((n) => isCheckInDue(n, 4));
    expect(due).toEqual([4, 8, 12]);
    expect([1, 2, 3, 4, 5, 52].some((n) => isCheckInDue(n, 0))).toBe(false);
    expect(isCheckInDue(undefined, 1)).toBe(false);
  });

  it('proposes one at every meeting when the cadence is 1', () => {
    expect([1, 2, 3].every((n) => isCheckInDue(n, 1))).toBe(true);
  });

  it('counts only the meetings that take place, so a cancelled week does not move the check-in onto nobody', () => {
    // m3 is cancelled: m5 is then the fourth meeting held.
    const meetings = weekly(6, [3]);
    expect(meetingOrdinal(meetings, 'm5')).toBe(4);
    expect(meetingOrdinal(meetings, 'm3')).toBeUndefined();
    expect(proposesCheckIn(meetings, 'm4', 4)).toBe(false);
    expect(proposesCheckIn(meetings, 'm5', 4)).toBe(true);
    expect(proposesCheckIn(meetings, 'm3', 1)).toBe(false);
  });

  it('counts in time order whatever order the meetings come in', () => {
    const meetings = weekly(4).reverse();
    expect(meetingOrdinal(meetings, 'm4')).toBe(4);
    expect(proposesCheckIn(meetings, 'm2', 2)).toBe(true);
  });
});

describe('how far a goal has come', () => {
  it('counts milestones done out of all, and names the next one in order', () => {
    const milestones = [
      { id: 'c', done: false, position: 2 },
      { id: 'a', done: true, position: 0 },
      { id: 'b', done: false, position: 1 },
    ];
    expect(goalProgress(milestones)).toEqual({ done: 1, total: 3 });
    expect(nextMilestone(milestones)?.id).toBe('b');
    expect(nextMilestone([{ id: 'a', done: true, position: 0 }])).toBeUndefined();
    expect(goalProgress([])).toEqual({ done: 0, total: 0 });
  });

  it('is overdue only while open and after its date: a target of today is not overdue yet', () => {
    expect(isPastDate('2026-03-01', true, '2026-03-02')).toBe(true);
    expect(isPastDate('2026-03-02', true, '2026-03-02')).toBe(false);
    expect(isPastDate('2026-03-01', false, '2026-03-02')).toBe(false);
    expect(isPastDate(null, true, '2026-03-02')).toBe(false);
  });
});

describe('which meeting a change to a goal belongs to', () => {
  const at = (iso: string) => ({ at: new Date(iso), what: iso });

  it('gives each held meeting what changed after the one before it ended, up to its own end', () => {
    const meetings = weekly(3);
    const changes = [
      at('2026-01-01T09:00:00Z'), // before the first meeting: the first one's
      at('2026-01-05T10:30:00Z'), // the first one's end, exactly: still its own
      at('2026-01-05T10:30:01Z'), // just after: the second one's
      at('2026-01-12T10:15:00Z'), // during the second
      at('2026-01-20T09:00:00Z'), // after the third ended… but "now" is before it: nobody's yet
    ];
    const now = new Date('2026-01-19T12:00:00Z');
    const byMeeting = changesByMeeting(meetings, changes, now);
    expect(byMeeting.get('m1')?.map((c) => c.what)).toEqual(['2026-01-01T09:00:00Z', '2026-01-05T10:30:00Z']);
    expect(byMeeting.get('m2')?.map((c) => c.what)).toEqual(['2026-01-05T10:30:01Z', '2026-01-12T10:15:00Z']);
    expect(byMeeting.has('m3')).toBe(false);
  });

  it('skips a cancelled meeting: what changed around it belongs to the next meeting held', () => {
    const meetings = weekly(3, [2]);
    const changes = [at('2026-01-12T10:15:00Z')];
    const byMeeting = changesByMeeting(meetings, changes, new Date('2026-02-01T00:00:00Z'));
    expect(byMeeting.has('m2')).toBe(false);
    expect(byMeeting.get('m3')?.map((c) => c.what)).toEqual(['2026-01-12T10:15:00Z']);
  });
});
