import { describe, expect, it } from '@jest/globals';
import { buildTree, flatten, subtreeOf } from './org-tree';
import type { Team } from './org-types';

const team = (name: string, parent?: string, displayName?: string): Team => ({
  metadata: { name, namespace: 'acme' },
  spec: { ...(parent !== undefined ? { parent } : {}), ...(displayName ? { displayName } : {}) },
});

describe('team tree', () => {
  const teams = [
    team('backend', 'eng'),
    team('eng', undefined, 'Engineering'),
    team('api', 'backend'),
    team('sales'),
    team('orphan', 'gone'),
  ];

  it('nests teams under their parents, top level sorted by label', () => {
    const tree = buildTree(teams);
    expect(tree.map((n) => n.team.metadata.name)).toEqual(['eng', 'orphan', 'sales']);
    expect(tree[0]?.children[0]?.team.metadata.name).toBe('backend');
    expect(tree[0]?.children[0]?.children[0]?.team.metadata.name).toBe('api');
  });

  it('flattens in tree order with depths', () => {
    expect(flatten(buildTree(teams)).map((r) => `${r.team.metadata.name}:${String(r.depth)}`)).toEqual([
      'eng:1',
      'backend:2',
      'api:3',
      'orphan:1',
      'sales:1',
    ]);
  });

  it('does not loop on a cycle (which the server refuses anyway)', () => {
    const tree = buildTree([team('a', 'b'), team('b', 'a')]);
    expect(flatten(tree)).toHaveLength(0);
    expect(buildTree([team('self', 'self')]).map((n) => n.team.metadata.name)).toEqual(['self']);
  });

  it('finds a subtree (a move may not choose it as the parent)', () => {
    expect([...subtreeOf(teams, 'eng')].sort()).toEqual(['api', 'backend', 'eng']);
    expect([...subtreeOf(teams, 'sales')]).toEqual(['sales']);
  });
});
