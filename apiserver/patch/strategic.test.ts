import { describe, expect, it } from '@jest/globals';
import { PatchError, strategicMergePatchAsMerge } from './index.js';

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

function patchError(target: unknown, patch: unknown): PatchError {
  try {
    strategicMergePatchAsMerge(target, patch);
  } catch (err) {
    if (err instanceof PatchError) return err;
    throw new Error(`expected a PatchError, got ${String(err)}`);
  }
  throw new Error('expected a PatchError, got success');
}

const namespace = deepFreeze({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: {
    name: 'team-a',
    labels: { app: 'demo', tier: 'web' },
    annotations: { note: 'x', other: 'y' },
    finalizers: ['a.example.com/f', 'b.example.com/f'],
    ownerReferences: [
      { apiVersion: 'orgplane.io/v1alpha1', kind: 'Organization', name: 'team-a', uid: 'u1' },
      { apiVersion: 'v1', kind: 'ConfigMap', name: 'cm', uid: 'u2' },
    ],
  },
  spec: { finalizers: ['kubernetes'] },
  status: {
    phase: 'Active',
    conditions: [
      { type: 'A', status: 'True' },
      { type: 'B', status: 'False' },
    ],
  },
});

const meta = (patch: unknown): unknown =>
  (strategicMergePatchAsMerge(namespace, patch) as { metadata: unknown }).metadata;

describe('strategicMergePatchAsMerge: merge semantics', () => {
  it('merges labels and annotations as kubectl label/annotate send them', () => {
    expect(
      meta({ metadata: { labels: { tier: null, env: 'prod' }, annotations: { note: 'z' } } }),
    ).toMatchObject({
      labels: { app: 'demo', env: 'prod' },
      annotations: { note: 'z', other: 'y' },
    });
  });

  it('replaces lists without a merge strategy (spec.finalizers)', () => {
    expect(strategicMergePatchAsMerge(namespace, { spec: { finalizers: ['other'] } })['spec']).toEqual({
      finalizers: ['other'],
    });
  });

  it('merges metadata.finalizers as a set, keeping order', () => {
    expect(meta({ metadata: { finalizers: ['b.example.com/f', 'c.example.com/f'] } })).toMatchObject({
      finalizers: ['a.example.com/f', 'b.example.com/f', 'c.example.com/f'],
    });
  });

  it('merges ownerReferences by uid: update, add and $patch: delete', () => {
    const refs = meta({
      metadata: {
        ownerReferences: [
          { uid: 'u1', controller: true },
          { uid: 'u2', $patch: 'delete' },
          { apiVersion: 'v1', kind: 'Secret', name: 's', uid: 'u3' },
        ],
      },
    }) as { ownerReferences: unknown };
    expect(refs.ownerReferences).toEqual([
      {
        apiVersion: 'orgplane.io/v1alpha1',
        kind: 'Organization',
        name: 'team-a',
        uid: 'u1',
        controller: true,
      },
      { apiVersion: 'v1', kind: 'Secret', name: 's', uid: 'u3' },
    ]);
  });

  it('merges status.conditions by type', () => {
    const status = strategicMergePatchAsMerge(namespace, {
      status: { conditions: [{ type: 'B', status: 'True' }] },
    })['status'];
    expect(status).toEqual({
      phase: 'Active',
      conditions: [
        { type: 'A', status: 'True' },
        { type: 'B', status: 'True' },
      ],
    });
  });

  it('uses the caller’s merge lists when given', () => {
    const result = strategicMergePatchAsMerge(
      { spec: { ports: [{ port: 80, name: 'http' }] } },
      { spec: { ports: [{ port: 80, name: 'web' }, { port: 443 }] } },
      { mergeLists: { 'spec.ports': 'port' } },
    );
    expect(result).toEqual({ spec: { ports: [{ port: 80, name: 'web' }, { port: 443 }] } });
  });
});

