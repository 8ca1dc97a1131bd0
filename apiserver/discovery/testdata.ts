/**
 * ResourceInfo fixtures for the discovery, OpenAPI and Table unit tests (not used at runtime).
 */
import type { ResourceInfo, Verb } from '../../api/resource.js';

const ALL_VERBS: Verb[] = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

export const agentResource: ResourceInfo = {
  group: 'orgplane.io',
  version: 'v1alpha1',
  kind: 'Agent',
  listKind: 'AgentList',
  plural: 'agents',
  singular: 'agent',
  shortNames: ['ag'],
  categories: ['all'],
  namespaced: true,
  verbs: ALL_VERBS,
  statusSubresource: true,
  printerColumns: [
    { name: 'Model', type: 'string', jsonPath: '.spec.model', priority: 1 },
    { name: 'Phase', type: 'string', jsonPath: '.status.phase' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ],
  schema: {
    type: 'object',
    description: 'Agent is an AI agent run by an organization.',
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: { type: 'object' },
      spec: {
        type: 'object',
        description: 'Desired state of the agent.',
        required: ['model'],
        properties: {
          model: { type: 'string', description: 'The model the agent runs.' },
          tools: { type: 'array', items: { type: 'string' }, description: 'Tool names.' },
          replicas: { type: 'integer', format: 'int32', nullable: true },
        },
      },
      status: {
        type: 'object',
        properties: {
          phase: { type: 'string', enum: ['Pending', 'Ready', 'Suspended'] },
          extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        },
      },
    },
  },
  builtin: false,
  strategicMergePatch: false,
  virtual: false,
};

export const organizationResource: ResourceInfo = {
  ...agentResource,
  kind: 'Organization',
  listKind: 'OrganizationList',
  plural: 'organizations',
  singular: 'organization',
  shortNames: ['org'],
  categories: [],
  namespaced: false,
  printerColumns: [],
  schema: undefined,
};

export const namespaceResource: ResourceInfo = {
  group: '',
  version: 'v1',
  kind: 'Namespace',
  listKind: 'NamespaceList',
  plural: 'namespaces',
  singular: 'namespace',
  shortNames: ['ns'],
  categories: [],
  namespaced: false,
  verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
  statusSubresource: true,
  printerColumns: [
    { name: 'Status', type: 'string', jsonPath: '.status.phase' },
    { name: 'Age', type: 'date', jsonPath: '.metadata.creationTimestamp' },
  ],
  schema: {
    type: 'object',
    properties: {
      spec: { type: 'object', properties: { finalizers: { type: 'array', items: { type: 'string' } } } },
    },
  },
  builtin: true,
  strategicMergePatch: true,
  virtual: false,
};

export const ssarResource: ResourceInfo = {
  group: 'authorization.k8s.io',
  version: 'v1',
  kind: 'SelfSubjectAccessReview',
  listKind: 'SelfSubjectAccessReviewList',
  plural: 'selfsubjectaccessreviews',
  singular: 'selfsubjectaccessreview',
  shortNames: [],
  categories: [],
  namespaced: false,
  verbs: ['create'],
  statusSubresource: false,
  printerColumns: [],
  schema: undefined,
  builtin: true,
  strategicMergePatch: true,
  virtual: true,
};

export const roleBindingResource: ResourceInfo = {
  group: 'rbac.authorization.k8s.io',
  version: 'v1',
  kind: 'RoleBinding',
  listKind: 'RoleBindingList',
  plural: 'rolebindings',
  singular: 'rolebinding',
  shortNames: [],
  categories: [],
  namespaced: true,
  verbs: ALL_VERBS,
  statusSubresource: false,
  printerColumns: [],
  schema: undefined,
  builtin: true,
  strategicMergePatch: true,
  virtual: false,
};

export const allResources: readonly ResourceInfo[] = [
  namespaceResource,
  agentResource,
  organizationResource,
  roleBindingResource,
  ssarResource,
];
