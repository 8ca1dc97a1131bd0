import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { rfc3339Micro, rfc3339Seconds, utcDate } from './time.js';

/** What each text is by definition, from a fresh Date every time. */
const iso = (ms: number): string => new Date(Math.floor(ms)).toISOString();
const expected = {
  seconds: (ms: number): string => iso(ms).replace(/\.\d{3}Z$/, 'Z'),
  micro: (ms: number): string =>
    iso(ms).replace(/Z$/, `${String(Math.floor((ms - Math.floor(ms)) * 1000)).padStart(3, '0')}Z`),
  date: (ms: number): string => iso(ms).replace(/T.*$/, ''),
};

describe('time texts', () => {
  it('formats metav1.Time, MicroTime and a UTC date', () => {
    const t = Date.UTC(2026, 10, 22, 0, 28, 23, 123) + 0.456;
    expect(rfc3339Seconds(t)).toBe('2026-11-22T00:28:23Z');
    expect(rfc3339Micro(t)).toBe('2026-11-22T00:28:23.123456Z');
    expect(utcDate(t)).toBe('2026-11-22');
    expect(rfc3339Micro(Date.UTC(2026, 0, 1))).toBe('2026-01-01T00:00:00.000000Z');
    expect(rfc3339Micro(Date.UTC(2026, 0, 1) - 0.5)).toBe('2025-12-31T23:59:59.999500Z');
  });

  it('formats unrepresentable times as the epoch and keeps the extended form of years past 9999', () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      expect(rfc3339Seconds(bad)).toBe('1970-01-01T00:00:00Z');
      expect(utcDate(bad)).toBe('1970-01-01');
    }
    const far = Date.UTC(10000, 0, 2, 3, 4, 5);
    expect(rfc3339Seconds(far)).toBe('+010000-01-02T03:04:05Z');
    expect(utcDate(far)).toBe('+010000-01-02');
    expect(rfc3339Seconds(Date.UTC(1969, 11, 31, 23, 59, 59, 500))).toBe('1969-12-31T23:59:59Z');
  });

  // anywhere, and within seconds of one another (where a kept second could be reused wrongly)
  const time = fc.oneof(
    fc.double({ min: -1e12, max: 4e12, noNaN: true }),
    fc.double({ min: 1.7e12, max: 1.7e12 + 5000, noNaN: true }),
  );
  const call = fc.tuple(fc.constantFrom('seconds' as const, 'micro' as const, 'date' as const), time);
  test.prop([fc.array(call, { maxLength: 40 })], { seed: 20261208, numRuns: 300 })(
    'answers what a fresh Date would, whatever the order of calls (the kept second never leaks)',
    (calls) => {
      for (const [kind, ms] of calls) {
        const got =
          kind === 'seconds' ? rfc3339Seconds(ms) : kind === 'micro' ? rfc3339Micro(ms) : utcDate(ms);
        expect(got).toBe(expected[kind](ms));
      }
    },
  );
});
