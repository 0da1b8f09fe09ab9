/**
 * How often Carryover writes to an invite. Every write to an Outlook meeting emails the other person an update (Graph
 * offers no way not to), and on Google a write can reach guests outside Google by email. So the next meeting's
 * invite is written at most `writesPerMeeting` times: once when it becomes the next meeting, then (by default) one
 * refresh shortly before it starts if what the block says changed — never when it did not. The agenda page is always
 * current; the invite is a snapshot that says when it was taken.
 */

/** The write budget of one meeting's invite. */
export interface WriteBudget {
  /** Writes of the block per meeting, the first included (default 2). */
  readonly writesPerMeeting: number;
  /** How long before the meeting the one refresh may happen (default 24 h: when people prepare). */
  readonly refreshLeadMs: number;
}

/** The budget a deployment gets unless it sets its own. */
export const DEFAULT_WRITE_BUDGET: WriteBudget = { writesPerMeeting: 2, refreshLeadMs: 24 * 3600_000 };

/** Whether to write the block into the next meeting's invite now, not at all, or at a later time. */
export type WriteDecision =
  | { readonly kind: 'write' }
  | { readonly kind: 'skip'; readonly reason: 'unchanged' | 'budget-spent' | 'started' }
  | { readonly kind: 'later'; readonly at: Date };

/** Decides a write of the next meeting's block by the budget. */
export function decideBlockWrite(input: {
  /** Whether the block would say something other than what the invite shows now. */
  readonly changes: boolean;
  /** Writes of the block this meeting's invite has had. */
  readonly writesSoFar: number;
  readonly startsAt: Date;
  readonly now: Date;
  readonly budget: WriteBudget;
}): WriteDecision {
  const { changes, writesSoFar, startsAt, now, budget } = input;
  if (!changes) return { kind: 'skip', reason: 'unchanged' };
  if (writesSoFar === 0) return { kind: 'write' };
  if (writesSoFar >= budget.writesPerMeeting) return { kind: 'skip', reason: 'budget-spent' };
  if (now.getTime() >= startsAt.getTime()) return { kind: 'skip', reason: 'started' };
  const refreshAt = new Date(startsAt.getTime() - budget.refreshLeadMs);
  return now.getTime() >= refreshAt.getTime() ? { kind: 'write' } : { kind: 'later', at: refreshAt };
}
