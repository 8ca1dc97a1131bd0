import { describe, expect, it } from '@jest/globals';
import { usageLevel, usagePercent } from './usage';

describe('usage levels', () => {
  it('is amber from 80 % and red from 100 %', () => {
    expect(usageLevel(7, 10)).toBe('ok');
    expect(usageLevel(79, 100)).toBe('ok');
    expect(usageLevel(8, 10)).toBe('warning');
    expect(usageLevel(4, 5)).toBe('warning');
    expect(usageLevel(9, 10)).toBe('warning');
    expect(usageLevel(10, 10)).toBe('exceeded');
    expect(usageLevel(12, 10)).toBe('exceeded');
  });

  it('counts a quota of 0 as full', () => {
    expect(usageLevel(0, 0)).toBe('exceeded');
    expect(usagePercent(0, 0)).toBe(100);
    expect(usagePercent(1, 3)).toBe(33);
  });
});
