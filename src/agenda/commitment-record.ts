import type { OccurrenceTimes } from '../core/types.ts';

/** What decides whether a commitment is already part of the shared record. */
export interface RecordedCommitment {
  readonly madeAtOccurrenceId: string | null;
  readonly createdAt: Date;
}

/**
 * Whether a meeting after the one a commitment was made at has begun: that meeting reviewed it ("Progress on earlier
 * commitments"), so it is part of the record both people keep and can be dropped but no longer deleted. Made before
 * the first meeting, any meeting that has begun counts; cancelled and declined meetings review nothing.
 */
export function carriedSince(commitment: RecordedCommitment, meetings: readonly OccurrenceTimes[], now: Date): boolean {
  const madeAtId = commitment.madeAtOccurrenceId;
  const madeAt = madeAtId === null ? undefined : meetings.find((m) => m.id === madeAtId);
  // An id no longer known (the meeting was purged) is placed by when the commitment was written.
  const after = madeAt?.startsAt ?? (madeAtId === null ? undefined : commitment.createdAt);
  return meetings.some(
    (m) => !m.cancelled && m.id !== madeAtId && m.startsAt <= now && (after === undefined || m.startsAt > after),
  );
}
