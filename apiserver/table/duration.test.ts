import { describe, expect, it } from '@jest/globals';
import { ageOf, humanDuration } from './duration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;
const y = 365 * d;

describe('humanDuration (kube HumanDuration)', () => {
  it.each([
    [-5 * s, '<invalid>'],
    [-1500, '0s'],
    [0, '0s'],
    [29 * s + 900, '29s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [5 * m + 10 * s, '5m10s'],
    [9 * m + 59 * s, '9m59s'],
    [10 * m + 30 * s, '10m'],
    [179 * m, '179m'],
    [3 * h, '3h'],
    [3 * h + 5 * m, '3h5m'],
    [7 * h + 59 * m, '7h59m'],
    [8 * h + 30 * m, '8h'],
    [47 * h, '47h'],
    [2 * d, '2d'],
    [2 * d + 4 * h, '2d4h'],
    [7 * d + 23 * h, '7d23h'],
    [8 * d + 5 * h, '8d'],
    [729 * d, '729d'],
    [2 * y, '2y'],
    [3 * y + 12 * d, '3y12d'],
    [8 * y + 100 * d, '8y'],
    [NaN, '<invalid>'],
  ])('%d ms → %s', (ms, expected) => {
    expect(humanDuration(ms)).toBe(expected);
  });
});

describe('ageOf', () => {
  const now = Date.parse('2024-05-01T12:00:00Z');
  it('formats RFC 3339 timestamps relative to now', () => {
    expect(ageOf('2024-05-01T11:59:31Z', now)).toBe('29s');
    expect(ageOf('2024-05-01T11:54:50.5Z', now)).toBe('5m9s');
    expect(ageOf('2024-05-01T14:00:00+02:00', now)).toBe('0s');
  });
  it('answers <unknown> for empty and <invalid> for garbage', () => {
    expect(ageOf('', now)).toBe('<unknown>');
    expect(ageOf('yesterday', now)).toBe('<invalid>');
    expect(ageOf('2024-05-01', now)).toBe('<invalid>');
  });
});
