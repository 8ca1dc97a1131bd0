import { describe, expect, it } from '@jest/globals';
import { jsonPathValues, parseJSONPath } from './jsonpath.js';

const agent = {
  apiVersion: 'orgplane.io/v1alpha1',
  kind: 'Agent',
  metadata: {
    name: 'a1',
    labels: { app: 'demo', 'app.kubernetes.io/name': 'bot' },
  },
  spec: { model: 'm1', tools: ['search', 'code', 'shell'], replicas: 3, nothing: null },
  status: {
    conditions: [
      { type: 'Synced', status: 'False', observedGeneration: 1 },
      { type: 'Ready', status: 'True', observedGeneration: 2 },
    ],
  },
};

describe('jsonPathValues', () => {
  it.each([
    ['.spec.model', ['m1']],
    ['{.spec.model}', ['m1']],
    ['$.spec.model', ['m1']],
    ['.metadata.labels.app', ['demo']],
    ['.metadata.labels.app\\.kubernetes\\.io/name', ['bot']],
    [".metadata.labels['app.kubernetes.io/name']", ['bot']],
    ['.spec.tools[0]', ['search']],
    ['.spec.tools[-1]', ['shell']],
    ['.spec.tools[*]', ['search', 'code', 'shell']],
    ['.spec.tools[0:2]', ['search', 'code']],
    ['.spec.tools[::2]', ['search', 'shell']],
    ['.spec.tools[0,2]', ['search', 'shell']],
    ['.spec.replicas', [3]],
    ['.spec.nothing', [null]],
    ['.status.conditions[?(@.type=="Ready")].status', ['True']],
    [".status.conditions[?(@.type!='Ready')].type", ['Synced']],
    ['.status.conditions[?(@.observedGeneration>=2)].type', ['Ready']],
    ['.status.conditions[?(@.observedGeneration<2)].type', ['Synced']],
    ['.status.conditions[?(@.reason)].type', []],
    ['.status.conditions[?(@.type)].type', ['Synced', 'Ready']],
    ['..observedGeneration', [1, 2]],
    ['.metadata.*', ['a1', { app: 'demo', 'app.kubernetes.io/name': 'bot' }]],
  ])('%s', (path, expected) => {
    expect(jsonPathValues(path, agent)).toEqual(expected);
  });

  it('yields nothing for missing keys, wrong types and out-of-range indexes', () => {
    expect(jsonPathValues('.spec.missing', agent)).toEqual([]);
    expect(jsonPathValues('.spec.model.deeper', agent)).toEqual([]);
    expect(jsonPathValues('.spec.tools[7]', agent)).toEqual([]);
    expect(jsonPathValues('.spec.model[0]', agent)).toEqual([]);
    expect(jsonPathValues('.spec[?(@.a=="b")]', agent)).toEqual([]);
    expect(jsonPathValues('.constructor', agent)).toEqual([]);
    expect(jsonPathValues('.status.conditions[?(@.status==1)].type', agent)).toEqual([]);
  });

  it('never throws on any input', () => {
    const inputs: unknown[] = [null, undefined, 42, 'str', [], [[null]], { a: { b: [1, { c: 2 }] } }];
    const paths = ['.a.b[1].c', '..c', '.*', '[0][0]', '[?(@.x)]', '.a.b[?(@.c==2)]', '[1:-1:0]'];
    for (const input of inputs)
      for (const p of paths) expect(Array.isArray(jsonPathValues(p, input))).toBe(true);
    expect(jsonPathValues('.a.b[?(@.c==2)].c', { a: { b: [1, { c: 2 }] } })).toEqual([2]);
    let deep: unknown = 'leaf';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(Array.isArray(jsonPathValues('..x', deep))).toBe(true);
  });
});

describe('parseJSONPath', () => {
  it.each(['.spec.[', '.spec[abc]', '.a[?(@.b="x")]', '.a b', '.a[?(@.b==x)]', '.spec.'])(
    'rejects %s',
    (path) => {
      expect(parseJSONPath(path)).toHaveProperty('error');
    },
  );

  it('parses filters with quoted brackets and escapes', () => {
    const r = parseJSONPath('.items[?(@.name=="a)]b")].v');
    expect(r).toHaveProperty('steps');
    expect(jsonPathValues('.items[?(@.name=="a)]b")].v', { items: [{ name: 'a)]b', v: 1 }] })).toEqual([1]);
  });
});
