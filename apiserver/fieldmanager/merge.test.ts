import { describe, expect, it } from '@jest/globals';
import { merge } from './merge.js';
import { rootType } from './schema.js';
import { SCHEMA } from './testdata.js';

const ref = rootType(SCHEMA);
const mergeConnectors = (live: string[], applied: string[]): string[] => {
  const toItems = (names: string[]): { name: string }[] => names.map((name) => ({ name }));
  const out = merge(
    { spec: { connectors: toItems(live) } },
    { spec: { connectors: toItems(applied) } },
    ref,
  ) as {
    spec: { connectors: { name: string }[] };
  };
  return out.spec.connectors.map((c) => c.name);
};

describe('merge', () => {
  it('keeps the applied order and live-only items in their place', () => {
    expect(mergeConnectors(['a', 'b', 'c'], ['c', 'a'])).toEqual(['b', 'c', 'a']);
    expect(mergeConnectors(['a', 'x', 'b'], ['a', 'n', 'b'])).toEqual(['a', 'x', 'n', 'b']);
    expect(mergeConnectors([], ['a', 'b'])).toEqual(['a', 'b']);
    expect(mergeConnectors(['a', 'a', 'z'], ['a'])).toEqual(['a', 'z']);
  });

  it('merges items field by field, replaces atomic values whole', () => {
    const live = {
      spec: { connectors: [{ name: 'a', url: 'u', port: 1 }], args: ['x', 'y'], settings: { a: '1' } },
    };
    const applied = { spec: { connectors: [{ name: 'a', url: 'v' }], args: ['z'], settings: { b: '2' } } };
    expect(merge(live, applied, ref)).toEqual({
      spec: { connectors: [{ name: 'a', url: 'v', port: 1 }], args: ['z'], settings: { b: '2' } },
    });
  });

  it('matches map-list items by defaulted keys', () => {
    const live = { spec: { ports: [{ port: 80, protocol: 'TCP', name: 'old' }] } };
    const applied = { spec: { ports: [{ port: 80, name: 'new' }] } };
    expect(merge(live, applied, ref)).toEqual({
      spec: { ports: [{ port: 80, protocol: 'TCP', name: 'new' }] },
    });
  });

  it('does not modify its inputs', () => {
    const live = { spec: { billing: { email: 'a' } } };
    const applied = { spec: { billing: { plan: 'p' } } };
    merge(live, applied, ref);
    expect(live).toEqual({ spec: { billing: { email: 'a' } } });
    expect(applied).toEqual({ spec: { billing: { plan: 'p' } } });
  });
});
