import { describe, expect, it } from '@jest/globals';
import { pruneUnknown } from './prune.js';
import type { Schema } from './types.js';

const agentSchema: Schema = {
  type: 'object',
  properties: {
    spec: {
      type: 'object',
      properties: {
        model: { type: 'string' },
        tools: { type: 'array', items: { type: 'object', properties: { name: { type: 'string' } } } },
        quota: { type: 'object', additionalProperties: { type: 'integer' } },
        extra: {
          type: 'object',
          'x-kubernetes-preserve-unknown-fields': true,
          properties: { fixed: { type: 'object', properties: { a: { type: 'string' } } } },
        },
        labels: {
          type: 'object',
          additionalProperties: { type: 'object', properties: { v: { type: 'string' } } },
        },
      },
    },
  },
};

const obj = (o: unknown): Record<string, unknown> => JSON.parse(JSON.stringify(o)) as Record<string, unknown>;

describe('pruneUnknown', () => {
  it('removes undeclared fields and reports kube paths, sorted', () => {
    const o = obj({
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'a' },
      spec: { model: 'm', colour: 'red', tools: [{ name: 't', foo: 1 }, { bar: 2 }] },
      zeta: true,
    });
    expect(pruneUnknown(o, agentSchema)).toEqual([
      'spec.colour',
      'spec.tools[0].foo',
      'spec.tools[1].bar',
      'zeta',
    ]);
    expect(o).toEqual({
      apiVersion: 'orgplane.io/v1alpha1',
      kind: 'Agent',
      metadata: { name: 'a' },
      spec: { model: 'm', tools: [{ name: 't' }, {}] },
    });
  });

  it('keeps map keys and prunes inside map values', () => {
    const o = obj({
      spec: {
        quota: { agents: 3, 'rolebindings.rbac.authorization.k8s.io': 1 },
        labels: { x: { v: 'a', w: 'b' } },
      },
    });
    expect(pruneUnknown(o, agentSchema)).toEqual(['spec.labels.x.w']);
    expect(o).toEqual({
      spec: { quota: { agents: 3, 'rolebindings.rbac.authorization.k8s.io': 1 }, labels: { x: { v: 'a' } } },
    });
  });

  it('preserves unknown fields where the schema says so, still pruning declared children', () => {
    const o = obj({ spec: { extra: { anything: { deep: 1 }, fixed: { a: 'x', b: 'y' } } } });
    expect(pruneUnknown(o, agentSchema)).toEqual(['spec.extra.fixed.b']);
    expect(o).toEqual({ spec: { extra: { anything: { deep: 1 }, fixed: { a: 'x' } } } });
  });

  it('reports unknown ObjectMeta fields first, including nested list entries', () => {
    const o = obj({
      metadata: {
        name: 'a',
        zz: 1,
        foo: 2,
        ownerReferences: [{ apiVersion: 'v1', kind: 'K', name: 'n', uid: 'u', bogus: 1 }],
        managedFields: [{ manager: 'm', fieldsV1: { 'f:spec': {} }, nope: 1 }],
      },
      spec: { colour: 'x' },
    });
    expect(pruneUnknown(o, agentSchema)).toEqual([
      'metadata.foo',
      'metadata.managedFields[0].nope',
      'metadata.ownerReferences[0].bogus',
      'metadata.zz',
      'spec.colour',
    ]);
    expect(o.metadata).toEqual({
      name: 'a',
      ownerReferences: [{ apiVersion: 'v1', kind: 'K', name: 'n', uid: 'u' }],
      managedFields: [{ manager: 'm', fieldsV1: { 'f:spec': {} } }],
    });
  });

  it('leaves everything but metadata alone without a schema', () => {
    const o = obj({ metadata: { name: 'a', foo: 1 }, spec: { anything: 1 } });
    expect(pruneUnknown(o, undefined)).toEqual(['metadata.foo']);
    expect(o).toEqual({ metadata: { name: 'a' }, spec: { anything: 1 } });
  });

  it('treats apiVersion, kind and metadata of embedded resources as known', () => {
    const s: Schema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          properties: {
            template: {
              type: 'object',
              'x-kubernetes-embedded-resource': true,
              properties: { spec: { type: 'object' } },
            },
          },
        },
      },
    };
    const o = obj({
      spec: {
        template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', bad: 1 }, spec: {}, other: 1 },
      },
    });
    expect(pruneUnknown(o, s)).toEqual(['spec.template.other', 'spec.template.metadata.bad']);
    expect(o).toEqual({
      spec: { template: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: {} } },
    });
  });

  it('prunes nested objects but keeps scalars under additionalProperties: true, as kube does', () => {
    const s: Schema = { type: 'object', properties: { m: { type: 'object', additionalProperties: true } } };
    const o = obj({ m: { a: 1, b: { c: 2 } } });
    expect(pruneUnknown(o, s)).toEqual(['m.b.c']);
    expect(o).toEqual({ m: { a: 1, b: {} } });
  });

  it('is total on hostile input', () => {
    expect(pruneUnknown('x', agentSchema)).toEqual([]);
    expect(pruneUnknown(null, agentSchema)).toEqual([]);
    const o = JSON.parse('{"__proto__":{"polluted":1},"spec":{"constructor":1,"toString":2}}') as Record<
      string,
      unknown
    >;
    expect(pruneUnknown(o, agentSchema)).toEqual(['__proto__', 'spec.constructor', 'spec.toString']);
    expect(Object.keys(o)).toEqual(['spec']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    let deep: unknown = {};
    for (let i = 0; i < 100000; i++) deep = { spec: deep };
    expect(() => pruneUnknown({ spec: { extra: deep } }, agentSchema)).not.toThrow();
    expect(pruneUnknown({ spec: 'not an object', metadata: 'x' }, agentSchema)).toEqual([]);
    const cyclic: Schema = { type: 'object', properties: {} };
    (cyclic.properties as Record<string, Schema>).a = cyclic;
    let chain: unknown = { b: 1 };
    for (let i = 0; i < 100000; i++) chain = { a: chain };
    expect(() => pruneUnknown(chain, cyclic)).not.toThrow();
    expect(pruneUnknown({ a: 1 }, 'bogus' as unknown as Schema)).toEqual([]);
  });
});
