import { describe, expect, it } from '@jest/globals';
import { accessRows, namespaceTree, subtree } from './access';
import type { Group, RoleBinding, Subject, Team } from './types';

const team = (name: string, parent?: string): Team => ({
  metadata: { name, namespace: 'acme' },
  spec: parent !== undefined ? { parent } : {},
  status: { namespace: `acme-${name}` },
});
const binding = (
  ns: string,
  name: string,
  role: string,
  subjects: readonly Subject[],
  annotations?: Record<string, string>,
): RoleBinding => ({
  metadata: { name, namespace: ns, ...(annotations ? { annotations } : {}) },
  roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
  subjects,
});
const tree = namespaceTree('acme', [team('eng'), team('backend', 'eng'), team('sales')]);

describe('namespaceTree and subtree', () => {
  it('puts teams under their parent, top-level teams under the organization', () => {
    expect(tree.get('acme-backend')).toBe('acme-eng');
    expect(tree.get('acme-sales')).toBe('acme');
    expect(subtree(tree, 'acme')).toEqual(['acme', 'acme-backend', 'acme-eng', 'acme-sales']);
    expect(subtree(tree, 'acme-eng')).toEqual(['acme-eng', 'acme-backend']);
  });
});

describe('accessRows', () => {
  it('gives a binding its namespace and every descendant, with the reason', () => {
    const rows = accessRows(
      tree,
      [binding('acme-eng', 'b1', 'developer', [{ kind: 'User', name: 'ann' }])],
      [],
    );
    expect(rows.map((r) => [r.member, r.role, r.namespace, r.reason])).toEqual([
      ['ann', 'developer', 'acme-backend', 'inherited from acme-eng'],
      ['ann', 'developer', 'acme-eng', 'direct in acme-eng'],
    ]);
  });

  it('keeps a binding annotated inherit=false to its own namespace', () => {
    const b = binding('acme', 'b', 'viewer', [{ kind: 'User', name: 'x' }], {
      'orgplane.io/inherit': 'false',
    });
    expect(accessRows(tree, [b], []).map((r) => r.namespace)).toEqual(['acme']);
  });

  it("expands a group subject into the Group's members, and keeps an unknown group as a subject", () => {
    const g: Group = { metadata: { name: 'ops', namespace: 'acme' }, spec: { members: ['bo', 'cy'] } };
    const rows = accessRows(
      tree,
      [
        binding('acme-sales', 'b', 'viewer', [
          { kind: 'Group', name: 'ops' },
          { kind: 'Group', name: 'external' },
        ]),
      ],
      [g],
    );
    expect(rows.map((r) => [r.kind, r.member, r.reason])).toEqual([
      ['User', 'bo', 'via group ops, direct in acme-sales'],
      ['User', 'cy', 'via group ops, direct in acme-sales'],
      ['Group', 'external', 'direct in acme-sales'],
    ]);
  });

  it('ignores bindings outside the organization', () => {
    expect(accessRows(tree, [binding('other', 'b', 'viewer', [{ kind: 'User', name: 'z' }])], [])).toEqual(
      [],
    );
  });
});
