import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { dayOf, daysBefore, minuteOf, secondsToEnd } from './windows.js';

describe('quota windows', () => {
  it('names UTC minutes and days', () => {
    const ms = Date.parse('2026-12-06T23:59:30.250Z');
    expect(dayOf(ms)).toBe('2026-12-06');
    expect(dayOf(ms + 30_000)).toBe('2026-12-07');
    expect(minuteOf(ms + 29_000)).toBe(minuteOf(ms));
    expect(minuteOf(ms + 30_000)).toBe(minuteOf(ms) + 1);
    expect(daysBefore('2026-03-01', 1)).toBe('2026-02-28');
    expect(daysBefore('2026-12-06', 90)).toBe('2026-09-07');
  });

  it('counts whole seconds left in the window, rounded down', () => {
    const ms = Date.parse('2026-12-06T10:00:15.700Z');
    expect(secondsToEnd('minute', ms)).toBe(44);
    expect(secondsToEnd('minute', Date.parse('2026-12-06T10:00:59.400Z'))).toBe(0);
    expect(secondsToEnd('day', ms)).toBe(14 * 3600 - 16);
  });

  test.prop([fc.integer({ min: 0, max: 4_000_000_000_000 })], { seed: 1406 })(
    'a retry after the answer comes at most a second before the window ends, never after',
    (ms) => {
      for (const [w, size] of [
        ['minute', 60_000],
        ['day', 86_400_000],
      ] as const) {
        const end = (Math.floor(ms / size) + 1) * size;
        const later = ms + secondsToEnd(w, ms) * 1000;
        expect(later).toBeLessThanOrEqual(end);
        expect(later + 1000).toBeGreaterThan(end);
      }
    },
  );
});
