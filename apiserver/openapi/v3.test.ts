import { describe, expect, it } from '@jest/globals';
import {
  agentResource,
  allResources,
  namespaceResource,
  organizationResource,
  ssarResource,
} from '../discovery/testdata.js';
import { openAPIV3Document } from './v3.js';
import type { OpenAPIV3Document, V3Operation } from './types.js';

const AGENT_ITEM = '/apis/orgplane.io/v1alpha1/namespaces/{namespace}/agents/{name}';

/** Every `$ref` in a value. */
function refsIn(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) for (const v of value) refsIn(v, out);
  else if (typeof value === 'object' && value !== null) {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refsIn(v, out);
    }
  }
  return out;
}

/** What kubectl's query-param verifier does: every PATCH of the GVK must declare the parameter. */
function patchOpsFor(doc: OpenAPIV3Document, kind: string): V3Operation[] {
  return Object.values(doc.paths)
    .map((p) => p.patch)
    .filter((op): op is V3Operation => op?.['x-kubernetes-group-version-kind'].kind === kind);
}

describe('openAPIV3Document', () => {
  const doc = openAPIV3Document([agentResource, organizationResource]);

  it('declares fieldValidation (and dryRun, fieldManager, force) on every PATCH of each kind', () => {
    for (const kind of ['Agent', 'Organization']) {
      const ops = patchOpsFor(doc, kind);
      expect(ops).toHaveLength(2); // item and status
      for (const op of ops) {
        expect(op['x-kubernetes-group-version-kind']).toEqual({
          group: 'orgplane.io',
          version: 'v1alpha1',
          kind,
        });
        expect(op['x-kubernetes-action']).toBe('patch');
        const names = op.parameters?.filter((p) => p.in === 'query').map((p) => p.name);
        expect(names).toEqual(expect.arrayContaining(['fieldValidation', 'dryRun', 'fieldManager', 'force']));
      }
    }
  });

  it('offers json, merge and apply patches but not strategic merge on custom kinds', () => {
    const patch = doc.paths[AGENT_ITEM]?.patch;
    expect(Object.keys(patch?.requestBody?.content ?? {})).toEqual([
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/apply-patch+yaml',
    ]);
    expect(patch?.requestBody?.content['application/merge-patch+json']?.schema).toEqual({
      $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
    });
  });

  it('offers strategic merge patch on kinds that advertise it', () => {
    const core = openAPIV3Document([namespaceResource]);
    const patch = core.paths['/api/v1/namespaces/{name}']?.patch;
    expect(Object.keys(patch?.requestBody?.content ?? {})).toContain(
      'application/strategic-merge-patch+json',
    );
    expect(
      core.components.schemas['io.k8s.api.core.v1.Namespace']?.['x-kubernetes-group-version-kind'],
    ).toEqual([{ group: '', version: 'v1', kind: 'Namespace' }]);
  });

  it('publishes collection, cross-namespace, item and status paths', () => {
    expect(Object.keys(doc.paths)).toEqual([
      '/apis/orgplane.io/v1alpha1/agents',
      '/apis/orgplane.io/v1alpha1/namespaces/{namespace}/agents',
      AGENT_ITEM,
      `${AGENT_ITEM}/status`,
      '/apis/orgplane.io/v1alpha1/organizations',
      '/apis/orgplane.io/v1alpha1/organizations/{name}',
      '/apis/orgplane.io/v1alpha1/organizations/{name}/status',
    ]);
    expect(Object.keys(doc.paths[AGENT_ITEM] ?? {})).toEqual(['parameters', 'get', 'put', 'patch', 'delete']);
    expect(doc.paths[AGENT_ITEM]?.parameters?.map((p) => `${p.in}:${p.name}`)).toEqual([
      'path:namespace',
      'path:name',
      'query:pretty',
    ]);
  });

  it('names operations like kube', () => {
    expect(doc.paths).toMatchObject({
      '/apis/orgplane.io/v1alpha1/agents': {
        get: { operationId: 'listOrgplaneIoV1alpha1AgentForAllNamespaces' },
      },
      '/apis/orgplane.io/v1alpha1/namespaces/{namespace}/agents': {
        get: { operationId: 'listOrgplaneIoV1alpha1NamespacedAgent', tags: ['orgplaneIo_v1alpha1'] },
        post: {
          operationId: 'createOrgplaneIoV1alpha1NamespacedAgent',
          responses: {
            '201': {
              content: {
                'application/json': { schema: { $ref: '#/components/schemas/io.orgplane.v1alpha1.Agent' } },
              },
            },
          },
        },
        delete: {
          operationId: 'deleteOrgplaneIoV1alpha1CollectionNamespacedAgent',
          'x-kubernetes-action': 'deletecollection',
        },
      },
      [`${AGENT_ITEM}/status`]: { patch: { operationId: 'patchOrgplaneIoV1alpha1NamespacedAgentStatus' } },
    });
  });

  it('describes the kind for kubectl explain', () => {
    expect(doc.components.schemas['io.orgplane.v1alpha1.Agent']).toMatchObject({
      'x-kubernetes-group-version-kind': [{ group: 'orgplane.io', version: 'v1alpha1', kind: 'Agent' }],
      description: 'Agent is an AI agent run by an organization.',
      properties: {
        apiVersion: { type: 'string' },
        kind: { type: 'string' },
        metadata: {
          allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta' }],
        },
        spec: {
          required: ['model'],
          properties: { model: { description: 'The model the agent runs.' }, replicas: { nullable: true } },
        },
      },
    });
  });

  it('defines ObjectMeta in the same document', () => {
    expect(doc.components.schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']).toMatchObject({
      properties: {
        labels: { additionalProperties: { type: 'string' } },
        name: { type: 'string', description: expect.any(String) as unknown },
        creationTimestamp: {
          allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.Time' }],
        },
      },
    });
  });

  it('publishes a list schema per kind', () => {
    const list = doc.components.schemas['io.orgplane.v1alpha1.AgentList'];
    expect(list?.['x-kubernetes-group-version-kind']).toEqual([
      { group: 'orgplane.io', version: 'v1alpha1', kind: 'AgentList' },
    ]);
    expect(list?.required).toEqual(['items']);
    expect(list?.properties?.items?.items).toEqual({
      $ref: '#/components/schemas/io.orgplane.v1alpha1.Agent',
    });
  });

  it('keeps a kind without schema open to any field', () => {
    const org = doc.components.schemas['io.orgplane.v1alpha1.Organization'];
    expect(org?.['x-kubernetes-preserve-unknown-fields']).toBe(true);
    expect(Object.keys(org?.properties ?? {})).toEqual(['apiVersion', 'kind', 'metadata']);
  });

  it('resolves every $ref inside the document', () => {
    const all = openAPIV3Document(allResources);
    const refs = refsIn(all);
    expect(refs.length).toBeGreaterThan(10);
    for (const r of refs) {
      expect(r.startsWith('#/components/schemas/')).toBe(true);
      expect(all.components.schemas).toHaveProperty([r.slice('#/components/schemas/'.length)]);
    }
  });

  it('gives a virtual kind a create operation, and a PATCH declaring fieldValidation for kubectl', () => {
    const authz = openAPIV3Document([ssarResource]);
    const base = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';
    expect(Object.keys(authz.paths)).toEqual([base, `${base}/{name}`]);
    const item = authz.paths[base];
    expect(Object.keys(item ?? {})).toEqual(['parameters', 'post']);
    expect(item?.post?.operationId).toBe('createAuthorizationV1SelfSubjectAccessReview');
    const probe = authz.paths[`${base}/{name}`]?.patch;
    expect(probe?.description).toContain('not served');
    expect(probe?.['x-kubernetes-group-version-kind']).toEqual({
      group: 'authorization.k8s.io',
      version: 'v1',
      kind: 'SelfSubjectAccessReview',
    });
    expect(probe?.parameters?.map((p) => ('name' in p ? p.name : ''))).toContain('fieldValidation');
    expect(authz.components.schemas).toHaveProperty(['io.k8s.api.authorization.v1.SelfSubjectAccessReview']);
  });

  it('is deterministic', () => {
    expect(JSON.stringify(openAPIV3Document([organizationResource, agentResource]))).toBe(
      JSON.stringify(doc),
    );
  });
});
