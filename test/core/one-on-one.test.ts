import { describe, expect, test } from 'vitest';
import { judgeSeries, normalizeEmail } from '../../src/core/one-on-one.ts';
import type { Attendee, Person } from '../../src/core/types.ts';

const manager: Person = { email: 'Maria@Example.com', name: 'Maria Manager' };
const report: Attendee = { email: 'rob@example.com', name: 'Rob Report', response: 'accepted' };
const room: Attendee = { email: 'room-4b@resource.calendar.google.com', name: 'Room 4B', resource: true };

describe('judgeSeries', () => {
  test('recognises the organizer and one other person as a 1:1', () => {
    expect(judgeSeries({ organizer: manager, attendees: [report], recurring: true })).toEqual({
      kind: 'one-on-one',
      pair: {
        organizer: { email: 'maria@example.com', name: 'Maria Manager' },
        attendee: { email: 'rob@example.com', name: 'Rob Report' },
      },
    });
  });

  test('does not manage a one-off meeting', () => {
    expect(judgeSeries({ organizer: manager, attendees: [report], recurring: false })).toEqual({
      kind: 'not-one-on-one',
      reason: 'not-recurring',
    });
  });

  test('returns emails trimmed and lower-cased', () => {
    const verdict = judgeSeries({
      organizer: { email: '  MARIA@example.COM ' },
      attendees: [{ email: ' Rob@Example.com\t' }],
      recurring: true,
    });
    expect(verdict).toEqual({
      kind: 'one-on-one',
      pair: { organizer: { email: 'maria@example.com' }, attendee: { email: 'rob@example.com' } },
    });
  });

  test('counts the organizer once when the calendar also lists them as an attendee', () => {
    const organizerEntry: Attendee = { email: 'maria@EXAMPLE.com', organizer: true, self: true, response: 'accepted' };
    const verdict = judgeSeries({ organizer: manager, attendees: [organizerEntry, report], recurring: true });
    expect(verdict.kind).toBe('one-on-one');
  });

  test('counts the organizer once when listed under the same email without the organizer flag', () => {
    const verdict = judgeSeries({
      organizer: manager,
      attendees: [{ email: 'MARIA@example.com' }, report],
      recurring: true,
    });
    expect(verdict.kind).toBe('one-on-one');
  });

  test('treats an attendee flagged as organizer under another address as the organizer', () => {
    const alias: Attendee = { email: 'maria.m@example.com', organizer: true };
    const verdict = judgeSeries({ organizer: manager, attendees: [alias, report], recurring: true });
    expect(verdict).toMatchObject({ kind: 'one-on-one', pair: { organizer: { email: 'maria@example.com' } } });
  });

  test('ignores rooms and other resources', () => {
    const projector: Attendee = { email: 'projector@example.com', resource: true };
    const verdict = judgeSeries({ organizer: manager, attendees: [room, report, projector], recurring: true });
    expect(verdict).toMatchObject({ kind: 'one-on-one', pair: { attendee: { email: 'rob@example.com' } } });
  });

  test('counts a person listed twice once', () => {
    const again: Attendee = { email: 'ROB@example.com', response: 'needsAction' };
    const verdict = judgeSeries({ organizer: manager, attendees: [report, again], recurring: true });
    expect(verdict).toMatchObject({ kind: 'one-on-one', pair: { attendee: { email: 'rob@example.com' } } });
  });

  test('keeps a person who accepted even if a stale duplicate entry declined', () => {
    const staleDecline: Attendee = { email: 'rob@example.com', response: 'declined' };
    for (const attendees of [
      [staleDecline, report],
      [report, staleDecline],
    ]) {
      expect(judgeSeries({ organizer: manager, attendees, recurring: true }).kind).toBe('one-on-one');
    }
  });

  test('is a 1:1 with the person who accepted when a third person declined', () => {
    const declined: Attendee = { email: 'dana@example.com', name: 'Dana', response: 'declined' };
    const verdict = judgeSeries({ organizer: manager, attendees: [declined, report], recurring: true });
    expect(verdict).toMatchObject({
      kind: 'one-on-one',
      pair: { attendee: { email: 'rob@example.com', name: 'Rob Report' } },
    });
  });

  test('says the other person declined when they were the only one and declined', () => {
    const declined: Attendee = { ...report, response: 'declined' };
    expect(judgeSeries({ organizer: manager, attendees: [room, declined], recurring: true })).toEqual({
      kind: 'not-one-on-one',
      reason: 'other-person-declined',
    });
  });

  test('says the other people declined when everyone invited declined', () => {
    const a: Attendee = { email: 'a@example.com', response: 'declined' };
    const b: Attendee = { email: 'b@example.com', response: 'declined' };
    expect(judgeSeries({ organizer: manager, attendees: [a, b], recurring: true })).toEqual({
      kind: 'not-one-on-one',
      reason: 'other-person-declined',
    });
  });

  test('counts tentative and not-yet-answered invitees as people in the meeting', () => {
    for (const response of ['tentative', 'needsAction', undefined] as const) {
      const verdict = judgeSeries({
        organizer: manager,
        attendees: [{ email: 'x@example.com', response }],
        recurring: true,
      });
      expect(verdict.kind).toBe('one-on-one');
    }
  });

  test('counts an optional attendee as a person, making three a group', () => {
    const optional: Attendee = { email: 'skip@example.com', optional: true, response: 'accepted' };
    expect(judgeSeries({ organizer: manager, attendees: [report, optional], recurring: true })).toEqual({
      kind: 'not-one-on-one',
      reason: 'group',
    });
    expect(judgeSeries({ organizer: manager, attendees: [optional], recurring: true }).kind).toBe('one-on-one');
  });

  test('calls three or more people a group', () => {
    const third: Attendee = { email: 'third@example.com', response: 'tentative' };
    expect(judgeSeries({ organizer: manager, attendees: [report, third], recurring: true })).toEqual({
      kind: 'not-one-on-one',
      reason: 'group',
    });
  });

  test('finds no other person when only the organizer and rooms are invited', () => {
    const self: Attendee = { email: 'maria@example.com', organizer: true };
    for (const attendees of [[], [self], [self, room], [{ email: '   ' }]]) {
      expect(judgeSeries({ organizer: manager, attendees, recurring: true })).toEqual({
        kind: 'not-one-on-one',
        reason: 'no-other-person',
      });
    }
  });

  test('prefers the name the calendar shows on the attendee entry', () => {
    const organizerEntry: Attendee = { email: 'maria@example.com', name: ' Maria M. ', organizer: true };
    const verdict = judgeSeries({ organizer: manager, attendees: [organizerEntry, report], recurring: true });
    expect(verdict).toMatchObject({ pair: { organizer: { name: 'Maria M.' } } });
  });

  test('takes a name from a duplicate entry when the first had none', () => {
    const bare: Attendee = { email: 'rob@example.com' };
    const verdict = judgeSeries({ organizer: manager, attendees: [bare, report], recurring: true });
    expect(verdict).toMatchObject({ pair: { attendee: { name: 'Rob Report' } } });
  });

  test('leaves names out rather than carrying empty ones', () => {
    const verdict = judgeSeries({
      organizer: { email: 'maria@example.com', name: '  ' },
      attendees: [{ email: 'rob@example.com', name: '' }],
      recurring: true,
    });
    // toStrictEqual: a `name: undefined` key would fail here, not just a wrong name.
    expect(verdict).toStrictEqual({
      kind: 'one-on-one',
      pair: { organizer: { email: 'maria@example.com' }, attendee: { email: 'rob@example.com' } },
    });
  });
});

describe('normalizeEmail', () => {
  test('trims and lower-cases', () => {
    expect(normalizeEmail('  Rob.Report@Example.COM\n')).toBe('rob.report@example.com');
  });
});
