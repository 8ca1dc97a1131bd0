import { describe, expect, it } from '@jest/globals';
import { agentCRD } from './agent.js';
import type { CustomResourceDefinition } from './crd.js';
import { builtinResources, resourcesFromCRD } from './resources.js';
import { apiVersionOf, groupResource } from './resource.js';

const widget: CustomResourceDefinition = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { plural: 'widgets', kind: 'Widget' },
    scope: 'Namespaced',
    versions: [
      { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } },
      { name: 'v1beta1', served: false, storage: false },
      {
        name: 'v2',
        served: true,
        storage: false,
        subresources: { status: {} },
        additionalPrinterColumns: [{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }],
      },
    ],
  },
};

describe('resourcesFromCRD', () => {
  it('gives one ResourceInfo per served version with defaults filled in', () => {
    const [v1, v2, ...rest] = resourcesFromCRD(widget);
    expect(rest).toEqual([]);
    expect(v1).toEqual({
      group: 'example.com',
      version: 'v1',
      kind: 'Widget',
      listKind: 'WidgetList',
      plural: 'widgets',
      singular: 'widget',
      shortNames: [],
      categories: [],
      namespaced: true,
      verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'],
      statusSubresource: false,
      printerColumns: [{ name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' }],
      schema: { type: 'object' },
      builtin: false,
      strategicMergePatch: false,
      virtual: false,
    });
    expect(v2?.version).toBe('v2');
    expect(v2?.statusSubresource).toBe(true);
    expect(v2?.schema).toBeUndefined();
    expect(v2?.printerColumns).toEqual([{ name: 'Size', type: 'integer', jsonPath: '.spec.size' }]);
  });

  it('carries names, columns and schema of an orgplane kind', () => {
    const [agents] = resourcesFromCRD(agentCRD);
    expect(agents).toMatchObject({
      group: 'orgplane.io',
      version: 'v1alpha1',
      plural: 'agents',
      singular: 'agent',
      shortNames: ['ag'],
      categories: ['orgplane', 'all'],
      namespaced: true,
      statusSubresource: true,
    });
    expect(agents?.printerColumns.map((c) => c.name)).toEqual(['Model', 'Phase', 'Description', 'Age']);
    expect(agents?.schema?.properties?.spec?.required).toEqual(['model']);
  });

  it('honours the builtin, strategic-merge-patch and virtual options', () => {
    const [r] = resourcesFromCRD(widget, { builtin: true, strategicMergePatch: true, virtual: true });
    expect(r).toMatchObject({ builtin: true, strategicMergePatch: true, virtual: true, verbs: ['create'] });
    expect(r?.printerColumns).toEqual([]);
  });
});

describe('builtinResources', () => {
  const byName = new Map(builtinResources().map((r) => [groupResource(r), r]));

  it('lists every built-in kind once', () => {
    expect([...byName.keys()].sort()).toEqual([
      'accessreviews.orgplane.io',
      'clusterrolebindings.rbac.authorization.k8s.io',
      'clusterroles.rbac.authorization.k8s.io',
      'configmaps',
      'customresourcedefinitions.apiextensions.k8s.io',
      'events',
      'leases.coordination.k8s.io',
      'namespaces',
      'quotareviews.orgplane.io',
      'rolebindings.rbac.authorization.k8s.io',
      'roles.rbac.authorization.k8s.io',
      'secrets',
      'selfsubjectaccessreviews.authorization.k8s.io',
      'selfsubjectreviews.authentication.k8s.io',
      'selfsubjectrulesreviews.authorization.k8s.io',
      'subjectaccessreviews.authorization.k8s.io',
      'whocanreviews.orgplane.io',
    ]);
    expect([...byName.values()].every((r) => r.builtin)).toBe(true);
  });

  it('gives strategic-merge-patch to Namespace, ConfigMap, Secret and the RBAC kinds only', () => {
    const smp = [...byName.values()]
      .filter((r) => r.strategicMergePatch)
      .map(groupResource)
      .sort();
    expect(smp).toEqual([
      'clusterrolebindings.rbac.authorization.k8s.io',
      'clusterroles.rbac.authorization.k8s.io',
      'configmaps',
      'namespaces',
      'rolebindings.rbac.authorization.k8s.io',
      'roles.rbac.authorization.k8s.io',
      'secrets',
    ]);
  });

  it('makes the review kinds virtual, cluster-scoped and create-only', () => {
    const virtual = [...byName.values()].filter((r) => r.virtual);
    expect(virtual.map((r) => r.kind)).toEqual([
      'SelfSubjectAccessReview',
      'SelfSubjectRulesReview',
      'SubjectAccessReview',
      'SelfSubjectReview',
      'QuotaReview',
      'AccessReview',
      'WhoCanReview',
    ]);
    for (const r of virtual) {
      expect(r).toMatchObject({
        verbs: ['create'],
        namespaced: false,
        statusSubresource: false,
        printerColumns: [],
      });
      expect(apiVersionOf(r)).toBe(
        r.group === 'orgplane.io'
          ? 'orgplane.io/v1alpha1'
          : r.kind === 'SelfSubjectReview'
            ? 'authentication.k8s.io/v1'
            : 'authorization.k8s.io/v1',
      );
    }
  });

  it('serves the core kinds at v1 with kube names and columns', () => {
    const ns = byName.get('namespaces');
    expect(ns).toMatchObject({
      group: '',
      version: 'v1',
      kind: 'Namespace',
      namespaced: false,
      shortNames: ['ns'],
    });
    expect(ns?.statusSubresource).toBe(true);
    expect(ns?.printerColumns.map((c) => c.name)).toEqual(['Status', 'Age']);
    const ev = byName.get('events');
    expect(ev).toMatchObject({ namespaced: true, shortNames: ['ev'], statusSubresource: false });
    expect(ev?.printerColumns.filter((c) => !c.priority).map((c) => c.name)).toEqual([
      'Last Seen',
      'Type',
      'Reason',
      'Kind',
      'Object',
      'Message',
    ]);
    expect(apiVersionOf(ev ?? { group: 'x', version: 'x' })).toBe('v1');
  });
});
