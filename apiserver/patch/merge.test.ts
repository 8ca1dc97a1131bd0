import { describe, expect, it } from '@jest/globals';
import { PatchError, mergePatch } from './index.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

describe('mergePatch', () => {
  // RFC 7386 appendix A
  it.each([
    [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
    [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
    [{ a: 'b' }, { a: null }, {}],
    [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
    [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
    [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
    [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
    [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
    [
      ['a', 'b'],
      ['c', 'd'],
      ['c', 'd'],
    ],
    [{ a: 'b' }, ['c'], ['c']],
    [{ a: 'foo' }, null, null],
    [{ a: 'foo' }, 'bar', 'bar'],
    [{ e: null }, { a: 1 }, { e: null, a: 1 }],
    [[1, 2], { a: 'b', c: null }, { a: 'b' }],
    [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
  ])('%j + %j → %j', (target, patch, expected) => {
    expect(mergePatch(target, patch)).toEqual(expected);
  });

  it('applies what kubectl label/annotate/apply send', () => {
    const agent = {
      metadata: { name: 'a1', labels: { app: 'demo', tier: 'web' }, annotations: { x: '1' } },
      spec: { model: 'm1', tools: ['a', 'b'] },
    };
    const patch = {
      metadata: {
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
        labels: { app: null },
      },
      spec: { model: 'm1b', tools: ['c'] },
    };
    expect(mergePatch(agent, patch)).toEqual({
      metadata: {
        name: 'a1',
        labels: { tier: 'web' },
        annotations: { x: '1', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
      },
      spec: { model: 'm1b', tools: ['c'] },
    });
  });

  it('never mutates its inputs and shares nothing with them', () => {
    const target = deepFreeze({ a: { b: [1, { c: 2 }] }, keep: { deep: { x: 1 } } });
    const patch = deepFreeze({ a: { d: { e: 1 } }, n: [{ m: 1 }] });
    const result = mergePatch(target, patch) as Record<string, Record<string, unknown>>;
    expect(result).toEqual({ a: { b: [1, { c: 2 }], d: { e: 1 } }, keep: { deep: { x: 1 } }, n: [{ m: 1 }] });
    expect(result['keep']).not.toBe(target.keep);
    expect(result['n']).not.toBe(patch.n);
    expect(result['a']?.['d']).not.toBe(patch.a.d);
  });

  it('keeps "__proto__" as plain data and pollutes no prototype', () => {
    const patch = JSON.parse('{"__proto__":{"polluted":1},"a":{"__proto__":{"polluted":2}}}') as unknown;
    const result = mergePatch({}, patch) as Record<string, unknown>;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual(['__proto__', 'a']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect(JSON.stringify(result)).toBe('{"__proto__":{"polluted":1},"a":{"__proto__":{"polluted":2}}}');
  });

  it('reads only own properties of the target', () => {
    expect(mergePatch({}, { toString: { a: 1 }, constructor: null })).toEqual({ toString: { a: 1 } });
  });

  it('refuses absurdly deep documents with a PatchError instead of overflowing the stack', () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    expect(() => mergePatch({}, deep)).toThrow(PatchError);
    expect(() => mergePatch(deep, {})).toThrow(PatchError);
  });
});
