import { describe, expect, it } from 'vitest';
import { displayName, mergeName } from '../../src/core/people.ts';

describe('displayName', () => {
  it('uses the name the calendar gave', () => {
    expect(displayName({ email: 'sam@example.com', name: '  Sam Müller ' })).toBe('Sam Müller');
  });

  it('makes a name from the address when there is none', () => {
    expect(displayName({ email: 'sam.lee@example.com' })).toBe('Sam Lee');
    expect(displayName({ email: 'maya_k-2@example.com' })).toBe('Maya K');
  });

  it('falls back to the address when nothing name-like is in it', () => {
    expect(displayName({ email: '1234@example.com' })).toBe('1234@example.com');
  });
});

describe('mergeName', () => {
  const email = 'sam@example.com';

  it("prefers the person's own account name, then the calendar's, then the one known before", () => {
    expect(mergeName(email, { account: 'Samuel Lee', reported: 'Sam', known: 'S.' })).toBe('Samuel Lee');
    expect(mergeName(email, { reported: 'Sam', known: 'S.' })).toBe('Sam');
    expect(mergeName(email, { known: 'S.' })).toBe('S.');
    expect(mergeName(email, {})).toBeNull();
  });

  it('never lets a bare address or a blank replace a known name', () => {
    expect(mergeName(email, { reported: 'SAM@example.com', known: 'Sam' })).toBe('Sam');
    expect(mergeName(email, { account: '  ', reported: '', known: 'Sam' })).toBe('Sam');
  });

  it('does not show a bare address as a name', () => {
    expect(displayName({ email: 'sam.lee@example.com', name: 'sam.lee@example.com' })).toBe('Sam Lee');
  });
});
