import { describe, expect, test } from 'vitest';
import { formatDate, formatMeetingTime, isValidIsoDate, isValidTimeZone, todayIn } from '../../src/core/time.ts';

const at = (iso: string) => new Date(iso);

describe('isValidTimeZone', () => {
  test('accepts IANA zone names and UTC', () => {
    for (const zone of ['Europe/Berlin', 'America/New_York', 'Australia/Sydney', 'Asia/Kolkata', 'UTC']) {
      expect(isValidTimeZone(zone)).toBe(true);
    }
  });

  test('rejects names that are not zones', () => {
    for (const zone of ['', 'Mars/Olympus_Mons', 'Berlin', 'GMT+25', 'Europe/Berlin ']) {
      expect(isValidTimeZone(zone)).toBe(false);
    }
  });
});

describe('todayIn', () => {
  test('a late-evening UTC instant is already tomorrow in Sydney and still today in New York', () => {
    const now = at('2026-03-28T23:30:00Z');
    expect(todayIn(now, 'UTC')).toBe('2026-03-28');
    expect(todayIn(now, 'Australia/Sydney')).toBe('2026-03-29');
    expect(todayIn(now, 'America/New_York')).toBe('2026-03-28');
  });

  test('follows Berlin onto summer time on the last Sunday of March', () => {
    // 22:30 UTC is 23:30 in winter (UTC+1) but 00:30 the next day in summer (UTC+2).
    expect(todayIn(at('2026-03-28T22:30:00Z'), 'Europe/Berlin')).toBe('2026-03-28');
    expect(todayIn(at('2026-03-29T22:30:00Z'), 'Europe/Berlin')).toBe('2026-03-30');
  });

  test('follows Berlin back to winter time on the last Sunday of October', () => {
    expect(todayIn(at('2026-10-24T22:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25');
    expect(todayIn(at('2026-10-25T22:30:00Z'), 'Europe/Berlin')).toBe('2026-10-25');
  });

  test('follows New York off daylight time on the first Sunday of November', () => {
    // 03:30 UTC is 23:30 the previous evening under EDT (UTC-4), 22:30 under EST (UTC-5).
    expect(todayIn(at('2026-11-01T03:30:00Z'), 'America/New_York')).toBe('2026-10-31');
    expect(todayIn(at('2026-11-02T03:30:00Z'), 'America/New_York')).toBe('2026-11-01');
    expect(todayIn(at('2026-11-02T04:30:00Z'), 'America/New_York')).toBe('2026-11-01');
  });

  test('follows Sydney off daylight time on the first Sunday of April', () => {
    // 13:30 UTC is 00:30 the next day under AEDT (UTC+11), 23:30 the same day under AEST (UTC+10).
    expect(todayIn(at('2026-04-04T13:30:00Z'), 'Australia/Sydney')).toBe('2026-04-05');
    expect(todayIn(at('2026-04-05T13:30:00Z'), 'Australia/Sydney')).toBe('2026-04-05');
  });

  test('treats an unknown zone as UTC', () => {
    expect(todayIn(at('2026-03-28T23:30:00Z'), 'Mars/Olympus_Mons')).toBe('2026-03-28');
    expect(todayIn(at('2026-03-28T23:30:00Z'), '')).toBe('2026-03-28');
  });
});

describe('isValidIsoDate', () => {
  test('accepts real calendar dates, leap days included', () => {
    for (const date of ['2026-01-01', '2026-02-28', '2024-02-29', '2000-02-29', '2026-12-31']) {
      expect(isValidIsoDate(date)).toBe(true);
    }
  });

  test('rejects dates that do not exist', () => {
    for (const date of [
      '2026-02-29',
      '2026-02-30',
      '1900-02-29',
      '2026-04-31',
      '2026-13-01',
      '2026-00-10',
      '2026-01-00',
    ]) {
      expect(isValidIsoDate(date)).toBe(false);
    }
  });

  test('rejects anything but exactly YYYY-MM-DD', () => {
    for (const date of ['2026-2-01', '2026-02-1', '20260201', '2026-02-01T10:00', ' 2026-02-01', '2026-02-01\n', '']) {
      expect(isValidIsoDate(date)).toBe(false);
    }
  });
});

describe('formatMeetingTime', () => {
  test('shows day, date, times and zone', () => {
    expect(formatMeetingTime(at('2026-12-01T09:00:00Z'), at('2026-12-01T09:30:00Z'), 'Europe/Berlin')).toBe(
      'Tue 1 Dec 2026, 10:00\u201310:30 (Europe/Berlin)',
    );
  });

  test('keeps a weekly 10:00 meeting at 10:00 across the change from daylight time', () => {
    const before = formatMeetingTime(at('2026-10-27T14:00:00Z'), at('2026-10-27T14:30:00Z'), 'America/New_York');
    const after = formatMeetingTime(at('2026-11-03T15:00:00Z'), at('2026-11-03T15:30:00Z'), 'America/New_York');
    expect(before).toBe('Tue 27 Oct 2026, 10:00\u201310:30 (America/New_York)');
    expect(after).toBe('Tue 3 Nov 2026, 10:00\u201310:30 (America/New_York)');
  });

  test('shows the clock jump of a meeting held while Berlin springs forward', () => {
    expect(formatMeetingTime(at('2026-03-29T00:30:00Z'), at('2026-03-29T01:30:00Z'), 'Europe/Berlin')).toBe(
      'Sun 29 Mar 2026, 01:30\u201303:30 (Europe/Berlin)',
    );
  });

  test('names both dates when a meeting runs past local midnight', () => {
    expect(formatMeetingTime(at('2026-04-04T12:30:00Z'), at('2026-04-04T13:30:00Z'), 'Australia/Sydney')).toBe(
      'Sat 4 Apr 2026, 23:30 \u2013 Sun 5 Apr 2026, 00:30 (Australia/Sydney)',
    );
  });

  test('shows an unknown zone as UTC and says so', () => {
    expect(formatMeetingTime(at('2026-12-01T09:00:00Z'), at('2026-12-01T09:30:00Z'), 'Nowhere/Land')).toBe(
      'Tue 1 Dec 2026, 09:00\u201309:30 (UTC)',
    );
  });

  test('spells the zone the canonical way', () => {
    expect(formatMeetingTime(at('2026-12-01T09:00:00Z'), at('2026-12-01T09:30:00Z'), 'europe/berlin')).toMatch(
      /\(Europe\/Berlin\)$/,
    );
  });

  test('uses the locale’s names and clock', () => {
    const us = formatMeetingTime(at('2026-12-01T15:00:00Z'), at('2026-12-01T15:30:00Z'), 'America/New_York', 'en-US');
    expect(us).toMatch(/^Tue 1 Dec 2026, 10:00\sAM\u201310:30\sAM \(America\/New_York\)$/);
    const de = formatMeetingTime(at('2026-12-01T09:00:00Z'), at('2026-12-01T09:30:00Z'), 'Europe/Berlin', 'de-DE');
    expect(de).toBe('Di 1 Dez 2026, 10:00\u201310:30 (Europe/Berlin)');
  });

  test('falls back to British English for a malformed locale instead of failing', () => {
    expect(
      formatMeetingTime(at('2026-12-01T09:00:00Z'), at('2026-12-01T09:30:00Z'), 'Europe/Berlin', 'not a locale!'),
    ).toBe('Tue 1 Dec 2026, 10:00\u201310:30 (Europe/Berlin)');
  });
});

describe('formatDate', () => {
  test('shows a calendar date with its weekday', () => {
    expect(formatDate('2026-12-01')).toBe('Tue 1 Dec 2026');
    expect(formatDate('2024-02-29', 'de-DE')).toBe('Do 29 Feb 2024');
  });

  test('returns text that is not a valid date unchanged', () => {
    expect(formatDate('2026-02-30')).toBe('2026-02-30');
    expect(formatDate('soon')).toBe('soon');
  });
});
