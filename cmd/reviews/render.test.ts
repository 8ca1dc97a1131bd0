import { describe, expect, it } from '@jest/globals';
import { describeVia, renderQuota, renderWhoCan, usageBar } from './render.js';

describe('usage bars', () => {
  it('fill in twentieths and print used/limit and percent', () => {
    expect(usageBar(45, 100)).toBe('[#########-----------]  45/100  45 %');
    expect(usageBar(0, 10)).toBe('[--------------------]  0/10  0 %');
    expect(usageBar(12, 10)).toBe('[####################]  12/10  120 %');
    expect(usageBar(0, 0)).toBe('[####################]  0/0  100 %');
  });

  it('align resources and show unlimited ones and the deciding team', () => {
    const out = renderQuota([
      {
        resource: 'agents',
        status: {
          allowed: true,
          limit: 4,
          used: 1,
          remaining: 3,
          reason: '',
          quotas: [{ scope: 'Team', name: 'eng', limit: 4, used: 1, remaining: 3 }],
        },
      },
      { resource: 'configmaps', status: { allowed: true, used: 3, reason: '', quotas: [] } },
    ]);
    expect(out.split('\n')).toEqual([
      'agents      [#####---------------]  1/4  25 %  (team eng)',
      'configmaps  unlimited (3 used)',
    ]);
  });
});

describe('why a permission holds', () => {
  it('names binding, role, group and inheritance', () => {
    expect(
      describeVia({
        kind: 'RoleBinding',
        binding: 'devs',
        namespace: 'acme-eng',
        roleKind: 'ClusterRole',
        role: 'developer',
        group: 'devs',
        inheritedFrom: 'acme-eng',
      }),
    ).toBe('RoleBinding acme-eng/devs -> ClusterRole developer, via group devs, inherited from acme-eng');
    expect(
      describeVia({ kind: 'ClusterRoleBinding', binding: 'ops', roleKind: 'ClusterRole', role: 'viewer' }),
    ).toBe('ClusterRoleBinding ops -> ClusterRole viewer');
    expect(describeVia({ kind: 'OrganizationMembership' })).toBe('member of the organization');
  });

  it('prints who-can rows as a table, ServiceAccounts with their namespace', () => {
    const via = {
      kind: 'RoleBinding' as const,
      binding: 'b',
      namespace: 'acme',
      roleKind: 'Role',
      role: 'r',
    };
    expect(
      renderWhoCan({
        group: '',
        resource: 'configmaps',
        subjects: [
          { kind: 'User', name: 'alice', via },
          { kind: 'ServiceAccount', name: 'ci', namespace: 'acme', via },
        ],
      }).split('\n'),
    ).toEqual([
      'KIND            NAME     VIA',
      'User            alice    RoleBinding acme/b -> Role r',
      'ServiceAccount  acme/ci  RoleBinding acme/b -> Role r',
    ]);
    expect(renderWhoCan({ group: '', resource: 'x', subjects: [] })).toBe('no subject may do this');
  });
});
