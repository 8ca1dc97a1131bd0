import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { CountingClient } from './counting-client.js';
import { caughtUp } from './lister.js';
import { AGENTS, NAMESPACES } from './resources.js';
import { IndexedStore } from './store.js';
import { FakeClient } from '../testing/fake-client.js';

const obj = (name: string, namespace?: string, rv = '1'): KubeObject => ({
  apiVersion: 'v1',
  kind: 'X',
  metadata: { name, resourceVersion: rv, ...(namespace ? { namespace } : {}) },
});

describe('IndexedStore', () => {
  it('lists one namespace from its index, following sets and deletes', () => {
    const s = new IndexedStore<KubeObject>();
    s.set(obj('a', 'n1'));
    s.set(obj('b', 'n1'));
    s.set(obj('c', 'n2'));
    s.set(obj('cluster'));
    s.set(obj('a', 'n1', '2'));
    expect(s.size).toBe(4);
    expect(s.list('n1').map((o) => [o.metadata.name, o.metadata.resourceVersion])).toEqual([
      ['a', '2'],
      ['b', '1'],
    ]);
    expect(s.list('').map((o) => o.metadata.name)).toEqual(['cluster']);
    s.delete('n1/a');
    s.delete('n1/b');
    s.delete('n1/missing');
    expect(s.list('n1')).toEqual([]);
    expect(s.list().map((o) => o.metadata.name)).toEqual(['c', 'cluster']);
    expect(s.get('n2/c')?.metadata.name).toBe('c');
  });
});

describe('caughtUp', () => {
  it('compares resourceVersions as numbers, unknown orders counting as caught up', () => {
    expect(caughtUp('10', '9')).toBe(true);
    expect(caughtUp('10', '10')).toBe(true);
    expect(caughtUp('9', '10')).toBe(false);
    expect(caughtUp('', '1')).toBe(false);
    expect(caughtUp('5', undefined)).toBe(true);
    expect(caughtUp('abc', '10')).toBe(true);
  });
});

describe('CountingClient', () => {
  it('counts requests by verb and resource', async () => {
    const c = new CountingClient(new FakeClient());
    await c.client.create(NAMESPACES, obj('n1'));
    await c.client.list(AGENTS, { namespace: 'n1' });
    await c.client.list(AGENTS);
    await c.client.get(NAMESPACES, 'n1');
    expect(c.snapshot()).toEqual({
      total: 4,
      'create namespaces': 1,
      'get namespaces': 1,
      'list agents.orgplane.io': 2,
    });
    expect(c.count('list', AGENTS)).toBe(2);
    expect(c.count('get')).toBe(1);
    expect(c.count('patch')).toBe(0);
  });
});
