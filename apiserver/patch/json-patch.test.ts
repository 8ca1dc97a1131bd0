import { describe, expect, it } from '@jest/globals';
import { PatchError, jsonPatch } from './index.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

function patchError(target: unknown, ops: unknown, options = {}): PatchError {
  try {
    jsonPatch(target, ops, options);
  } catch (err) {
    if (err instanceof PatchError) return err;
    throw new Error(`expected a PatchError, got ${String(err)}`);
  }
  throw new Error('expected a PatchError, got success');
}

describe('jsonPatch: RFC 6902 appendix A', () => {
  it.each([
    [
      'add an object member',
      { foo: 'bar' },
      [{ op: 'add', path: '/baz', value: 'qux' }],
      { baz: 'qux', foo: 'bar' },
    ],
    [
      'add an array element',
      { foo: ['bar', 'baz'] },
      [{ op: 'add', path: '/foo/1', value: 'qux' }],
      { foo: ['bar', 'qux', 'baz'] },
    ],
    [
      'append with -',
      { foo: ['bar'] },
      [{ op: 'add', path: '/foo/-', value: ['abc'] }],
      { foo: ['bar', ['abc']] },
    ],
    ['remove an object member', { baz: 'qux', foo: 'bar' }, [{ op: 'remove', path: '/baz' }], { foo: 'bar' }],
    [
      'remove an array element',
      { foo: ['bar', 'qux', 'baz'] },
      [{ op: 'remove', path: '/foo/1' }],
      { foo: ['bar', 'baz'] },
    ],
    [
      'replace a value',
      { baz: 'qux', foo: 'bar' },
      [{ op: 'replace', path: '/baz', value: 'boo' }],
      { baz: 'boo', foo: 'bar' },
    ],
    [
      'move a value',
      { foo: { bar: 'baz', waldo: 'fred' }, qux: { corge: 'grault' } },
      [{ op: 'move', from: '/foo/waldo', path: '/qux/thud' }],
      { foo: { bar: 'baz' }, qux: { corge: 'grault', thud: 'fred' } },
    ],
    [
      'move an array element',
      { foo: ['all', 'grass', 'cows', 'eat'] },
      [{ op: 'move', from: '/foo/1', path: '/foo/3' }],
      { foo: ['all', 'cows', 'eat', 'grass'] },
    ],
    ['copy a value', { a: { b: 1 } }, [{ op: 'copy', from: '/a', path: '/c' }], { a: { b: 1 }, c: { b: 1 } }],
    [
      'test then add',
      { baz: 'qux', foo: ['a', 2, 'c'] },
      [
        { op: 'test', path: '/baz', value: 'qux' },
        { op: 'test', path: '/foo/1', value: 2 },
      ],
      { baz: 'qux', foo: ['a', 2, 'c'] },
    ],
    [
      'add a nested member',
      { foo: 'bar' },
      [{ op: 'add', path: '/child', value: { grandchild: {} } }],
      { foo: 'bar', child: { grandchild: {} } },
    ],
    [
      'escaped tokens',
      { '/': 1, '~': 2 },
      [
        { op: 'replace', path: '/~1', value: 3 },
        { op: 'remove', path: '/~0' },
      ],
      { '/': 3 },
    ],
    ['replace the root', { a: 1 }, [{ op: 'replace', path: '', value: { b: 2 } }], { b: 2 }],
    [
      'test objects ignoring key order',
      { a: { x: 1, y: [1, 2] } },
      [{ op: 'test', path: '/a', value: { y: [1, 2], x: 1 } }],
      { a: { x: 1, y: [1, 2] } },
    ],
    ['move to the same path', { a: 1 }, [{ op: 'move', from: '/a', path: '/a' }], { a: 1 }],
  ])('%s', (_name, target, ops, expected) => {
    expect(jsonPatch(target, ops)).toEqual(expected);
  });

  it('applies kubectl’s server-side-apply upgrade patch', () => {
    const obj = { metadata: { name: 'a1', resourceVersion: '100', managedFields: [{ manager: 'old' }] } };
    const ops = [
      { op: 'replace', path: '/metadata/managedFields', value: [{ manager: 'kubectl', operation: 'Apply' }] },
      { op: 'replace', path: '/metadata/resourceVersion', value: '110' },
    ];
    expect(jsonPatch(obj, ops)).toEqual({
      metadata: {
        name: 'a1',
        resourceVersion: '110',
        managedFields: [{ manager: 'kubectl', operation: 'Apply' }],
      },
    });
  });

  it('treats a null patch as empty, as Go does', () => {
    expect(jsonPatch({ a: 1 }, null)).toEqual({ a: 1 });
  });
});

