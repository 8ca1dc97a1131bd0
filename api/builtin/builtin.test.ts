import { describe, expect, it } from '@jest/globals';
import type { JSONSchemaProps } from '../crd.js';
import { customResourceDefinitionDefinition } from './apiextensions.js';
import { selfSubjectAccessReviewDefinition } from './authorization.js';
import { eventDefinition } from './event.js';
import { builtinDefinitions } from './index.js';
import { leaseDefinition } from './lease.js';
import {
  clusterRoleBindingDefinition,
  clusterRoleDefinition,
  roleBindingDefinition,
  roleDefinition,
} from './rbac.js';
import type { ClusterRole, RoleBinding } from './rbac.js';

const schema = (d: {
  spec: { versions: { schema?: { openAPIV3Schema: JSONSchemaProps } }[] };
}): JSONSchemaProps => d.spec.versions[0]?.schema?.openAPIV3Schema ?? {};

describe('built-in definitions', () => {
  it('use kube scopes', () => {
    const scopes = Object.fromEntries(builtinDefinitions.map((d) => [d.spec.names.kind, d.spec.scope]));
    expect(scopes).toEqual({
      Namespace: 'Cluster',
      Event: 'Namespaced',
      ConfigMap: 'Namespaced',
      Secret: 'Namespaced',
      Role: 'Namespaced',
      ClusterRole: 'Cluster',
      RoleBinding: 'Namespaced',
      ClusterRoleBinding: 'Cluster',
      CustomResourceDefinition: 'Cluster',
      Lease: 'Namespaced',
      SelfSubjectAccessReview: 'Cluster',
      SelfSubjectRulesReview: 'Cluster',
      SubjectAccessReview: 'Cluster',
      SelfSubjectReview: 'Cluster',
      QuotaReview: 'Cluster',
      AccessReview: 'Cluster',
      WhoCanReview: 'Cluster',
    });
  });

  it('require roleRef on bindings and verbs on policy rules', () => {
    for (const d of [roleBindingDefinition, clusterRoleBindingDefinition]) {
      expect(schema(d).required).toEqual(['roleRef']);
      expect(schema(d).properties?.roleRef?.required).toEqual(['apiGroup', 'kind', 'name']);
      expect(schema(d).properties?.subjects?.items?.required).toEqual(['kind', 'name']);
    }
    expect(schema(roleDefinition).properties?.rules?.items?.required).toEqual(['verbs']);
    expect(schema(clusterRoleDefinition).properties?.aggregationRule?.type).toBe('object');
  });

  it('keep CRD version schemas as sent and require group, names, scope and versions', () => {
    const spec = schema(customResourceDefinitionDefinition).properties?.spec;
    expect(spec?.required).toEqual(['group', 'names', 'scope', 'versions']);
    expect(spec?.properties?.versions?.items?.properties?.schema).toMatchObject({
      type: 'object',
      'x-kubernetes-preserve-unknown-fields': true,
    });
    expect(customResourceDefinitionDefinition.spec.names.shortNames).toEqual(['crd', 'crds']);
  });

  it('describe Events and Leases with the kube fields', () => {
    expect(Object.keys(schema(eventDefinition).properties ?? {})).toEqual(
      expect.arrayContaining([
        'involvedObject',
        'reason',
        'message',
        'source',
        'type',
        'count',
        'firstTimestamp',
        'lastTimestamp',
        'eventTime',
        'reportingComponent',
        'reportingInstance',
        'action',
        'related',
        'series',
      ]),
    );
    expect(schema(eventDefinition).required).toEqual(['involvedObject']);
    expect(Object.keys(schema(leaseDefinition).properties?.spec?.properties ?? {}).sort()).toEqual([
      'acquireTime',
      'holderIdentity',
      'leaseDurationSeconds',
      'leaseTransitions',
      'renewTime',
    ]);
  });

  it('give reviews a required spec and no status subresource', () => {
    expect(schema(selfSubjectAccessReviewDefinition).required).toEqual(['spec']);
    expect(selfSubjectAccessReviewDefinition.spec.versions[0]?.subresources).toBeUndefined();
    expect(schema(selfSubjectAccessReviewDefinition).properties?.status?.required).toEqual(['allowed']);
  });

  it('type RBAC objects from their schemas', () => {
    const binding: RoleBinding = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'RoleBinding',
      metadata: { name: 'b', namespace: 'acme-corp' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'viewer' },
      subjects: [{ kind: 'User', name: 'bob' }],
    };
    const role: ClusterRole = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'viewer' },
      rules: [{ verbs: ['get'], apiGroups: ['*'], resources: ['*'] }],
      aggregationRule: {
        clusterRoleSelectors: [{ matchLabels: { 'orgplane.io/aggregate-to-viewer': 'true' } }],
      },
    };
    expect([binding.roleRef.name, role.rules?.[0]?.verbs]).toEqual(['viewer', ['get']]);
  });
});
