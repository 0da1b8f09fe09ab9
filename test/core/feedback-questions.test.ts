import { describe, expect, it } from 'vitest';
import {
  firstName,
  isRating,
  questionByKey,
  questionFor,
  questionKeys,
  ratingLabel,
} from '../../src/core/feedback-questions.ts';

describe('the feedback questions', () => {
  it("asks the report about the manager's support, blockers, growth and communication, by first name", () => {
    const asked = questionKeys('report').map((_, i) => questionFor('report', i, 'Maya Lind').text);
    expect(asked.length).toBeGreaterThanOrEqual(8);
    expect(asked).toContain('What could Maya do to support you better?');
    expect(asked).toContain('Is anything blocking you that Maya could help remove?');
    expect(asked).toContain('What would you like to learn or grow into next?');
    expect(asked).toContain('Was anything unclear in how Maya communicated this week?');
    expect(asked.join(' ')).not.toContain('Lind');
  });

  it('asks the manager how they supported the report, about airtime and what they would do differently', () => {
    const asked = questionKeys('manager').map((_, i) => questionFor('manager', i, 'Sam Lee').text);
    expect(asked.length).toBeGreaterThanOrEqual(6);
    expect(asked).toContain('How well did you support Sam in this meeting?');
    expect(asked).toContain('Did Sam have most of the airtime, or did you?');
    expect(asked).toContain('What would you do differently in your next 1:1 with Sam?');
  });

  it('rotates from meeting to meeting and starts over after the last question', () => {
    const keys = questionKeys('report');
    expect(questionFor('report', 0, 'Maya').key).toBe(keys[0]);
    expect(questionFor('report', 1, 'Maya').key).toBe(keys[1]);
    expect(questionFor('report', keys.length, 'Maya').key).toBe(keys[0]);
    expect(questionFor('report', keys.length + 3, 'Maya').key).toBe(keys[3]);
    const managerKeys = questionKeys('manager');
    expect(questionFor('manager', managerKeys.length + 1, 'Sam').key).toBe(managerKeys[1]);
  });

  it('gives every question a key of its own, so a stored answer finds its question again', () => {
    const all = [...questionKeys('report'), ...questionKeys('manager')];
    expect(new Set(all).size).toBe(all.length);
    for (const key of all) expect(questionByKey(key, 'Maya Lind')?.key).toBe(key);
    expect(questionByKey('report-support', 'Maya Lind')?.text).toBe('What could Maya do to support you better?');
    expect(questionByKey('retired-question', 'Maya')).toBeUndefined();
  });

  it('refuses a meeting place that is not a whole number from 0', () => {
    expect(() => questionFor('report', -1, 'Maya')).toThrow(RangeError);
    expect(() => questionFor('report', 1.5, 'Maya')).toThrow(RangeError);
  });

  it('calls a person by the first word of their name, or their name as it is', () => {
    expect(firstName('Maya Lind')).toBe('Maya');
    expect(firstName('  Sam  ')).toBe('Sam');
    expect(firstName('sam@example.com')).toBe('sam@example.com');
  });

  it('knows the five ratings by number and word', () => {
    expect([1, 2, 3, 4, 5].map((n) => isRating(n))).toEqual([true, true, true, true, true]);
    expect([0, 6, 2.5, Number.NaN, '3', null].map((n) => isRating(n))).toEqual([
      false,
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(ratingLabel(1)).toBe('1 — poor');
    expect(ratingLabel(4)).toBe('4 — good');
    expect(ratingLabel(5)).toBe('5 — great');
  });
});