describe('jsonPatch: kube’s errors', () => {
  const doc = { spec: { model: 'm1', tools: ['a'] }, metadata: { labels: { app: 'x' } } };

  it.each([
    [
      [{ op: 'replace', path: '/spec/x', value: 1 }],
      'jsonpatch replace operation does not apply: doc is missing key: /spec/x',
    ],
    [
      [{ op: 'replace', path: '/spec/x/y', value: 1 }],
      'jsonpatch replace operation does not apply: doc is missing path: /spec/x/y',
    ],
    [
      [{ op: 'replace', path: '/spec/tools/1', value: 1 }],
      'jsonpatch replace operation does not apply: doc is missing key: /spec/tools/1',
    ],
    [
      [{ op: 'add', path: '/metadata/annotations/a', value: 'b' }],
      'jsonpatch add operation does not apply: doc is missing path: "/metadata/annotations/a"',
    ],
    [
      [{ op: 'add', path: 'spec', value: 'b' }],
      'jsonpatch add operation does not apply: doc is missing path: "spec"',
    ],
    [
      [{ op: 'remove', path: '/spec/x' }],
      'jsonpatch remove operation does not apply: doc is missing path: "/spec/x"',
    ],
    [[{ op: 'remove', path: '' }], 'jsonpatch remove operation does not apply: doc is missing path: ""'],
    [[{ op: 'test', path: '/spec/model', value: 'm2' }], 'testing value /spec/model failed: test failed'],
    [[{ op: 'test', path: '/spec/x', value: null }], 'testing value /spec/x failed: test failed'],
    [
      [{ op: 'test', path: '/nope/x', value: 1 }],
      'jsonpatch test operation does not apply: is missing path: /nope/x',
    ],
    [
      [{ op: 'move', from: '/spec/x', path: '/y' }],
      'jsonpatch move operation does not apply: doc is missing from path: /spec/x',
    ],
    [
      [{ op: 'move', from: '/spec', path: '/spec/inner' }],
      'jsonpatch move operation does not apply: cannot move "/spec" into its own child "/spec/inner"',
    ],
    [
      [{ op: 'move', from: '/spec/model', path: '/a/b' }],
      'jsonpatch move operation does not apply: doc is missing destination path: /a/b',
    ],
    [
      [{ op: 'copy', from: '/spec/x', path: '/y' }],
      'jsonpatch copy operation does not apply: doc is missing from path: /spec/x',
    ],
    [
      [{ op: 'copy', from: '/spec', path: '/a/b' }],
      'jsonpatch copy operation does not apply: doc is missing destination path: /a/b',
    ],
    [
      [{ op: 'add', path: '/spec/tools/5', value: 'z' }],
      "error in add for path: '/spec/tools/5': Unable to access invalid index: 5: invalid index referenced",
    ],
    [
      [{ op: 'add', path: '/spec/tools/01', value: 'z' }],
      "error in add for path: '/spec/tools/01': Unable to access invalid index: 01: invalid index referenced",
    ],
    [
      [{ op: 'remove', path: '/spec/tools/-' }],
      'jsonpatch remove operation does not apply: doc is missing path: "/spec/tools/-"',
    ],
    [[{ op: 'frob', path: '/a' }], 'Unexpected kind: frob'],
    [[{ path: '/a' }], 'Unexpected kind: unknown'],
    [[{ op: 'add', value: 1 }], 'add operation failed to decode path'],
    [[{ op: 'copy', path: '/a' }], 'copy operation failed to decode from'],
    [[{ op: 'add', path: '/a' }], 'jsonpatch add operation does not apply: the operation has no value'],
  ])('%j → %s', (ops, message) => {
    const err = patchError(doc, ops);
    expect(err.message).toBe(message);
    expect(err.code).toBe(422);
    expect(err.reason).toBe('Invalid');
  });

  it('answers 400 for a body that is not a list of operation objects', () => {
    expect(patchError(doc, { op: 'add' }).message).toBe(
      'json: cannot unmarshal object into Go value of type jsonpatch.Patch',
    );
    expect(patchError(doc, 'x').code).toBe(400);
    expect(patchError(doc, [1]).message).toBe(
      'json: cannot unmarshal number into Go value of type jsonpatch.Operation',
    );
  });

  it('answers 413 for more operations than allowed', () => {
    const ops = new Array(3).fill({ op: 'test', path: '', value: {} });
    const err = patchError({}, ops, { maxOperations: 2 });
    expect(err.code).toBe(413);
    expect(err.message).toBe('The allowed maximum operations in a JSON patch is 2, got 3');
  });

  it('stops copy amplification at the copy budget', () => {
    const ops = [{ op: 'add', path: '/a', value: 'x'.repeat(1000) }];
    for (let i = 0; i < 30; i++) ops.push({ op: 'copy', from: '/a', path: `/b${i}` } as never);
    const err = patchError({}, ops, { maxCopyBytes: 10000 });
    expect(err.message).toMatch(
      /^Unable to complete the copy, the accumulated size increase of copy is \d+, exceeding the limit 10000$/,
    );
  });
});

