import { describe, expect, it } from 'vitest';
import { formatMeetingTime } from '../../src/core/time.ts';
import { canonicalTimeZone } from '../../src/core/time-zone-name.ts';

describe('canonicalTimeZone', () => {
  it.each([
    ['Asia/Calcutta', 'Asia/Kolkata'],
    ['Asia/Kolkata', 'Asia/Kolkata'],
    ['asia/kolkata', 'Asia/Kolkata'],
    ['Europe/Kiev', 'Europe/Kyiv'],
    ['Asia/Saigon', 'Asia/Ho_Chi_Minh'],
    ['America/Buenos_Aires', 'America/Argentina/Buenos_Aires'],
    ['europe/berlin', 'Europe/Berlin'],
    ['UTC', 'UTC'],
  ])('spells %s as %s', (zone, expected) => {
    expect(canonicalTimeZone(zone)).toBe(expected);
  });

  it('returns a name the runtime does not know as given', () => {
    expect(canonicalTimeZone('Mars/Olympus')).toBe('Mars/Olympus');
  });

  it('is what meeting times name, whichever spelling the browser sent', () => {
    const start = new Date('2026-11-24T10:00:00Z');
    const end = new Date('2026-11-24T10:30:00Z');
    expect(formatMeetingTime(start, end, 'Asia/Calcutta')).toBe('Tue 24 Nov 2026, 15:30–16:00 (Asia/Kolkata)');
  });
});
