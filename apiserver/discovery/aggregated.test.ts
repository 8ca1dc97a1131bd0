import { describe, expect, it } from '@jest/globals';
import { aggregatedDiscovery, AGGREGATED_DISCOVERY_CONTENT_TYPE } from './aggregated.js';
import { agentResource, allResources, namespaceResource, ssarResource } from './testdata.js';

describe('aggregatedDiscovery', () => {
  it('renders /apis exactly in the shape kubectl 1.32 reads', () => {
    const doc = aggregatedDiscovery([agentResource], 'apis');
    expect(doc).toEqual({
      kind: 'APIGroupDiscoveryList',
      apiVersion: 'apidiscovery.k8s.io/v2',
      metadata: {},
      items: [
        {
          metadata: { name: 'orgplane.io' },
          versions: [
            {
              version: 'v1alpha1',
              freshness: 'Current',
              resources: [
                {
                  resource: 'agents',
                  responseKind: { group: 'orgplane.io', version: 'v1alpha1', kind: 'Agent' },
                  scope: 'Namespaced',
                  singularResource: 'agent',
                  shortNames: ['ag'],
                  categories: ['all'],
                  verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
                  subresources: [
                    {
                      subresource: 'status',
                      responseKind: { group: 'orgplane.io', version: 'v1alpha1', kind: 'Agent' },
                      verbs: ['get', 'patch', 'update'],
                    },
                  ],
                },
              ],
            },
          ],
        },
      ],
    });
  });

  it('serves only the core group, named "", on /api', () => {
    const doc = aggregatedDiscovery(allResources, 'api');
    expect(doc.items).toHaveLength(1);
    expect(doc.items[0]?.metadata.name).toBe('');
    const ns = doc.items[0]?.versions[0]?.resources[0];
    expect(ns?.resource).toBe(namespaceResource.plural);
    expect(ns?.scope).toBe('Cluster');
    expect(ns?.shortNames).toEqual(['ns']);
    expect(ns).not.toHaveProperty('categories');
  });

  it('lists every named group on /apis, in input order, with resources sorted by name', () => {
    const doc = aggregatedDiscovery(allResources, 'apis');
    expect(doc.items.map((i) => i.metadata.name)).toEqual([
      'orgplane.io',
      'rbac.authorization.k8s.io',
      'authorization.k8s.io',
    ]);
    expect(doc.items[0]?.versions[0]?.resources.map((r) => r.resource)).toEqual(['agents', 'organizations']);
  });

  it('advertises virtual kinds with the create verb only and no status', () => {
    const doc = aggregatedDiscovery([{ ...ssarResource, statusSubresource: true }], 'apis');
    const r = doc.items[0]?.versions[0]?.resources[0];
    expect(r?.verbs).toEqual(['create']);
    expect(r).not.toHaveProperty('subresources');
    expect(r).not.toHaveProperty('shortNames');
  });

  it('orders versions preferred first', () => {
    const doc = aggregatedDiscovery(
      [
        { ...agentResource, version: 'v1alpha1' },
        { ...agentResource, version: 'v1' },
        { ...agentResource, version: 'v1beta1' },
      ],
      'apis',
    );
    expect(doc.items[0]?.versions.map((v) => v.version)).toEqual(['v1', 'v1beta1', 'v1alpha1']);
  });

  it('exposes the exact content type kubectl requires', () => {
    expect(AGGREGATED_DISCOVERY_CONTENT_TYPE).toBe(
      'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList',
    );
  });
});
