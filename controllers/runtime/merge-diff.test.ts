import { describe, expect, it } from '@jest/globals';
import { mergeDiff } from './merge-diff.js';

describe('mergeDiff', () => {
  it('is undefined when nothing differs', () => {
    expect(mergeDiff({ a: 1, b: { c: [1, 2] } }, { a: 1, b: { c: [1, 2] } })).toBeUndefined();
  });

  it('holds changed keys, removed keys as null, and whole arrays', () => {
    expect(mergeDiff({ a: 1, b: { c: 1, d: 2 }, l: [1] }, { a: 2, b: { c: 1 }, l: [1, 2], n: 'x' })).toEqual({
      a: 2,
      b: { d: null },
      l: [1, 2],
      n: 'x',
    });
  });
});
