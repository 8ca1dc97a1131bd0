import { describe, expect, it } from '@jest/globals';
import type { ResourceInfo } from '../../api/resource.js';
import { agentResource, allResources } from '../discovery/testdata.js';
import { convertSchema, kindSchema } from './kind-schema.js';
import { definitionName, operationTag, toOperationIdPart } from './names.js';
import { openAPIV2Document } from './v2.js';

describe('openAPIV2Document', () => {
  const doc = openAPIV2Document(allResources);

  it('is a swagger 2.0 document whose $refs all resolve to definitions', () => {
    expect(doc.swagger).toBe('2.0');
    const body = JSON.stringify(doc);
    expect(body).not.toContain('#/components/');
    for (const m of body.matchAll(/"\$ref":"#\/definitions\/([^"]+)"/g)) {
      expect(doc.definitions).toHaveProperty([m[1] ?? '']);
    }
  });

  it('describes PATCH with body parameter, consumes and fieldValidation', () => {
    const patch = doc.paths['/apis/orgplane.io/v1alpha1/namespaces/{namespace}/agents/{name}']?.patch;
    expect(patch?.consumes).toEqual([
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/apply-patch+yaml',
    ]);
    expect(patch?.parameters?.[0]).toEqual({
      name: 'body',
      in: 'body',
      required: true,
      schema: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' },
    });
    expect(patch?.parameters?.map((p) => p.name)).toContain('fieldValidation');
    expect(patch?.['x-kubernetes-group-version-kind']).toEqual({
      group: 'orgplane.io',
      version: 'v1alpha1',
      kind: 'Agent',
    });
    expect(patch?.responses['200']?.schema).toEqual({ $ref: '#/definitions/io.orgplane.v1alpha1.Agent' });
  });

  it('drops what swagger 2.0 cannot express', () => {
    const agent = doc.definitions['io.orgplane.v1alpha1.Agent'];
    expect(agent?.properties?.spec?.properties?.replicas).toEqual({ format: 'int32' });
    expect(agent?.properties?.metadata).toMatchObject({
      $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
    });
    expect(doc.definitions['io.orgplane.v1alpha1.Organization']).toEqual({
      type: 'object',
      'x-kubernetes-group-version-kind': [
        { group: 'orgplane.io', version: 'v1alpha1', kind: 'Organization' },
      ],
    });
  });
});

describe('schema conversion', () => {
  it('gives embedded resources apiVersion, kind and metadata', () => {
    const s = convertSchema({ type: 'object', 'x-kubernetes-embedded-resource': true, properties: {} }, 'v3');
    expect(Object.keys(s.properties ?? {})).toEqual(['apiVersion', 'kind', 'metadata']);
  });

  it('keeps anyOf in v3 and drops it in v2; does not share objects with the input', () => {
    const input = {
      anyOf: [{ type: 'integer' as const }, { type: 'string' as const }],
      'x-kubernetes-int-or-string': true,
    };
    expect(convertSchema(input, 'v3').anyOf).toHaveLength(2);
    expect(convertSchema(input, 'v2')).toEqual({ 'x-kubernetes-int-or-string': true });
    const r: ResourceInfo = { ...agentResource };
    const out = kindSchema(r, 'v3');
    expect(out.properties?.spec).not.toBe(agentResource.schema?.properties?.spec);
    expect(agentResource.schema?.properties?.metadata).toEqual({ type: 'object' });
  });
});

describe('names', () => {
  it.each([
    [{ group: '', version: 'v1', builtin: true }, 'Namespace', 'io.k8s.api.core.v1.Namespace'],
    [{ group: 'rbac.authorization.k8s.io', version: 'v1', builtin: true }, 'Role', 'io.k8s.api.rbac.v1.Role'],
    [
      { group: 'coordination.k8s.io', version: 'v1', builtin: true },
      'Lease',
      'io.k8s.api.coordination.v1.Lease',
    ],
    [
      { group: 'apiextensions.k8s.io', version: 'v1', builtin: true },
      'CustomResourceDefinition',
      'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition',
    ],
    [{ group: 'orgplane.io', version: 'v1alpha1', builtin: false }, 'Agent', 'io.orgplane.v1alpha1.Agent'],
    [{ group: 'cert-manager.io', version: 'v1', builtin: false }, 'Issuer', 'io.cert-manager.v1.Issuer'],
  ])('%j %s → %s', (r, kind, expected) => {
    expect(definitionName(r, kind)).toBe(expected);
  });

  it('builds operation id parts and tags like kube', () => {
    expect(toOperationIdPart('orgplane.io', true)).toBe('OrgplaneIo');
    expect(toOperationIdPart('v1alpha1', true)).toBe('V1alpha1');
    expect(operationTag('rbac.authorization.k8s.io', 'v1')).toBe('rbacAuthorization_v1');
    expect(operationTag('', 'v1')).toBe('core_v1');
  });
});
