import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { exceedsDepth } from './json.js';

/** Levels of objects/arrays in `v` (a scalar has none). */
function depth(v: unknown): number {
  if (typeof v !== 'object' || v === null) return 0;
  const children = Array.isArray(v) ? (v as unknown[]) : Object.values(v);
  return 1 + Math.max(0, ...children.map(depth));
}

function nested(levels: number): unknown {
  let v: unknown = 'leaf';
  for (let i = 0; i < levels; i++) v = i % 2 === 0 ? { a: v } : [v];
  return v;
}

describe('exceedsDepth', () => {
  test.prop([fc.jsonValue({ maxDepth: 8 }), fc.integer({ min: 0, max: 10 })], { seed: 20261207 })(
    'is true exactly when containers nest more than limit levels',
    (v, limit) => {
      expect(exceedsDepth(v, limit)).toBe(depth(v) > limit);
    },
  );

  it('bounds its walk by the limit, however deep the value', () => {
    expect(exceedsDepth(nested(100_000))).toBe(true);
    expect(exceedsDepth(nested(100))).toBe(false);
    expect(exceedsDepth(nested(101))).toBe(true);
  });

  it('walks a "__proto__" member as data', () => {
    const v = JSON.parse('{"__proto__": {"a": {"b": {}}}}') as unknown;
    expect(exceedsDepth(v, 3)).toBe(true);
    expect(exceedsDepth(v, 4)).toBe(false);
  });
});
