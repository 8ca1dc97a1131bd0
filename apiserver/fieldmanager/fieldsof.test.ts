import { describe, expect, it } from '@jest/globals';
import { fieldsOf } from './fieldsof.js';
import { agent, SCHEMA } from './testdata.js';

describe('fieldsOf', () => {
  it('owns leaves, not apiVersion, kind or server-owned metadata', () => {
    const obj = agent(
      { model: 'm1' },
      { uid: 'u', resourceVersion: '5', generation: 2, creationTimestamp: '2024-01-01T00:00:00Z' },
    );
    expect(fieldsOf(obj, SCHEMA)).toEqual({ 'f:spec': { 'f:model': {} } });
  });

  it('owns labels, annotations, finalizers and ownerReferences item by item', () => {
    const obj = agent(
      {},
      {
        labels: { app: 'x' },
        annotations: { note: 'y' },
        finalizers: ['orgplane.io/billing'],
        ownerReferences: [{ apiVersion: 'v1', kind: 'Namespace', name: 'ns1', uid: 'u1' }],
        generateName: 'a-',
      },
    );
    expect(fieldsOf(obj, SCHEMA)).toEqual({
      'f:metadata': {
        'f:labels': { 'f:app': {} },
        'f:annotations': { 'f:note': {} },
        'f:finalizers': { 'v:"orgplane.io/billing"': {} },
        'f:ownerReferences': {
          'k:{"uid":"u1"}': { '.': {}, 'f:apiVersion': {}, 'f:kind': {}, 'f:name': {}, 'f:uid': {} },
        },
        'f:generateName': {},
      },
      'f:spec': {},
    });
  });

  it('treats lists as atomic unless list-type set or map, maps granular unless map-type atomic', () => {
    const obj = agent({
      args: ['-v', '-x'],
      tools: ['search', 'web'],
      connectors: [{ name: 'c1', url: 'u' }],
      ports: [{ port: 80, name: 'http' }],
      quota: { agents: 3 },
      settings: { a: 'b' },
      billing: { email: 'e' },
    });
    expect(fieldsOf(obj, SCHEMA)).toEqual({
      'f:spec': {
        'f:args': {},
        'f:tools': { 'v:"search"': {}, 'v:"web"': {} },
        'f:connectors': { 'k:{"name":"c1"}': { '.': {}, 'f:name': {}, 'f:url': {} } },
        'f:ports': { 'k:{"port":80,"protocol":"TCP"}': { '.': {}, 'f:port': {}, 'f:name': {} } },
        'f:quota': { 'f:agents': {} },
        'f:settings': {},
        'f:billing': { 'f:email': {} },
      },
    });
  });

  it('deduces undescribed values: objects per key, arrays atomic', () => {
    const obj = agent({ extra: { a: { b: 1, c: [1, 2] } } });
    expect(fieldsOf(obj, SCHEMA)).toEqual({
      'f:spec': { 'f:extra': { 'f:a': { '.': {}, 'f:b': {}, 'f:c': {} } } },
    });
    expect(
      fieldsOf({ apiVersion: 'v1', kind: 'X', metadata: { name: 'x' }, data: { k: 'v' } }, undefined),
    ).toEqual({
      'f:data': { '.': {}, 'f:k': {} },
    });
  });

  it('leaves status to the status subresource when the kind has one', () => {
    const obj = { ...agent({ model: 'm' }), status: { phase: 'Ready' } };
    expect(fieldsOf(obj, SCHEMA, { statusSubresource: true })).toEqual({ 'f:spec': { 'f:model': {} } });
    expect(fieldsOf(obj, SCHEMA, { statusSubresource: true, subresource: 'status' })).toEqual({
      'f:status': { 'f:phase': {} },
    });
    expect(fieldsOf(obj, SCHEMA)).toEqual({ 'f:spec': { 'f:model': {} }, 'f:status': { 'f:phase': {} } });
  });

  it('owns empty objects and nulls themselves', () => {
    expect(fieldsOf(agent({ billing: {}, description: null }), SCHEMA)).toEqual({
      'f:spec': { 'f:billing': {}, 'f:description': {} },
    });
  });
});
