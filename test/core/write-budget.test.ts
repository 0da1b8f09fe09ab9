import { describe, expect, it } from 'vitest';
import { DEFAULT_WRITE_BUDGET, decideBlockWrite } from '../../src/core/write-budget.ts';

const startsAt = new Date('2026-12-01T10:00:00Z');
const at = (iso: string) => new Date(iso);
const decide = (writesSoFar: number, now: string, changes = true, budget = DEFAULT_WRITE_BUDGET) =>
  decideBlockWrite({ changes, writesSoFar, startsAt, now: at(now), budget });

describe('the write budget of the next meeting’s invite', () => {
  it('never writes when nothing the block says changed', () => {
    expect(decide(0, '2026-11-24T10:31:00Z', false)).toEqual({ kind: 'skip', reason: 'unchanged' });
  });

  it('writes once when the meeting becomes the next one, whenever that is', () => {
    expect(decide(0, '2026-11-24T10:31:00Z')).toEqual({ kind: 'write' });
  });

  it('holds a change until the refresh time, 24 hours before the meeting, then writes it once', () => {
    expect(decide(1, '2026-11-25T09:00:00Z')).toEqual({ kind: 'later', at: at('2026-11-30T10:00:00Z') });
    expect(decide(1, '2026-11-30T10:00:00Z')).toEqual({ kind: 'write' });
    expect(decide(2, '2026-11-30T18:00:00Z')).toEqual({ kind: 'skip', reason: 'budget-spent' });
  });

  it('does not refresh a meeting that has started', () => {
    expect(decide(1, '2026-12-01T10:05:00Z')).toEqual({ kind: 'skip', reason: 'started' });
  });

  it('follows a deployment’s own budget', () => {
    const once = { writesPerMeeting: 1, refreshLeadMs: 0 };
    expect(decide(1, '2026-11-30T10:00:00Z', true, once)).toEqual({ kind: 'skip', reason: 'budget-spent' });
    const three = { writesPerMeeting: 3, refreshLeadMs: 2 * 3600_000 };
    expect(decide(2, '2026-12-01T08:30:00Z', true, three)).toEqual({ kind: 'write' });
  });
});
