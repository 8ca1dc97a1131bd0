import { describe, expect, it } from '@jest/globals';
import { getOwn, isObject, jsonEqual, objectOr, setOwn } from './json.js';

describe('api/json', () => {
  it('isObject and objectOr accept plain objects only', () => {
    expect([{}, [], null, 'x', 1].map(isObject)).toEqual([true, false, false, false, false]);
    expect(objectOr([1])).toEqual({});
    const o = { a: 1 };
    expect(objectOr(o)).toBe(o);
  });

  it('reads and writes own properties only, "__proto__" as data', () => {
    const o: Record<string, unknown> = {};
    setOwn(o, '__proto__', { polluted: true });
    expect(Object.getPrototypeOf(o)).toBe(Object.prototype);
    expect(getOwn(o, '__proto__')).toEqual({ polluted: true });
    expect(getOwn({}, 'toString')).toBeUndefined();
    expect(getOwn('text', 'length')).toBeUndefined();
  });

  it('jsonEqual ignores key order and undefined members, not array order', () => {
    expect(jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(jsonEqual({ a: 1, b: undefined }, { a: 1 })).toBe(true);
    expect(jsonEqual([1, 2], [2, 1])).toBe(false);
    expect(jsonEqual({ a: null }, { a: undefined })).toBe(false);
    expect(jsonEqual([], {})).toBe(false);
  });
});
