import { describe, expect, it } from 'vitest';
import { type CarriableTopic, topicsToCarry } from '../../src/core/topic-carry.ts';
import type { OccurrenceTimes } from '../../src/core/types.ts';

const HOUR = 3600_000;
const WEEK = 7 * 24 * HOUR;
const start = Date.parse('2026-11-24T10:00:00Z');
const meeting = (id: string, week: number, cancelled = false): OccurrenceTimes => ({
  id,
  startsAt: new Date(start + week * WEEK),
  endsAt: new Date(start + week * WEEK + HOUR / 2),
  cancelled,
});
const topic = (id: string, occurrenceId: string, extra: Partial<CarriableTopic> = {}): CarriableTopic => ({
  id,
  occurrenceId,
  resolved: false,
  carried: false,
  ...extra,
});
const at = (week: number, hours = 1) => new Date(start + week * WEEK + hours * HOUR);

describe('talking points carried forward', () => {
  const weeks = [meeting('w0', 0), meeting('w1', 1), meeting('w2', 2)];

  it('moves an open topic of a meeting that is over onto the next meeting', () => {
    expect(topicsToCarry([topic('t', 'w0')], weeks, at(0))).toEqual([{ topicId: 't', intoOccurrenceId: 'w1' }]);
  });

  it('leaves resolved topics, topics already carried, and topics of meetings still to come where they are', () => {
    const topics = [
      topic('resolved', 'w0', { resolved: true }),
      topic('carried', 'w0', { carried: true }),
      topic('upcoming', 'w1'),
    ];
    expect(topicsToCarry(topics, weeks, at(0))).toEqual([]);
  });

  it('does not carry while the meeting is still on', () => {
    expect(topicsToCarry([topic('t', 'w0')], weeks, new Date(start + HOUR / 4))).toEqual([]);
  });

  it('skips a meeting that will not take place, and carries off one that did not', () => {
    const withCancelled = [meeting('w0', 0), meeting('w1', 1, true), meeting('w2', 2)];
    expect(topicsToCarry([topic('a', 'w0'), topic('b', 'w1')], withCancelled, at(0))).toEqual([
      { topicId: 'a', intoOccurrenceId: 'w2' },
      { topicId: 'b', intoOccurrenceId: 'w2' },
    ]);
  });

  it('carries into the meeting under way when the one before it is over', () => {
    expect(topicsToCarry([topic('t', 'w0')], weeks, new Date(start + WEEK + HOUR / 4))).toEqual([
      { topicId: 't', intoOccurrenceId: 'w1' },
    ]);
  });

  it('keeps a topic of the last meeting where it is: there is nothing to carry it into', () => {
    expect(topicsToCarry([topic('t', 'w2')], weeks, at(2))).toEqual([]);
  });
});
