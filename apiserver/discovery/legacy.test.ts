import { describe, expect, it } from '@jest/globals';
import { apiGroup, apiGroupList, apiResourceList, apiVersions } from './legacy.js';
import { agentResource, allResources, namespaceResource, ssarResource } from './testdata.js';

describe('legacy discovery', () => {
  it('/api lists the core versions', () => {
    expect(apiVersions(allResources, '127.0.0.1:6443')).toEqual({
      kind: 'APIVersions',
      versions: ['v1'],
      serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1:6443' }],
    });
    expect(apiVersions(allResources).serverAddressByClientCIDRs).toEqual([]);
  });

  it('/apis lists named groups with their preferred version', () => {
    const list = apiGroupList([...allResources, { ...agentResource, version: 'v1beta1' }]);
    expect(list.kind).toBe('APIGroupList');
    expect(list.apiVersion).toBe('v1');
    expect(list.groups.map((g) => g.name)).toEqual([
      'orgplane.io',
      'rbac.authorization.k8s.io',
      'authorization.k8s.io',
    ]);
    expect(list.groups[0]).toEqual({
      name: 'orgplane.io',
      versions: [
        { groupVersion: 'orgplane.io/v1beta1', version: 'v1beta1' },
        { groupVersion: 'orgplane.io/v1alpha1', version: 'v1alpha1' },
      ],
      preferredVersion: { groupVersion: 'orgplane.io/v1beta1', version: 'v1beta1' },
    });
  });

  it('/apis/<group> is an APIGroup, undefined when unknown or core', () => {
    expect(apiGroup(allResources, 'orgplane.io')).toEqual({
      kind: 'APIGroup',
      apiVersion: 'v1',
      name: 'orgplane.io',
      versions: [{ groupVersion: 'orgplane.io/v1alpha1', version: 'v1alpha1' }],
      preferredVersion: { groupVersion: 'orgplane.io/v1alpha1', version: 'v1alpha1' },
    });
    expect(apiGroup(allResources, 'nope.io')).toBeUndefined();
    expect(apiGroup(allResources, '')).toBeUndefined();
  });

  it('/apis/<g>/<v> lists each resource before its status subresource', () => {
    const list = apiResourceList(allResources, 'orgplane.io', 'v1alpha1');
    expect(list?.groupVersion).toBe('orgplane.io/v1alpha1');
    expect(list?.resources.map((r) => r.name)).toEqual([
      'agents',
      'agents/status',
      'organizations',
      'organizations/status',
    ]);
    expect(list?.resources[0]).toEqual({
      name: 'agents',
      singularName: 'agent',
      namespaced: true,
      kind: 'Agent',
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      shortNames: ['ag'],
      categories: ['all'],
    });
    expect(list?.resources[1]).toEqual({
      name: 'agents/status',
      singularName: '',
      namespaced: true,
      kind: 'Agent',
      verbs: ['get', 'patch', 'update'],
    });
  });

  it('/api/v1 lists core resources; a virtual kind has verbs [create]', () => {
    expect(apiResourceList(allResources, '', 'v1')?.resources.map((r) => r.name)).toEqual([
      namespaceResource.plural,
      'namespaces/status',
    ]);
    const authz = apiResourceList(allResources, 'authorization.k8s.io', 'v1');
    expect(authz?.resources).toEqual([
      {
        name: ssarResource.plural,
        singularName: ssarResource.singular,
        namespaced: false,
        kind: 'SelfSubjectAccessReview',
        verbs: ['create'],
      },
    ]);
  });

  it('is undefined for a group-version that is not served', () => {
    expect(apiResourceList(allResources, 'orgplane.io', 'v9')).toBeUndefined();
  });
});
