import { describe, expect, it } from '@jest/globals';
import type { KubeObject } from '../../api/meta.js';
import { groupMembers, membersOf } from './members.js';
import { parentsFirst } from './template.js';

const rb = (ns: string, subjects: { kind: string; name: string; namespace?: string }[]): KubeObject => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind: 'RoleBinding',
  metadata: { name: 'b', namespace: ns },
  subjects,
});

describe('organization members', () => {
  it('counts distinct users, group members and service accounts', () => {
    const groups = groupMembers([
      {
        apiVersion: 'orgplane.io/v1alpha1',
        kind: 'Group',
        metadata: { name: 'devs' },
        spec: { members: ['ann', 'bob'] },
      },
    ]);
    const users = membersOf(
      [
        rb('acme', [
          { kind: 'User', name: 'ann' },
          { kind: 'Group', name: 'devs' },
        ]),
        rb('acme-eng', [
          { kind: 'ServiceAccount', name: 'ci' },
          { kind: 'Group', name: 'system:authenticated' },
        ]),
      ],
      groups,
    );
    expect([...users].sort()).toEqual(['ann', 'bob', 'system:serviceaccount:acme-eng:ci']);
  });

  it('orders template teams parents first', () => {
    const order = parentsFirst([
      { name: 'api', parent: 'be' },
      { name: 'be', parent: 'eng' },
      { name: 'eng' },
      { name: 'loop', parent: 'loop2' },
      { name: 'loop2', parent: 'loop' },
    ]).map((t) => t.name);
    expect(order.slice(0, 3)).toEqual(['eng', 'be', 'api']);
    expect(order).toHaveLength(5);
  });
});