describe('jsonPatch: hostile input', () => {
  it('refuses prototype paths and pollutes nothing', () => {
    const attacks = [
      { op: 'add', path: '/__proto__/polluted', value: 1 },
      { op: 'add', path: '/a/__proto__', value: { polluted: 1 } },
      { op: 'replace', path: '/constructor/prototype/polluted', value: 1 },
      { op: 'copy', from: '/__proto__', path: '/x' },
      { op: 'add', path: '/constructor/polluted', value: 1 },
      { op: 'add', path: '/toString/polluted', value: 1 },
    ];
    for (const op of attacks) {
      expect(patchError({ a: {} }, [op])).toBeInstanceOf(PatchError);
    }
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
    expect((Object as unknown as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('resolves only own properties', () => {
    expect(patchError({}, [{ op: 'replace', path: '/toString', value: 1 }]).message).toBe(
      'jsonpatch replace operation does not apply: doc is missing key: /toString',
    );
    expect(jsonPatch({}, [{ op: 'add', path: '/constructor', value: 1 }])).toEqual({ constructor: 1 });
    expect(
      jsonPatch({ o: { hasOwnProperty: 1 } }, [{ op: 'test', path: '/o', value: { hasOwnProperty: 1 } }]),
    ).toEqual({
      o: { hasOwnProperty: 1 },
    });
  });

  it('never mutates the target or the operations, and shares nothing with them', () => {
    const target = deepFreeze({ spec: { tools: ['a', 'b'], nested: { x: 1 } } });
    const value = { deep: { y: 2 } };
    const ops = deepFreeze([
      { op: 'add', path: '/spec/new', value },
      { op: 'add', path: '/spec/new/deep/z', value: 3 },
      { op: 'remove', path: '/spec/tools/0' },
      { op: 'move', from: '/spec/nested', path: '/moved' },
      { op: 'copy', from: '/moved', path: '/copied' },
    ]);
    const result = jsonPatch(target, ops) as Record<string, Record<string, unknown>>;
    expect(result).toEqual({
      spec: { tools: ['b'], new: { deep: { y: 2, z: 3 } } },
      moved: { x: 1 },
      copied: { x: 1 },
    });
    expect(value).toEqual({ deep: { y: 2 } });
    expect(result['moved']).not.toBe(target.spec.nested);
    expect(result['copied']).not.toBe(result['moved']);
  });

  it('throws nothing but PatchError on random operations', () => {
    let seed = 11;
    const pick = <T>(xs: readonly T[]): T => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return xs[seed % xs.length] as T;
    };
    const ops = ['add', 'remove', 'replace', 'move', 'copy', 'test', 'bogus', 1, null];
    const paths = ['', '/', '/a', '/a/0', '/a/-', '/b/c', '/__proto__', 'x', '/a/01', '/~2', 7, undefined];
    const values = [1, 'x', null, [1, { a: 2 }], { a: [] }, undefined];
    for (let i = 0; i < 3000; i++) {
      const patch = [{ op: pick(ops), path: pick(paths), from: pick(paths), value: pick(values) }];
      try {
        jsonPatch({ a: [1, 2], b: { c: 3 } }, patch);
      } catch (err) {
        expect(err).toBeInstanceOf(PatchError);
      }
    }
  });
});
