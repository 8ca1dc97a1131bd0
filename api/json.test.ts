import { describe, expect, it } from '@jest/globals';
import { fc, test } from '@fast-check/jest';
import { copyJson, getOwn, isObject, jsonEqual, objectOr, setOwn } from './json.js';

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

  test.prop([fc.jsonValue()], { seed: 20261207 })('copyJson copies JSON as structuredClone does', (v) => {
    const copy = copyJson(v);
    expect(copy).toEqual(structuredClone(v));
    expect(JSON.stringify(copy)).toBe(JSON.stringify(v));
    if (typeof v === 'object' && v !== null) expect(copy).not.toBe(v);
  });

  it('copyJson shares nothing, keeps "__proto__" and undefined members as data, leaves other objects to structuredClone', () => {
    const v = JSON.parse('{"a":{"b":[1,{"c":2}]},"__proto__":{"polluted":true}}') as Record<string, unknown>;
    v['u'] = undefined;
    v['when'] = new Date(Date.UTC(2026, 0, 1));
    const copy = copyJson(v);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['a', '__proto__', 'u', 'when']);
    expect(getOwn(copy, '__proto__')).toEqual({ polluted: true });
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    // a Date (structuredClone's may come from another realm under jest: no instanceof)
    expect(Object.prototype.toString.call(copy['when'])).toBe('[object Date]');
    expect((copy['when'] as Date).getTime()).toBe(Date.UTC(2026, 0, 1));
    expect(Object.hasOwn(copy, 'u')).toBe(true);
    (copy['a'] as { b: unknown[] }).b.push(3);
    expect((v['a'] as { b: unknown[] }).b).toHaveLength(2);
  });
});
