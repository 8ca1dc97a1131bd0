import { describe, expect, it } from '@jest/globals';
import { relativeAge } from './age';
import { pageOf } from './paging';

describe('pageOf', () => {
  it('slices pages and clamps the page number', () => {
    const rows = [1, 2, 3, 4, 5];
    expect(pageOf(rows, 0, 2)).toEqual({ rows: [1, 2], page: 0, pages: 3 });
    expect(pageOf(rows, 2, 2)).toEqual({ rows: [5], page: 2, pages: 3 });
    expect(pageOf(rows, 9, 2).page).toBe(2);
    expect(pageOf([], 0, 2)).toEqual({ rows: [], page: 0, pages: 1 });
  });
});

describe('relativeAge', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  const after = (s: number): Date => new Date(t0.getTime() + s * 1000);
  it('reads like kubectl AGE', () => {
    expect(relativeAge(t0, after(5))).toBe('5s');
    expect(relativeAge(t0, after(600))).toBe('10m');
    expect(relativeAge(t0, after(5 * 3600))).toBe('5h');
    expect(relativeAge(t0, after(3 * 86400))).toBe('3d');
    expect(relativeAge(t0, after(-5))).toBe('0s');
  });
});
