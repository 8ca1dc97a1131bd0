import { describe, expect, it } from '@jest/globals';
import { testPattern, translateGoPattern } from './pattern.js';

describe('testPattern (Go RE2 patterns)', () => {
  it('matches unanchored, like Go MatchString', () => {
    expect(testPattern('b', 'abc')).toBe(true);
    expect(testPattern('^b', 'abc')).toBe(false);
  });

  it('translates RE2-only syntax', () => {
    expect(testPattern('(?i)^abc$', 'ABC')).toBe(true);
    expect(testPattern('\\Aab\\z', 'ab')).toBe(true);
    expect(testPattern('\\Aab\\z', 'ab\n')).toBe(false);
    expect(testPattern('^[[:alpha:]]+$', 'abcXYZ')).toBe(true);
    expect(testPattern('^[[:digit:]]+$', 'ab')).toBe(false);
    expect(testPattern('^\\pL+$', 'héllo')).toBe(true);
    expect(testPattern('^(?P<word>[a-z]+)$', 'abc')).toBe(true);
    expect(testPattern('^\\Q1.5*\\E$', '1.5*')).toBe(true);
    expect(testPattern('^\\Q1.5*\\E$', '125')).toBe(false);
    expect(testPattern('^[]a]+$', ']a]')).toBe(true);
    expect(testPattern('^\\x{41}$', 'A')).toBe(true);
    expect(testPattern('^a\\-b\\#$', 'a-b#')).toBe(true);
  });

  it('keeps Go’s ASCII \\s', () => {
    expect(testPattern('^\\s$', '\u00a0')).toBe(false);
    expect(testPattern('^[\\s-]+$', ' - ')).toBe(true);
  });

  it('reports patterns that do not compile', () => {
    const r = testPattern('(', 'x');
    expect(typeof r === 'object' && r.error.length > 0).toBe(true);
  });

  it('exposes the translation', () => {
    expect(translateGoPattern('(?i)\\d+\\s')).toEqual({ source: '\\d+[\\t\\n\\f\\r ]', flags: 'i' });
  });
});