describe('strategicMergePatchAsMerge: directives', () => {
  it('$patch: replace replaces a map, $patch: delete removes it', () => {
    expect(
      meta({ metadata: { labels: { $patch: 'replace', only: 'this' }, annotations: { $patch: 'delete' } } }),
    ).toEqual({
      name: 'team-a',
      labels: { only: 'this' },
      finalizers: namespace.metadata.finalizers,
      ownerReferences: namespace.metadata.ownerReferences,
    });
  });

  it('$retainKeys clears the keys it does not list', () => {
    expect(meta({ metadata: { labels: { $retainKeys: ['app', 'new'], new: 'n' } } })).toMatchObject({
      labels: { app: 'demo', new: 'n' },
    });
  });

  it('$deleteFromPrimitiveList removes values; $setElementOrder is dropped', () => {
    const result = meta({
      metadata: {
        '$deleteFromPrimitiveList/finalizers': ['a.example.com/f'],
        '$setElementOrder/finalizers': ['b.example.com/f'],
      },
    });
    expect(result).toMatchObject({ finalizers: ['b.example.com/f'] });
    expect(Object.keys(result as object).some((k) => k.startsWith('$'))).toBe(false);
  });

  it('a {$patch: replace} list element replaces the list', () => {
    expect(meta({ metadata: { finalizers: [{ $patch: 'replace' }, 'only'] } })).toMatchObject({
      finalizers: ['only'],
    });
  });

  it('strips directives from values that land where nothing was', () => {
    const result = strategicMergePatchAsMerge(
      {},
      { spec: { a: { $patch: 'merge', b: 1, c: null }, l: [{ x: 1, $patch: 'delete' }, 2] } },
    );
    expect(result).toEqual({ spec: { a: { b: 1 }, l: [2] } });
  });

  it('a top-level $patch: delete empties the object', () => {
    expect(strategicMergePatchAsMerge(namespace, { $patch: 'delete' })).toEqual({});
  });
});

describe('strategicMergePatchAsMerge: errors and hostile input', () => {
  it.each([
    [
      { metadata: { labels: { $patch: 'frob' } } },
      'unknown patch type in map: $patch must be merge, replace or delete',
      422,
    ],
    [{ metadata: { ownerReferences: [{ name: 'x' }] } }, 'map does not contain declared merge key: uid', 422],
    [{ metadata: { ownerReferences: ['x'] } }, 'map does not contain declared merge key: uid', 422],
    [{ metadata: { labels: { $retainKeys: 'app' } } }, '$retainKeys must be a list of strings', 422],
    [
      { metadata: { '$deleteFromPrimitiveList/finalizers': 'a' } },
      '$deleteFromPrimitiveList/finalizers must be a list',
      422,
    ],
    [['x'], 'json: cannot unmarshal array into Go value of type map[string]interface {}', 400],
    [null, 'json: cannot unmarshal null into Go value of type map[string]interface {}', 400],
  ])('%j → %s', (patch, message, code) => {
    const err = patchError(namespace, patch);
    expect(err.message).toBe(message);
    expect(err.code).toBe(code);
  });

  it('never mutates its inputs (both are frozen here) and shares nothing with the patch', () => {
    const patch = deepFreeze({
      metadata: { labels: { x: '1' }, ownerReferences: [{ uid: 'u9', name: 'n' }] },
    });
    const result = strategicMergePatchAsMerge(namespace, patch) as {
      metadata: { ownerReferences: unknown[] };
    };
    expect(result.metadata.ownerReferences[2]).toEqual({ uid: 'u9', name: 'n' });
    expect(result.metadata.ownerReferences[2]).not.toBe(patch.metadata.ownerReferences[0]);
    expect(result.metadata.ownerReferences[0]).not.toBe(namespace.metadata.ownerReferences[0]);
  });

  it('keeps "__proto__" as plain data and pollutes nothing', () => {
    const patch = JSON.parse(
      '{"metadata":{"labels":{"__proto__":{"polluted":1}}},"__proto__":{"polluted":2}}',
    ) as unknown;
    const result = strategicMergePatchAsMerge({}, patch);
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual(['metadata', '__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });

  it('refuses absurdly deep patches with a PatchError', () => {
    let deep: unknown = {};
    for (let i = 0; i < 5000; i++) deep = i % 2 === 0 ? { a: deep } : [deep];
    expect(patchError({}, { x: deep }).code).toBe(422);
  });
});
