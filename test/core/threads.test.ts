import { describe, expect, it } from 'vitest';
import { isOverBy, samePeople, type ThreadCandidate, threadToContinue } from '../../src/core/threads.ts';

const at = (iso: string) => new Date(iso);
const running = { ended: false, recurrenceEndsAt: null, lastEndsAt: null };

function thread(id: string, lastActivity: string, spans: ThreadCandidate['spans']): ThreadCandidate {
  return { id, lastActivity: at(lastActivity), spans };
}

describe('isOverBy', () => {
  it('counts a series as over once it ended, was cut before the moment, or had its last meeting end by then', () => {
    const cut = at('2026-12-01T10:00:00Z');
    expect(isOverBy({ ...running, ended: true }, cut)).toBe(true);
    expect(isOverBy({ ...running, recurrenceEndsAt: at('2026-11-30T23:59:59Z') }, cut)).toBe(true);
    expect(isOverBy({ ...running, lastEndsAt: at('2026-11-24T10:30:00Z') }, cut)).toBe(true);
  });

  it('counts a series as running while a meeting may still start at or after the moment', () => {
    const cut = at('2026-12-01T10:00:00Z');
    expect(isOverBy(running, cut)).toBe(false);
    expect(isOverBy({ ...running, recurrenceEndsAt: at('2026-12-01T10:00:00Z') }, cut)).toBe(false);
    expect(isOverBy({ ...running, lastEndsAt: at('2026-12-08T10:30:00Z') }, cut)).toBe(false);
  });
});

describe('threadToContinue', () => {
  const splitAt = at('2026-12-01T10:00:00Z');

  it('continues the thread whose series was cut before the new one starts ("this and following")', () => {
    const cut = thread('weekly', '2026-11-24T10:00:00Z', [
      { ...running, recurrenceEndsAt: at('2026-11-30T23:59:59Z') },
    ]);
    expect(threadToContinue([cut], splitAt)?.id).toBe('weekly');
  });

  it('keeps a series that overlaps a running thread of the same two people as a 1:1 of its own', () => {
    const weekly = thread('weekly', '2026-11-24T10:00:00Z', [running]);
    expect(threadToContinue([weekly], splitAt)).toBeUndefined();
  });

  it('picks the most recently active of several threads that are over', () => {
    const old = thread('2024', '2024-06-01T10:00:00Z', [{ ...running, ended: true }]);
    const recent = thread('2025', '2025-06-01T10:00:00Z', [{ ...running, ended: true }]);
    const live = thread('live', '2026-11-24T10:00:00Z', [running]);
    expect(threadToContinue([old, live, recent], splitAt)?.id).toBe('2025');
  });

  it('continues a thread none of whose series is left (they all ended)', () => {
    expect(threadToContinue([thread('empty', '2026-01-01T00:00:00Z', [])], splitAt)?.id).toBe('empty');
  });
});

describe('samePeople', () => {
  it('is the same two people whoever organizes', () => {
    expect(samePeople(['maya@x', 'sam@x'], ['sam@x', 'maya@x'])).toBe(true);
    expect(samePeople(['maya@x', 'sam@x'], ['maya@x', 'alex@x'])).toBe(false);
  });
});
