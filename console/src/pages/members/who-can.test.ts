import { describe, expect, it } from '@jest/globals';
import { viaText, whoCanRequest } from './who-can';

describe('viaText', () => {
  it('names the role, the binding, inheritance and the group', () => {
    expect(
      viaText({
        kind: 'RoleBinding',
        binding: 'ops-dev',
        namespace: 'acme',
        roleKind: 'ClusterRole',
        role: 'developer',
        group: 'ops',
        inheritedFrom: 'acme',
      }),
    ).toBe('role developer, binding acme/ops-dev, inherited from acme, via group ops');
    expect(
      viaText({
        kind: 'ClusterRoleBinding',
        binding: 'root',
        roleKind: 'ClusterRole',
        role: 'cluster-admin',
      }),
    ).toBe('role cluster-admin, cluster-wide binding root, direct');
    expect(viaText({ kind: 'OrganizationMembership' })).toBe('member of the organization');
  });

  it('asks about the trimmed resource in the namespace', () => {
    expect(whoCanRequest('create', ' agents ', 'acme')).toMatchObject({
      spec: { verb: 'create', resource: 'agents', namespace: 'acme' },
    });
  });
});
