import { describe, expect, it } from 'vitest';
import { displayName } from '../../src/core/people.ts';

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
